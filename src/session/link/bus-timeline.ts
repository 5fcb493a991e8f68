/**
 * What the bus showed of one module over the last minutes: each appearance and disappearance
 * per USB identity (application, download), as spans. Bounded in time and count so a module
 * that loops all afternoon costs a few kilobytes. Pure data: the rescue and the connection
 * watcher fill it, the UI draws it, the journal keeps a copy in a note.
 */
export type BusIdentity = 'app' | 'download';

export interface BusSpan {
  readonly identity: BusIdentity;
  /** Clock ms of the appearance. */
  readonly from: number;
  /** Clock ms of the disappearance; null while still on the bus. */
  readonly to: number | null;
}

/** A copy to draw or store: the spans inside [start, end]. */
export interface BusTimelineData {
  readonly start: number;
  readonly end: number;
  readonly spans: readonly BusSpan[];
}

export interface BusTimelineOptions {
  /** How far back the picture reaches (default 5 min). */
  readonly horizonMs?: number;
  /** At most this many spans are kept, oldest out (default 200). */
  readonly maxSpans?: number;
}

export class BusTimeline {
  readonly #horizonMs: number;
  readonly #maxSpans: number;
  #spans: { identity: BusIdentity; from: number; to: number | null }[] = [];
  #firstAt: number | null = null;

  constructor(o: BusTimelineOptions = {}) {
    this.#horizonMs = o.horizonMs ?? 5 * 60_000;
    this.#maxSpans = o.maxSpans ?? 200;
  }

  get horizonMs(): number {
    return this.#horizonMs;
  }

  /** Starts the picture at `at` even before anything appears (the watch began then). */
  begin(at: number): void {
    this.#firstAt ??= at;
  }

  appeared(identity: BusIdentity, at: number): void {
    this.begin(at);
    // a second function of the same enumeration (several serial ports of one device) is one span
    if (this.#open(identity)) return;
    this.#spans.push({ identity, from: at, to: null });
    if (this.#spans.length > this.#maxSpans) this.#spans.splice(0, this.#spans.length - this.#maxSpans);
  }

  vanished(identity: BusIdentity, at: number): void {
    this.begin(at);
    const open = this.#open(identity);
    if (open) open.to = at;
  }

  /** Whether the identity is on the bus now. */
  isUp(identity: BusIdentity): boolean {
    return this.#open(identity) !== undefined;
  }

  /** The spans that reach into the last `horizonMs` before `now`. */
  data(now: number): BusTimelineData {
    const start = Math.max(this.#firstAt ?? now, now - this.#horizonMs);
    this.#spans = this.#spans.filter((s) => s.to === null || s.to >= now - this.#horizonMs);
    return { start, end: now, spans: this.#spans.map((s) => ({ identity: s.identity, from: Math.max(s.from, start), to: s.to })) };
  }

  #open(identity: BusIdentity) {
    for (let i = this.#spans.length - 1; i >= 0; i--) {
      const s = this.#spans[i]!;
      if (s.identity === identity) return s.to === null ? s : undefined;
    }
    return undefined;
  }
}

/** Counts and mean time up per identity: the figures of the text alternative and the journal note. */
export interface BusSummary {
  readonly identity: BusIdentity;
  readonly appearances: number;
  /** Mean time up of the spans that ended, ms; null when none ended. */
  readonly meanUpMs: number | null;
  readonly upNow: boolean;
}

export function summarizeBus(d: BusTimelineData): BusSummary[] {
  const out: BusSummary[] = [];
  for (const identity of ['app', 'download'] as const) {
    const spans = d.spans.filter((s) => s.identity === identity);
    if (!spans.length) continue;
    const ended = spans.filter((s): s is BusSpan & { to: number } => s.to !== null);
    const meanUpMs = ended.length ? ended.reduce((n, s) => n + (s.to - s.from), 0) / ended.length : null;
    out.push({ identity, appearances: spans.length, meanUpMs, upNow: spans.some((s) => s.to === null) });
  }
  return out;
}

/** The note a journal keeps: a fixed prefix and the data as JSON, times relative to the start (compact, no wall clock). */
export const BUS_NOTE_PREFIX = 'bus-timeline ';

export function busNote(d: BusTimelineData): string {
  const rel = d.spans.map((s) => [s.identity === 'app' ? 'a' : 'd', Math.round(s.from - d.start), s.to === null ? null : Math.round(s.to - d.start)]);
  return `${BUS_NOTE_PREFIX}${JSON.stringify({ ms: Math.round(d.end - d.start), s: rel })}`;
}

/** Reads a note written by busNote() back (null when it is another note or malformed). */
export function parseBusNote(text: string): BusTimelineData | null {
  if (!text.startsWith(BUS_NOTE_PREFIX)) return null;
  try {
    const v = JSON.parse(text.slice(BUS_NOTE_PREFIX.length)) as { ms?: unknown; s?: unknown };
    if (typeof v.ms !== 'number' || !Array.isArray(v.s)) return null;
    const spans: BusSpan[] = [];
    for (const row of v.s as unknown[]) {
      if (!Array.isArray(row) || (row[0] !== 'a' && row[0] !== 'd') || typeof row[1] !== 'number' || (row[2] !== null && typeof row[2] !== 'number')) return null;
      spans.push({ identity: row[0] === 'a' ? 'app' : 'download', from: row[1], to: row[2] as number | null });
    }
    return { start: 0, end: v.ms, spans };
  } catch {
    return null;
  }
}
