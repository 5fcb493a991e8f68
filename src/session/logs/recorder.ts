/**
 * The recorder: keeps the sessions being recorded in memory and writes what they append to
 * the store in batches (every `flushMs`, and at once when the page is hidden or unloaded), so
 * a crash, an unplug or a closed tab loses at most the last fraction of a second, and the
 * AT console never waits on IndexedDB.
 *
 * A session starts when a port is being opened (or a flow begins one) and ends on disconnect,
 * unless a flow holds it open across the modem's reset.
 */
import { Emitter } from '../../core/emitter.ts';
import type { Finding } from '../../knowledge/rules/types.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import { maskSecrets } from '../../codec/at/redact.ts';
import { storeFinding } from './findings.ts';
import { SecretScrubber } from './secret-scrubber.ts';
import { defaultLocks, heldJournalIds, journalLockName } from './journal-locks.ts';
import {
  EMPTY_DEVICE,
  type DeviceInfo,
  type Environment,
  type LogEvent,
  type LogEventBody,
  type RawChunk,
  type JournalMeta,
  type JournalOutcome,
  type ModemState,
  type StepStatus,
} from './schema.ts';
import type { Journal } from './journal.ts';
import { DEFAULT_RETENTION, LogStoreError, type JournalStore } from './store.ts';

export const DEFAULT_RAW_CAP_BYTES = 256 * 1024;
/** Appends kept in memory while the store cannot be written, before the oldest are dropped. */
const MAX_PENDING_EVENTS = 100_000;
/** A burst this large is written at once rather than at the next tick of the batch timer. */
const FLUSH_NOW_EVENTS = 5_000;
/** Small reads arrive a few bytes at a time: merge neighbours of the same direction. */
const RAW_MERGE_WINDOW_MS = 50;
const RAW_MERGE_MAX = 4096;

export interface RecorderOptions {
  readonly store: () => Promise<JournalStore>;
  readonly environment: () => Environment;
  readonly flushMs?: number;
  readonly rawCapBytes?: number;
  readonly now?: () => number;
  /** Web Locks: a held lock tells other tabs (and the next start) that a session is live. */
  readonly locks?: LockManager | null;
  readonly newId?: () => string;
}

export interface RecorderEvents extends Record<string, unknown> {
  /** A batch of this session reached the store. */
  written: { readonly id: string };
  /** Writing failed; the appends are kept and retried. */
  'write-failed': { readonly id: string; readonly error: LogStoreError };
  started: { readonly id: string };
  ended: { readonly id: string; readonly outcome: JournalOutcome };
  /** Sessions a dead page left in progress were marked interrupted. */
  recovered: { readonly ids: readonly string[] };
}

export class JournalRecorder {
  readonly events = new Emitter<RecorderEvents>();
  readonly #opts: Required<Omit<RecorderOptions, 'locks'>> & { locks: LockManager | null };
  readonly #live = new Map<string, LiveJournal>();
  #storePromise: Promise<JournalStore> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #chain: Promise<void> = Promise.resolve();
  #current: LiveJournal | null = null;
  #lastError: LogStoreError | null = null;
  #soon = false;

  constructor(options: RecorderOptions) {
    this.#opts = {
      flushMs: 250,
      rawCapBytes: DEFAULT_RAW_CAP_BYTES,
      now: () => Date.now(),
      newId: () => globalThis.crypto.randomUUID(),
      ...options,
      locks: options.locks === undefined ? defaultLocks() : options.locks,
    };
  }

  store(): Promise<JournalStore> {
    this.#storePromise ??= this.#opts.store().catch((e: unknown) => {
      this.#storePromise = null;
      throw e;
    });
    return this.#storePromise;
  }

  /** The session being recorded, if any. */
  get current(): Journal | null {
    return this.#current?.active ? this.#current : null;
  }

  /** Ids of sessions this page is recording (never deleted by retention or "delete all"). */
  get liveIds(): ReadonlySet<string> {
    return new Set(this.#live.keys());
  }

  get lastError(): LogStoreError | null {
    return this.#lastError;
  }

  /** Starts a session, or returns the current one if a session is being recorded. */
  begin(device: Partial<DeviceInfo> = {}): Journal {
    if (this.#current?.active) {
      // A modem is (being) attached again: a hold released from now on keeps the session open.
      this.#current.endWhenReleased = false;
      if (Object.keys(device).length) this.#current.device(device);
      return this.#current;
    }
    const now = this.#opts.now();
    const meta: JournalMeta = {
      id: this.#opts.newId(),
      startedAt: now,
      updatedAt: now,
      endedAt: null,
      origin: 'live',
      importedAt: null,
      outcome: 'in-progress',
      outcomeCode: null,
      flows: [],
      device: { ...EMPTY_DEVICE, ...device },
      environment: this.#opts.environment(),
      findings: [],
      counts: { events: 0, commands: 0, errors: 0 },
      raw: { keptBytes: 0, droppedBytes: 0, capBytes: this.#opts.rawCapBytes },
      sizeBytes: 0,
    };
    const s = new LiveJournal(this, meta, this.#opts.rawCapBytes);
    this.#live.set(meta.id, s);
    this.#current = s;
    this.#lock(s);
    this.events.emit('started', { id: meta.id });
    this.schedule();
    return s;
  }

  /**
   * Ends the current session unless a flow holds it. `connected` says whether a modem is still
   * attached (a held session ends when its last hold is released with no modem attached).
   */
  endCurrent(reason: { connected: boolean }): void {
    const s = this.#current;
    if (!s?.active) return;
    if (s.holds > 0) {
      s.endWhenReleased = !reason.connected;
      return;
    }
    this.#end(s);
  }

  /** Called by a session when its last hold is released. */
  released(s: LiveJournal): void {
    if (s.endWhenReleased && s.active) this.#end(s);
  }

  #end(s: LiveJournal, outcome?: JournalOutcome): void {
    s.finish(this.#opts.now(), outcome);
    if (this.#current === s) this.#current = null;
    this.events.emit('ended', { id: s.id, outcome: s.meta.outcome });
    void this.flush().then(async () => {
      this.#live.delete(s.id);
      s.unlock?.();
      try {
        await (await this.store()).enforceRetention(this.liveIds);
      } catch {
        // retention runs again after the next session; a failure here loses nothing.
      }
    });
  }

  /** Writes everything pending now. Resolves when the store has it (or the write failed). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#chain = this.#chain.then(() => this.#writeAll());
    return this.#chain;
  }

  /** Writes at the next turn of the event loop (a burst of appends), once. */
  flushSoon(): void {
    if (this.#soon) return;
    this.#soon = true;
    queueMicrotask(() => {
      this.#soon = false;
      void this.flush();
    });
  }

  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#opts.flushMs);
  }

  now(): number {
    return this.#opts.now();
  }

  /**
   * Sessions left `in-progress` by a page that died (no live lock) are marked `interrupted`,
   * ending at their last written event. Call once at start-up.
   */
  async recoverInterrupted(): Promise<string[]> {
    const store = await this.store();
    const held = await heldJournalIds(this.#opts.locks);
    const out: string[] = [];
    for (const m of await store.list()) {
      if (m.outcome !== 'in-progress' || this.#live.has(m.id)) continue;
      if (held ? held.has(m.id) : this.#opts.now() - m.updatedAt < 5 * 60_000) continue;
      await store.updateMeta(m.id, (x) => ({ ...x, outcome: 'interrupted', endedAt: x.updatedAt }));
      out.push(m.id);
    }
    if (out.length) this.events.emit('recovered', { ids: out });
    return out;
  }

  #lock(s: LiveJournal): void {
    const locks = this.#opts.locks;
    if (!locks) return;
    try {
      void locks
        .request(journalLockName(s.id), () => new Promise<void>((resolve) => (s.unlock = resolve)))
        .catch(() => undefined);
    } catch {
      // no locks in this context: recovery falls back to the age of the last write.
    }
  }

  async #writeAll(): Promise<void> {
    let store: JournalStore;
    try {
      store = await this.store();
    } catch (e) {
      this.#failed([...this.#live.values()], e instanceof LogStoreError ? e : new LogStoreError('unavailable', String(e)));
      return;
    }
    for (const s of [...this.#live.values()]) {
      const batch = s.takeBatch(this.#opts.now());
      if (!batch) continue;
      try {
        await store.write(batch);
        this.#lastError = null;
        this.events.emit('written', { id: s.id });
      } catch (e) {
        s.giveBack(batch);
        const err = e instanceof LogStoreError ? e : new LogStoreError('io', String(e));
        if (err.code === 'quota-exceeded') await store.enforceRetention(this.liveIds).catch(() => undefined);
        this.#failed([s], err);
      }
    }
  }

  #failed(sessions: LiveJournal[], error: LogStoreError): void {
    this.#lastError = error;
    for (const s of sessions) this.events.emit('write-failed', { id: s.id, error });
    // Retry later; the appends stay in memory (bounded).
    if (sessions.some((s) => s.hasPending)) {
      if (!this.#timer) this.#timer = setTimeout(() => ((this.#timer = null), void this.flush()), Math.max(this.#opts.flushMs, 2000));
    }
  }
}

interface Batch {
  readonly meta: JournalMeta;
  readonly events: LogEvent[];
  readonly raw: RawChunk[];
  readonly dropRawThrough: number | null;
  readonly eventBytes: number;
}

/** One session being recorded. Implements the Journal flows write to. */
class LiveJournal implements Journal {
  readonly #rec: JournalRecorder;
  readonly #rawCap: number;
  meta: JournalMeta;
  #seq = 0;
  #events: LogEvent[] = [];
  #raw: RawChunk[] = [];
  /** Raw chunks in the ring (written or pending), oldest first. */
  #ring: { seq: number; n: number }[] = [];
  #ringBytes = 0;
  #dropThrough: number | null = null;
  #eventBytes = 0;
  #explicitResult: { outcome: JournalOutcome; code: string | null } | null = null;
  #everConnected = false;
  #active = true;
  #metaDirty = true;
  readonly #scrubbers = { tx: new SecretScrubber(), rx: new SecretScrubber() };
  holds = 0;
  endWhenReleased = false;
  unlock: (() => void) | undefined;

  constructor(rec: JournalRecorder, meta: JournalMeta, rawCap: number) {
    this.#rec = rec;
    this.meta = meta;
    this.#rawCap = rawCap;
  }

  get id(): string {
    return this.meta.id;
  }

  get active(): boolean {
    return this.#active;
  }

  get hasPending(): boolean {
    return this.#events.length > 0 || this.#raw.length > 0 || this.#metaDirty;
  }

  append(input: LogEventBody): void {
    if (!this.#active) return;
    // Secrets typed into the modem (unlock passwords, PINs) never reach the store, in any event.
    const body = scrubSecrets(input);
    const event = { ...body, seq: this.#seq++, t: this.#rec.now() } as LogEvent;
    if (this.#events.length >= MAX_PENDING_EVENTS) this.#events.shift();
    this.#events.push(event);
    const c = this.meta.counts;
    this.meta = {
      ...this.meta,
      counts: {
        events: c.events + 1,
        commands: c.commands + (body.kind === 'at-command' ? 1 : 0),
        errors: c.errors + (body.kind === 'error' ? 1 : 0),
      },
    };
    if (body.kind === 'connection' && body.phase === 'connected') this.#everConnected = true;
    if (body.kind === 'flow-step' && !this.meta.flows.includes(body.flow)) this.meta = { ...this.meta, flows: [...this.meta.flows, body.flow] };
    if (body.kind === 'findings') {
      // findings made after a flow describe the new state: they are current again
      const fs = this.meta.flowState;
      this.meta = { ...this.meta, findings: body.findings, ...(fs ? { flowState: { ...fs, findingsBefore: false } } : {}) };
    }
    if (body.kind === 'result') this.#explicitResult = { outcome: body.outcome, code: body.code };
    if (body.kind === 'error') this.meta = { ...this.meta, outcomeCode: body.code };
    this.#metaDirty = true;
    if (this.#events.length >= FLUSH_NOW_EVENTS) this.#rec.flushSoon();
    else this.#rec.schedule();
  }

  step(flow: string, step: string, status: StepStatus, detail?: string): void {
    this.append({ kind: 'flow-step', flow, step, status, detail: detail ?? null });
  }

  error(source: string, code: string, message: string, detail?: string): void {
    this.append({ kind: 'error', source, code, message, detail: detail ?? null });
  }

  findings(findings: readonly Finding[]): void {
    this.append({ kind: 'findings', findings: findings.map(storeFinding) });
  }

  snapshot(s: ModemSnapshot): void {
    this.device({
      ...(s.identity?.manufacturer ? { manufacturer: s.identity.manufacturer } : {}),
      ...(s.identity?.model ? { model: s.identity.model } : {}),
      ...(s.firmware ? { firmware: s.firmware.full } : {}),
      ...(s.imei ? { imei: s.imei } : {}),
      ...(s.iccid ? { iccid: s.iccid } : {}),
      ...(s.imsi ? { imsi: s.imsi } : {}),
    });
  }

  flowState(flow: string, before: ModemState | null, after: ModemState): void {
    if (!this.#active) return;
    // the card shows what the modem runs now; the findings so far were made on the old state
    this.meta = {
      ...this.meta,
      device: after.firmware ? { ...this.meta.device, firmware: after.firmware } : this.meta.device,
      flowState: { flow, at: this.#rec.now(), before, after, findingsBefore: this.meta.findings.length > 0 },
    };
    this.#metaDirty = true;
    this.#rec.schedule();
  }

  device(patch: Partial<DeviceInfo>): void {
    if (!this.#active) return;
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.meta = { ...this.meta, device: { ...this.meta.device, ...clean } };
    this.#metaDirty = true;
    this.#rec.schedule();
  }

  raw(dir: 'tx' | 'rx', bytes: Uint8Array): void {
    if (!this.#active || bytes.length === 0) return;
    // Held back until its line is complete, so a secret split across reads is masked whole.
    const safe = this.#scrubbers[dir].push(bytes);
    if (safe.length) this.#storeRaw(dir, safe);
  }

  /** Releases scrubbed bytes that are only waiting for a line end that may never come. */
  #releaseHeld(all: boolean): void {
    for (const dir of ['tx', 'rx'] as const) {
      const s = this.#scrubbers[dir];
      if (all ? s.holding : s.releasable) this.#storeRaw(dir, s.flush());
    }
  }

  #storeRaw(dir: 'tx' | 'rx', bytes: Uint8Array): void {
    const data = bytes.length > this.#rawCap ? bytes.slice(bytes.length - this.#rawCap) : bytes.slice();
    let dropped = bytes.length - data.length;
    const t = this.#rec.now();
    const last = this.#raw[this.#raw.length - 1];
    const lastRing = this.#ring[this.#ring.length - 1];
    if (last && lastRing?.seq === last.seq && last.dir === dir && t - last.t <= RAW_MERGE_WINDOW_MS && last.bytes.length + data.length <= Math.min(RAW_MERGE_MAX, this.#rawCap)) {
      const merged = new Uint8Array(last.bytes.length + data.length);
      merged.set(last.bytes);
      merged.set(data, last.bytes.length);
      this.#raw[this.#raw.length - 1] = { ...last, bytes: merged };
      lastRing.n += data.length;
    } else {
      const chunk: RawChunk = { seq: this.#seq++, t, dir, bytes: data };
      this.#raw.push(chunk);
      this.#ring.push({ seq: chunk.seq, n: data.length });
    }
    this.#ringBytes += data.length;
    while (this.#ringBytes > this.#rawCap && this.#ring.length > 1) {
      const old = this.#ring.shift()!;
      this.#ringBytes -= old.n;
      dropped += old.n;
      const pending = this.#raw.findIndex((r) => r.seq === old.seq);
      if (pending >= 0) this.#raw.splice(pending, 1);
      else this.#dropThrough = Math.max(this.#dropThrough ?? -1, old.seq);
    }
    const r = this.meta.raw;
    this.meta = { ...this.meta, raw: { ...r, keptBytes: this.#ringBytes, droppedBytes: r.droppedBytes + dropped } };
    this.#metaDirty = true;
    this.#rec.schedule();
  }

  note(text: string): void {
    this.append({ kind: 'note', text });
  }

  result(outcome: Exclude<JournalOutcome, 'in-progress' | 'interrupted'>, code: string | null = null, message: string | null = null): void {
    this.append({ kind: 'result', outcome, code, message });
  }

  hold(): () => void {
    this.holds++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.holds--;
      if (this.holds === 0) this.#rec.released(this);
    };
  }

  finish(now: number, outcome?: JournalOutcome): void {
    if (!this.#active) return;
    this.#releaseHeld(true);
    this.meta = { ...this.meta, endedAt: now, outcome: outcome ?? this.#outcome(), outcomeCode: this.#explicitResult?.code ?? this.meta.outcomeCode };
    this.#metaDirty = true;
    this.#active = false;
  }

  #outcome(): JournalOutcome {
    if (this.#explicitResult) return this.#explicitResult.outcome;
    if (this.meta.counts.errors > 0 && !this.#everConnected) return 'failed';
    if (this.meta.counts.errors > 0 || this.meta.findings.some((f) => f.severity !== 'info')) return 'problems';
    return 'ok';
  }

  takeBatch(now: number): Batch | null {
    if (this.#active) this.#releaseHeld(false);
    if (!this.hasPending) return null;
    const events = this.#events;
    const raw = this.#raw;
    this.#events = [];
    this.#raw = [];
    let eventBytes = 0;
    for (const e of events) eventBytes += JSON.stringify(e).length;
    this.#eventBytes += eventBytes;
    this.meta = { ...this.meta, updatedAt: now, sizeBytes: this.#eventBytes + this.#ringBytes + 1024 };
    const batch: Batch = { meta: this.meta, events, raw, dropRawThrough: this.#dropThrough, eventBytes };
    this.#dropThrough = null;
    this.#metaDirty = false;
    return batch;
  }

  giveBack(b: Batch): void {
    this.#events = [...b.events, ...this.#events].slice(-MAX_PENDING_EVENTS);
    const stillInRing = new Set(this.#ring.map((r) => r.seq));
    this.#raw = [...b.raw.filter((r) => stillInRing.has(r.seq)), ...this.#raw];
    if (b.dropRawThrough !== null) this.#dropThrough = Math.max(this.#dropThrough ?? -1, b.dropRawThrough);
    this.#eventBytes -= b.eventBytes;
    this.#metaDirty = true;
  }
}

/** The event with every string passed through maskSecrets (unchanged events are not copied). */
function scrubSecrets<T>(v: T): T {
  if (typeof v === 'string') return maskSecrets(v) as T;
  if (Array.isArray(v)) {
    const out = v.map(scrubSecrets);
    return (out.some((x, i) => x !== v[i]) ? out : v) as T;
  }
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = scrubSecrets(x);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return (changed ? out : v) as T;
  }
  return v;
}

export { DEFAULT_RETENTION };
