/**
 * One way to write a date per language, everywhere in the app and its reports: "Dec 2, 2026,
 * 1:40:12 AM" and "2 déc. 2026, 01:40:12" (Intl's medium style for "en" and "fr-FR", the one the
 * session list always used). Each page choosing its own style gave two formats on one screen.
 */
import type { Locale } from '../../text/locale.ts';

const BCP47: Readonly<Record<Locale, string>> = { en: 'en', fr: 'fr-FR' };

export function formatDate(at: number | string | Date, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(BCP47[locale], { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(at));
}

export function formatDateAndTime(at: number | string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(BCP47[locale], { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(at));
}
