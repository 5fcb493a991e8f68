/**
 * Typed message catalogues. Each feature keeps its strings beside its components in a
 * `messages.ts` made with defineMessages(); the French table must have exactly the keys of the
 * English one, so a missing translation fails the typecheck, not a user.
 *
 * Placeholders: `{name}` is replaced by params.name (numbers are formatted for the locale).
 */
import { getLocale, type Locale } from './locale.svelte.ts';

export type Params = Readonly<Record<string, string | number>>;

/** Text that exists in every supported language (used by knowledge tables too). */
export type Localized = { readonly [L in Locale]: string };

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

export function interpolate(text: string, params: Params, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

export function formatNumber(n: number, locale: Locale = getLocale(), options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(n);
}

/** All catalogues created so far (the i18n test walks them). */
export function registeredCatalogues(): readonly Messages<string>[] {
  return registry;
}
