/**
 * A batch kept in IndexedDB as it progresses, so a reload or a crashed tab does not lose it:
 * which image (its SHA-256 — the bytes stay in the image library), the order, and every row
 * with its modem's identity, status, step, firmware before/after and durations.
 *
 * After a reload each row is one of three things (`fateOf`): finished (updated or failed — its
 * result stands and goes into the summary), interrupted (it was running; the step says where
 * the module was left: mid-write it waits in download mode and needs the rescue path), or never
 * started. The remaining rows continue on modems reconnected since, matched by IMEI/FSN —
 * never by port, which says nothing about which module is behind it (`matchRemaining`).
 */
import { IdbCurrentRecord, MemoryCurrentRecord, type CurrentRecordStore } from '../current-record.ts';
import type { FlowImageRef } from '../flows/flow-image.ts';
import type { Phase } from '../flows/phases.ts';
import type { ModemKey } from '../connection/modem-fleet.ts';
import type { FlowErrorCode } from '../flows/errors.ts';

export type BatchMode = 'sequential' | 'parallel';

/** What a row ended with: the flow's own error code, or why the batch could not run it. */
export type BatchResultCode =
  | 'ok'
  | FlowErrorCode
  | 'identity-mismatch'
  | 'locked'
  | 'not-connected'
  | 'image-refused'
  /** It already ran the image's firmware: skipped before anything was sent (the plan, batch-plan.ts). */
  | 'already-current'
  /** The write check refused this modem before the batch started (another product line, unknown line). */
  | 'refused'
  /** A reload stopped it mid-update and the modem was not reconnected when the batch continued. */
  | 'interrupted'
  /** A reload came before it started and the modem was not reconnected when the batch continued. */
  | 'not-reconnected';

/** `skipped`: the plan left it alone before the start (already current, or refused); nothing was sent to it. */
export type BatchRowStatus = 'queued' | 'running' | 'needs-reconnect' | 'ok' | 'failed' | 'skipped';

export interface BatchRow {
  readonly memberId: string;
  readonly key: ModemKey | null;
  readonly model: string | null;
  readonly imei: string | null;
  readonly fsn: string | null;
  readonly status: BatchRowStatus;
  readonly phase: Phase | null;
  /** Write progress 0–1 while flashing. */
  readonly progress: number | null;
  readonly beforeFirmware: string | null;
  readonly afterFirmware: string | null;
  readonly result: BatchResultCode | null;
  readonly message: string | null;
  /** Cautions accepted for the batch (e.g. carrier-differs, same-version). */
  readonly cautions: readonly string[];
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly durationMs: number | null;
  /** A reload interrupted this modem's update at this step; the row then ran again (or not). */
  readonly interruptedAt: { readonly phase: Phase | null; readonly progress: number | null } | null;
  /** Finished before the reload: carried into the continued batch as it was, not run again. */
  readonly earlier: boolean;
}

export interface BatchRecord {
  readonly format: 'boothold-batch';
  readonly version: 1;
  readonly id: string;
  /** What is known of the image without its bytes; `sha256` finds it in the library. */
  readonly image: FlowImageRef;
  readonly mode: BatchMode;
  readonly rows: readonly BatchRow[];
  readonly startedAt: number;
  readonly updatedAt: number;
}

export type BatchStore = CurrentRecordStore<BatchRecord>;

/** IndexedDB `boothold-batches`, store `batches`, key `current`; another version or shape is not offered. */
export class IdbBatchStore extends IdbCurrentRecord<BatchRecord> {
  constructor(name = 'boothold-batches') {
    super(name, 'batches', isBatchRecord);
  }
}

export class MemoryBatchStore extends MemoryCurrentRecord<BatchRecord> {}

/** A stored value of another version or shape is not offered for resuming. */
export function isBatchRecord(v: unknown): v is BatchRecord {
  const r = v as Partial<BatchRecord> | null;
  return !!r && r.format === 'boothold-batch' && r.version === 1 && Array.isArray(r.rows) && typeof r.image === 'object' && r.image !== null;
}

/** Steps after which the module is (probably) in download mode: only a rescue brings it back. */
const DOWNLOAD_MODE: ReadonlySet<Phase> = new Set<Phase>(['enter-download', 'wait-download', 'flash', 'tp1', 'catch']);
/** Steps after the write: the module restarts on the new firmware, not yet verified or restored. */
const WRITTEN: ReadonlySet<Phase> = new Set<Phase>(['wait-app', 'verify', 'restore']);

export type RowFate =
  | { readonly kind: 'finished'; readonly row: BatchRow }
  | {
      readonly kind: 'interrupted';
      readonly row: BatchRow;
      readonly phase: Phase | null;
      /** Interrupted mid-write (or on its way there): the module waits in download mode. */
      readonly downloadMode: boolean;
      /** The write had finished: the module runs the new firmware, unverified, settings not restored. */
      readonly written: boolean;
    }
  | { readonly kind: 'not-started'; readonly row: BatchRow };

export function fateOf(row: BatchRow): RowFate {
  switch (row.status) {
    case 'ok':
    case 'failed':
    case 'skipped':
      return { kind: 'finished', row };
    case 'queued':
      return { kind: 'not-started', row };
    case 'running':
    case 'needs-reconnect': {
      const phase = row.phase;
      return { kind: 'interrupted', row, phase, downloadMode: phase !== null && DOWNLOAD_MODE.has(phase), written: phase !== null && WRITTEN.has(phase) };
    }
  }
}

/** The rows a continuation runs again: interrupted and never started. */
export function remainingRows(record: BatchRecord): readonly BatchRow[] {
  return record.rows.filter((r) => fateOf(r).kind !== 'finished');
}

export interface ReconnectedModem {
  readonly memberId: string;
  readonly key: string | null;
  readonly connected: boolean;
}

/**
 * Which connected fleet member carries each remaining row's modem: row key → member id. By
 * identity (IMEI, else FSN) only; a member is given to one row at most.
 */
export function matchRemaining(record: BatchRecord, modems: readonly ReconnectedModem[]): ReadonlyMap<ModemKey, string> {
  const out = new Map<ModemKey, string>();
  const taken = new Set<string>();
  for (const row of remainingRows(record)) {
    if (!row.key || out.has(row.key)) continue;
    const m = modems.find((x) => x.connected && x.key === row.key && !taken.has(x.memberId));
    if (!m) continue;
    out.set(row.key, m.memberId);
    taken.add(m.memberId);
  }
  return out;
}

export interface BatchTally {
  readonly ok: number;
  readonly failed: number;
  readonly interrupted: number;
  readonly notStarted: number;
  readonly total: number;
}

export function tally(rows: readonly BatchRow[]): BatchTally {
  const fates = rows.map(fateOf);
  return {
    ok: rows.filter((r) => r.status === 'ok').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    interrupted: fates.filter((f) => f.kind === 'interrupted').length,
    notStarted: fates.filter((f) => f.kind === 'not-started').length,
    total: rows.length,
  };
}

/** The Web Lock a running batch holds for its whole run: its record is then not an interrupted one. */
export const BATCH_LOCK = 'boothold-batch';

/** Holds the batch lock until `done` settles (no Web Locks: nothing to hold). */
export function holdBatchLock(done: Promise<unknown>, locks: Pick<LockManager, 'request'> | null | undefined = globalThis.navigator?.locks): void {
  if (!locks) return;
  void locks.request(BATCH_LOCK, () => done.catch(() => undefined)).catch(() => undefined);
}

/** A batch is running in this or another tab of the app (its record is live, not interrupted). */
export async function batchRunning(locks: LockManager | undefined = globalThis.navigator?.locks): Promise<boolean> {
  if (!locks) return false;
  try {
    const q = await locks.query();
    return (q.held ?? []).some((l) => l.name === BATCH_LOCK);
  } catch {
    return false;
  }
}
