/**
 * Session search: every word typed must appear in what is known of a session (IMEI, ICCID,
 * model, firmware, result in both languages and as a code, dates in several forms, flows).
 */
import { LOCALES, type Locale } from '../../text/locale.ts';
import type { JournalMeta } from '../../session/logs/schema.ts';
import { outcomeLabel } from './describe.ts';
import { dateSearchForms } from './format.ts';

export function searchText(m: JournalMeta, locale: Locale): string {
  const d = m.device;
  return [
    d.model,
    d.manufacturer,
    d.firmware,
    d.imei,
    d.iccid,
    d.imsi,
    d.port,
    m.outcome,
    m.outcomeCode,
    ...LOCALES.map((l) => outcomeLabel(m.outcome, l)),
    ...dateSearchForms(m.startedAt, locale),
    ...m.flows,
    ...m.findings.map((f) => f.id),
    m.origin,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

export function matchesSearch(m: JournalMeta, query: string, locale: Locale): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = searchText(m, locale);
  return words.every((w) => hay.includes(w));
}
