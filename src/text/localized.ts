/**
 * Text that exists in every supported language, as the knowledge tables and stored findings
 * carry it. Written with `l(en, fr)`, whose parameters follow LOCALES, so a table of hundreds of
 * entries stays readable; the mapped type makes a missing language a type error.
 */
import type { Locale } from './locale.ts';

export type Localized = { readonly [L in Locale]: string };

export function l(en: string, fr: string): Localized {
  return { en, fr };
}
