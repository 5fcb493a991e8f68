/**
 * The batch in the operator's language: result labels, step names, dates, and the CSV layout
 * for their spreadsheet (English: the stable comma-separated layout scripts read; French:
 * semicolons, since the comma is the decimal mark there, with localised headers, numbers and dates).
 */
import { DEFAULT_CSV, type CsvDialect } from '../../session/fleet/batch-summary.ts';
import type { Phase } from '../../session/flows/phases.ts';
import type { Locale } from '../../text/locale.ts';
import { getLocale } from '../i18n/locale.svelte.ts';
import { failureMessages, flowMessages } from '../flows/messages.ts';
import { fleetMessages as m } from './messages.ts';
import { formatDateAndTime } from '../i18n/dates.ts';

type ResultKey = Extract<Parameters<typeof m.t>[0], `result_${string}`>;

/** A short label for a row's result code (falls back to the code itself). */
export function resultLabel(code: string | null): string {
  const key = `result_${code ?? 'not-run'}`;
  return key in m.tables.en ? m.t(key as ResultKey) : (code ?? '');
}

/** What the result means, in words (the flow's own explanation for its failures). */
export function resultExplanation(code: string | null): string | null {
  if (!code || code === 'ok') return null;
  return code in failureMessages.tables.en ? failureMessages.t(code as Parameters<typeof failureMessages.t>[0]) : null;
}

export function phaseLabel(phase: Phase | null): string {
  return flowMessages.t(`phase_${phase ?? 'start'}`);
}

const BCP47: Readonly<Record<Locale, string>> = { en: 'en-GB', fr: 'fr-FR' };

export function formatDateTime(at: number | string | null, locale: Locale = getLocale()): string {
  if (at === null) return '';
  return formatDateAndTime(at, locale);
}

/**
 * A date in the CSV is for the spreadsheet, not for reading: a French spreadsheet takes
 * "02/12/2026 03:05:58" as a date and "2 déc. 2026, 03:05:58" as text, so the file keeps the
 * short numeric form while the page uses the app's one display format.
 */
function spreadsheetDateTime(at: number | string, locale: Locale): string {
  return new Intl.DateTimeFormat(BCP47[locale], { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(at));
}

/** The CSV layout for the active language. */
export function csvDialect(locale: Locale = getLocale()): CsvDialect {
  if (locale === 'en') return DEFAULT_CSV;
  const seconds = new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits: 1, useGrouping: false });
  return {
    separator: ';',
    columns: [
      { header: m.t('csv_model'), cell: (r) => r.model },
      { header: m.t('csv_imei'), cell: (r) => r.imei },
      { header: m.t('csv_fsn'), cell: (r) => r.fsn },
      { header: m.t('csv_before'), cell: (r) => r.beforeFirmware },
      { header: m.t('csv_after'), cell: (r) => r.afterFirmware },
      { header: m.t('csv_result'), cell: (r) => resultLabel(r.result) },
      { header: m.t('csv_code'), cell: (r) => r.result },
      { header: m.t('csv_duration'), cell: (r) => (r.durationMs === null ? null : seconds.format(r.durationMs / 1000)) },
      { header: m.t('csv_started'), cell: (r) => (r.startedAt === null ? null : spreadsheetDateTime(r.startedAt, locale)) },
      { header: m.t('csv_message'), cell: (r) => resultExplanation(r.result) },
      { header: m.t('csv_detail'), cell: (r) => r.message },
      // The file says whether its IMEIs and FSNs are masked (the default) or were asked for in full.
      { header: m.t('csv_identifiers'), cell: (r) => m.t(r.identifiers === 'included' ? 'csv_identifiersIncluded' : 'csv_identifiersMasked') },
    ],
  };
}
