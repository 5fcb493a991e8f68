/**
 * The batch's record for the operator's files: one row per modem with its identity, the
 * firmware before and after, the result code and how long it took — as CSV (spreadsheets) and
 * JSON (scripts). Files leave the machine, so IMEIs, FSNs and identifiers in messages are masked
 * (Boothold's one style) unless the operator explicitly asks for them, and the file says which.
 */
import { maskFsn, maskImei, redactText } from '../../codec/at/redact.ts';
import type { BatchMode, BatchRow } from './batch-update.ts';

/** Whether a summary file carries identifiers in full (asked for) or masked (the default). */
export type IdentifierChoice = 'masked' | 'included';

export interface SummaryExportOptions {
  /** Keep IMEIs and FSNs in full: the operator asked for an inventory file. */
  readonly includeIdentifiers?: boolean;
}

export interface BatchSummary {
  readonly format: 'boothold-batch-summary';
  readonly version: 1;
  readonly image: { readonly name: string; readonly sha256: string | null; readonly firmware: string | null; readonly carrier: string | null };
  readonly mode: BatchMode;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** `skipped`: left alone by the plan (already on the image's firmware, or refused before the start). */
  readonly counts: { readonly ok: number; readonly failed: number; readonly skipped: number; readonly total: number };
  readonly modems: readonly SummaryRow[];
  /** Set on a summary prepared for a file: what was done with the identifiers. */
  readonly identifiers?: IdentifierChoice;
}

export interface SummaryRow {
  readonly model: string | null;
  readonly imei: string | null;
  readonly fsn: string | null;
  readonly beforeFirmware: string | null;
  readonly afterFirmware: string | null;
  readonly result: string;
  readonly message: string | null;
  readonly durationMs: number | null;
  /** ISO 8601; null when the row never started. */
  readonly startedAt: string | null;
  /** The step a reload interrupted this modem's update at (it then ran again, or not). */
  readonly interruptedAt: string | null;
  /** Finished before a reload and carried into the continued batch. */
  readonly beforeReload: boolean;
  /** Set on rows prepared for a file (a CSV has no header block to say it once). */
  readonly identifiers?: IdentifierChoice;
}

export function summarize(rows: readonly BatchRow[], image: BatchSummary['image'], mode: BatchMode): BatchSummary {
  const starts = rows.map((r) => r.startedAt).filter((t): t is number => t !== null);
  const ends = rows.map((r) => r.endedAt).filter((t): t is number => t !== null);
  return {
    format: 'boothold-batch-summary',
    version: 1,
    image,
    mode,
    startedAt: starts.length ? new Date(Math.min(...starts)).toISOString() : null,
    endedAt: ends.length ? new Date(Math.max(...ends)).toISOString() : null,
    counts: {
      ok: rows.filter((r) => r.result === 'ok').length,
      failed: rows.filter((r) => r.result !== null && r.result !== 'ok' && r.status !== 'skipped').length,
      skipped: rows.filter((r) => r.status === 'skipped').length,
      total: rows.length,
    },
    modems: rows.map((r) => {
      // a record read back after a reload still has rows that were running when it stopped
      const stopped = r.result === null && (r.status === 'running' || r.status === 'needs-reconnect');
      return {
        model: r.model,
        imei: r.imei,
        fsn: r.fsn,
        beforeFirmware: r.beforeFirmware,
        afterFirmware: r.afterFirmware,
        result: r.result ?? (stopped ? 'interrupted' : 'not-run'),
        message: r.message,
        durationMs: r.durationMs,
        startedAt: r.startedAt === null ? null : new Date(r.startedAt).toISOString(),
        interruptedAt: r.interruptedAt ? (r.interruptedAt.phase ?? 'start') : stopped ? (r.phase ?? 'start') : null,
        beforeReload: r.earlier,
      };
    }),
  };
}

/** The summary as it goes into a file: identifiers masked unless asked for, the choice recorded. */
export function forExport(s: BatchSummary, o: SummaryExportOptions = {}): BatchSummary {
  const identifiers: IdentifierChoice = o.includeIdentifiers ? 'included' : 'masked';
  const rows = s.modems.map((r) =>
    o.includeIdentifiers
      ? { ...r, identifiers }
      : {
          ...r,
          imei: r.imei === null ? null : maskImei(r.imei),
          fsn: r.fsn === null ? null : maskFsn(r.fsn),
          message: r.message === null ? null : redactText(r.message, [...(r.imei ? [{ value: r.imei, mask: maskImei }] : []), ...(r.fsn ? [{ value: r.fsn, mask: maskFsn }] : [])]),
          identifiers,
        },
  );
  return { ...s, modems: rows, identifiers };
}

export function summaryJson(s: BatchSummary, o: SummaryExportOptions = {}): string {
  return `${JSON.stringify(forExport(s, o), null, 2)}\n`;
}

/**
 * How a CSV is written for a spreadsheet: the separator (`;` where the comma is the decimal
 * mark), and each column's header and cell. The default is the stable, English, script-friendly
 * layout; the UI builds one for the operator's language (localised headers, numbers, dates).
 */
export interface CsvDialect {
  readonly separator: ',' | ';';
  readonly columns: readonly { readonly header: string; readonly cell: (r: SummaryRow) => string | null }[];
}

export const DEFAULT_CSV: CsvDialect = {
  separator: ',',
  columns: [
    { header: 'model', cell: (r) => r.model },
    { header: 'imei', cell: (r) => r.imei },
    { header: 'fsn', cell: (r) => r.fsn },
    { header: 'before_firmware', cell: (r) => r.beforeFirmware },
    { header: 'after_firmware', cell: (r) => r.afterFirmware },
    { header: 'result', cell: (r) => r.result },
    { header: 'duration_ms', cell: (r) => (r.durationMs === null ? null : String(Math.round(r.durationMs))) },
    { header: 'message', cell: (r) => r.message },
    { header: 'identifiers', cell: (r) => r.identifiers ?? 'masked' },
  ],
};

/** RFC 4180: CRLF line ends, fields quoted when they hold the separator, a quote or a line break. */
export function summaryCsv(s: BatchSummary, dialect: CsvDialect = DEFAULT_CSV, o: SummaryExportOptions = {}): string {
  const sep = dialect.separator;
  const lines = [dialect.columns.map((c) => csvField(c.header, sep)).join(sep)];
  for (const r of forExport(s, o).modems) lines.push(dialect.columns.map((c) => csvField(c.cell(r), sep)).join(sep));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(v: string | null, sep: ',' | ';'): string {
  if (v === null) return '';
  // a leading = + - @ would be run as a formula by spreadsheets
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /["\r\n]/.test(safe) || safe.includes(sep) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** File name for the exports, e.g. `boothold-batch-2026-11-25T23-40-12.csv`. */
export function summaryFileName(s: BatchSummary, ext: 'csv' | 'json'): string {
  const at = (s.startedAt ?? new Date().toISOString()).replace(/\..*$/, '').replace(/:/g, '-');
  return `boothold-batch-${at}.${ext}`;
}
