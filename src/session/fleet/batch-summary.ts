/**
 * The batch's record for the operator's files: one row per modem with its identity, the
 * firmware before and after, the result code and how long it took — as CSV (spreadsheets) and
 * JSON (scripts). Full IMEIs: this is the inventory, unlike the screen where they are masked.
 */
import type { BatchMode, BatchRow } from './batch-update.ts';

export interface BatchSummary {
  readonly format: 'boothold-batch-summary';
  readonly version: 1;
  readonly image: { readonly name: string; readonly sha256: string | null; readonly firmware: string | null; readonly carrier: string | null };
  readonly mode: BatchMode;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly counts: { readonly ok: number; readonly failed: number; readonly total: number };
  readonly modems: readonly SummaryRow[];
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
    counts: { ok: rows.filter((r) => r.result === 'ok').length, failed: rows.filter((r) => r.result !== null && r.result !== 'ok').length, total: rows.length },
    modems: rows.map((r) => ({
      model: r.model,
      imei: r.imei,
      fsn: r.fsn,
      beforeFirmware: r.beforeFirmware,
      afterFirmware: r.afterFirmware,
      result: r.result ?? 'not-run',
      message: r.message,
      durationMs: r.durationMs,
    })),
  };
}

export function summaryJson(s: BatchSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

const COLUMNS = ['model', 'imei', 'fsn', 'before_firmware', 'after_firmware', 'result', 'duration_ms', 'message'] as const;

/** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function summaryCsv(s: BatchSummary): string {
  const lines = [COLUMNS.join(',')];
  for (const r of s.modems) {
    lines.push([r.model, r.imei, r.fsn, r.beforeFirmware, r.afterFirmware, r.result, r.durationMs === null ? null : String(Math.round(r.durationMs)), r.message].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(v: string | null): string {
  if (v === null) return '';
  // a leading = + - @ would be run as a formula by spreadsheets
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** File name for the exports, e.g. `boothold-batch-2026-11-25T23-40-12.csv`. */
export function summaryFileName(s: BatchSummary, ext: 'csv' | 'json'): string {
  const at = (s.startedAt ?? new Date().toISOString()).replace(/\..*$/, '').replace(/:/g, '-');
  return `boothold-batch-${at}.${ext}`;
}
