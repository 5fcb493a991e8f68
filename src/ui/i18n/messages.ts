/**
 * Typed message catalogues. Each feature keeps its strings beside its components in a
 * `messages.ts` made with defineMessages(); the French table must have exactly the keys of the
 * English one, so a missing translation fails the typecheck, not a user.
 *
 * Placeholders: `{name}` is replaced by params.name (numbers are formatted for the locale).
 * The vocabulary itself (Locale, Localized, interpolate) is src/text's; this module adds what needs
 * the active language: catalogues, `loc` and number formatting by default in that language.
 */
import type { Locale } from '../../text/locale.ts';
import type { Localized } from '../../text/localized.ts';
import { formatNumber as formatIn, interpolate, type Params } from '../../text/interpolate.ts';
import { getLocale } from './locale.svelte.ts';

export interface Messages<K extends string> {
  t(key: K, params?: Params): string;
  readonly tables: { readonly [L in Locale]: Readonly<Record<K, string>> };
}

const registry: Messages<string>[] = [];

export function defineMessages<const E extends Record<string, string>>(tables: {
  en: E;
  fr: { readonly [K in keyof E]: string };
}): Messages<Extract<keyof E, string>> {
  const m: Messages<Extract<keyof E, string>> = {
    tables: tables as Messages<Extract<keyof E, string>>['tables'],
    t(key, params) {
      const text = m.tables[getLocale()][key] ?? m.tables.en[key] ?? key;
      return params ? interpolate(text, params, getLocale()) : text;
    },
  };
  registry.push(m as unknown as Messages<string>);
  return m;
}

/** Picks the active language's text of a Localized value (knowledge tables, findings). */
export function loc(text: Localized, params?: Params): string {
  const s = text[getLocale()];
  return params ? interpolate(s, params, getLocale()) : s;
}

/** A number in the active language unless told otherwise (components call it while rendering). */
export function formatNumber(n: number, locale: Locale = getLocale(), options?: Intl.NumberFormatOptions): string {
  return formatIn(n, locale, options);
}

/** All catalogues created so far (the i18n test walks them). */
export function registeredCatalogues(): readonly Messages<string>[] {
  return registry;
}
