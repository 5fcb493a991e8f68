/**
 * Singular or plural for a count in the active language: French puts 0 and 1 in the singular
 * ("0 modem"), English only 1. Catalogues keep one key per form; the component picks.
 */
import { getLocale } from './locale.svelte.ts';

export function isSingular(n: number): boolean {
  return new Intl.PluralRules(getLocale()).select(n) === 'one';
}
