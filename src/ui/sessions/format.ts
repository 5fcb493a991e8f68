/**
 * Dates, sizes and durations in the reader's language (Intl): "25 nov. 2026, 22:31:04",
 * "1,2 Mo", "1 min 5 s".
 */
import { interpolate, type Params } from '../../text/interpolate.ts';
import type { Locale } from '../../text/locale.ts';
import { sessionsMessages, type SessionsKey } from './messages.ts';
import { formatDateAndTime } from '../i18n/dates.ts';

/** A catalogue string in a given language (reports are written in one language, whatever the UI's). */
export function tr(locale: Locale, key: SessionsKey, params?: Params): string {
  const text = sessionsMessages.tables[locale][key];
  return params ? interpolate(text, params, locale) : text;
}

export function formatDateTime(ms: number, locale: Locale): string {
  return formatDateAndTime(ms, locale);
}

export function formatTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 }).format(ms);
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** Binary multiples, as the retention limit is set ("50 MB" is 50 × 1024 × 1024 bytes), named kB/MB (ko/Mo). */
export function formatBytes(n: number, locale: Locale): string {
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[i], unitDisplay: i === 0 ? 'long' : 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}

export function formatDuration(ms: number, locale: Locale): string {
  const unit = (value: number, u: 'second' | 'minute' | 'hour', digits = 0) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  if (ms < 60_000) return unit(ms / 1000, 'second', ms < 10_000 ? 1 : 0);
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h ? unit(h, 'hour') : '', unit(m, 'minute'), sec ? unit(sec, 'second') : ''].filter(Boolean).join(' ');
}

/** Every date form a user might type to find a session: "25/11/2026", "2026-11-25", "25 nov. 2026". */
export function dateSearchForms(ms: number, locale: Locale): string[] {
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  return [
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
    new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(d),
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d),
    new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(d),
  ];
}
