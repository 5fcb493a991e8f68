/**
 * Placeholders in user-facing text: `{name}` is replaced by params.name, numbers formatted for the
 * language they are shown in. Pure, so the CLI, the reports and the UI fill text the same way.
 */
import type { Locale } from './locale.ts';

export type Params = Readonly<Record<string, string | number>>;

export function interpolate(text: string, params: Params, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

export function formatNumber(n: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(n);
}
