/**
 * The JSON export: one file per session, versioned (`boothold.session-log` v1), redacted by
 * default. The importer reads exactly this shape back.
 */
import { toBase64 } from './base64.ts';
import { redactJournal } from './redaction.ts';
import { SCHEMA_ID, SCHEMA_VERSION, type JournalData, type JournalExport } from './schema.ts';

export interface ExportOptions {
  /** Keep IMEI/ICCID/IMSI/phone numbers in clear (the user opted out of redaction). */
  readonly includeIdentifiers?: boolean;
  readonly appVersion: string;
  readonly now?: () => number;
}

export function toExport(data: JournalData, options: ExportOptions): JournalExport {
  const d = options.includeIdentifiers ? data : redactJournal(data);
  // A session imported masked stays masked whatever is asked: the file says what it holds.
  const masked = !options.includeIdentifiers || data.meta.identifiersMasked === true;
  return {
    schema: SCHEMA_ID,
    version: SCHEMA_VERSION,
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
    exportedBy: { app: 'Boothold', version: options.appVersion },
    redacted: masked,
    identifiers: masked ? 'masked' : 'included',
    session: d.meta,
    events: d.events,
    raw: d.raw.map((r) => ({ seq: r.seq, t: r.t, dir: r.dir, data: toBase64(r.bytes) })),
  };
}

export function exportJson(data: JournalData, options: ExportOptions): string {
  return JSON.stringify(toExport(data, options), null, 1);
}

/** `boothold-session-2026-11-25-2231-RC7620-1.json`: sortable, says what it is. */
export function exportFileName(data: JournalData, ext: 'json' | 'html' | 'txt'): string {
  const d = new Date(data.meta.startedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
  const model = (data.meta.device.model ?? 'modem').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `boothold-session-${stamp}-${model}.${ext}`;
}
