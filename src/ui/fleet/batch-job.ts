/**
 * A batch as the app's one job (ui/job): its modems are the stages, the one(s) updating now say
 * what they do, and the bytes are those of the modems writing at this moment — their share of
 * the image, from each row's progress — with a rate measured here (the rows carry no rate).
 */
import type { BatchRow } from '../../session/fleet/batch-record.ts';
import { maskIdentifier } from '../../session/connection/modem-fleet.ts';
import type { JobOutcome, JobTransfer } from '../job/job-format.ts';
import type { JobReading, JobSource } from '../job/job.svelte.ts';
import { jobMessages as jm } from '../job/messages.ts';
import { phaseLabel } from './format.ts';
import { fleetMessages as m } from './messages.ts';

const ACTIVE: ReadonlySet<BatchRow['status']> = new Set(['running', 'needs-reconnect']);

/** Bytes written over the last few seconds, for a rate and a time left. */
export class RateMeter {
  #samples: { at: number; bytes: number }[] = [];
  constructor(private readonly windowMs = 4_000) {}

  /** Returns bytes per second, null until two samples span some time (or after the bytes went back). */
  add(at: number, bytes: number): number | null {
    const last = this.#samples.at(-1);
    if (last && bytes < last.bytes) this.#samples = [];
    if (!last || last.at !== at) this.#samples.push({ at, bytes });
    while (this.#samples.length > 2 && at - this.#samples[0]!.at > this.windowMs) this.#samples.shift();
    const first = this.#samples[0]!;
    const span = (at - first.at) / 1000;
    return span > 0.25 && bytes > first.bytes ? (bytes - first.bytes) / span : null;
  }
}

function modemName(r: BatchRow): string {
  return `${r.model ?? '?'} ${maskIdentifier(r.imei ?? r.fsn) ?? ''}`.trim();
}

export function batchJobSource(o: { rows: () => readonly BatchRow[]; imageName: string; imageSize: number; stop: () => void; now?: () => number }): JobSource {
  const meter = new RateMeter();
  const now = o.now ?? (() => performance.now());
  return {
    kind: 'batch',
    read(): JobReading {
      const rows = o.rows();
      const active = rows.filter((r) => ACTIVE.has(r.status));
      const writing = active.filter((r) => r.phase === 'flash' && r.status === 'running' && r.progress !== null);
      let transfer: JobTransfer | null = null;
      if (writing.length && o.imageSize > 0) {
        const bytesTotal = o.imageSize * writing.length;
        const bytesDone = Math.round(writing.reduce((n, r) => n + (r.progress ?? 0) * o.imageSize, 0));
        const rate = meter.add(now(), bytesDone);
        transfer = { bytesDone, bytesTotal, bytesPerSecond: rate, etaSeconds: rate ? (bytesTotal - bytesDone) / rate : null };
      }
      const first = active[0] ?? null;
      const what = (r: BatchRow) => (r.status === 'needs-reconnect' ? m.t('row_needs-reconnect') : phaseLabel(r.phase));
      const doing =
        active.length > 1
          ? jm.t('batchDoingMany', { running: active.length, what: [...new Set(active.map(what))].join(', ') })
          : first
            ? jm.t('batchDoing', { n: rows.indexOf(first) + 1, total: rows.length, what: `${modemName(first)} — ${what(first)}` })
            : m.t('row_queued');
      return {
        title: jm.t('titleOn', { kind: jm.t('kind_batch'), module: o.imageName }),
        status: jm.t('statusBatch', { running: active.length, total: rows.length }),
        short: jm.t(writing.length ? 'short_writing' : active.some((r) => r.status === 'needs-reconnect') ? 'short_your-turn' : 'short_working'),
        stages: rows.map(modemName),
        stage: first ? rows.indexOf(first) : -1,
        doing,
        transfer,
        handsOff: writing.length > 0,
        asksUser: active.some((r) => r.status === 'needs-reconnect'),
        stop: { label: jm.t('stop_batch'), run: o.stop },
      };
    },
  };
}

/** All updated (or skipped as already current): done; any failure: failed. */
export function batchOutcome(rows: readonly BatchRow[], cancelled: boolean): JobOutcome {
  if (cancelled) return 'stopped';
  return rows.some((r) => r.status === 'failed') ? 'failed' : 'done';
}
