/**
 * What the module is doing, named from what the bus shows of it: which identity is up
 * (application or download), for how long, how often it came and went, and what the app itself
 * asked of it (a reset, the switch to download mode, a write). A small pure state machine over
 * bus events and the app's expectations, on the flow clock's times; the UI words each state and
 * the flows take their next step from it.
 *
 *   application   the AT identity is up
 *   download      the download identity is up (the write can start)
 *   held-in-tp1   download mode again after a write, when the application was expected (TP1 still held)
 *                 (the user's word that TP1 is held at power-on also names it download: the device
 *                 needs a grant before the bus watch can see it, and a boot loop it no longer is)
 *   resetting     gone because the app asked for it (AT!RESET, AT!BOOTHOLD, the end of a write): expected
 *   looping       short appearances again and again (at-knowledge §0: up 1–3 s, down 10–15 s)
 *   gone          left the bus, not asked to (`upMs`: how long it had been up — short looks like a crash)
 *   unknown       nothing seen yet
 */
import type { BusIdentity } from './bus-timeline.ts';

export type ModuleState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'application'; readonly since: number }
  | { readonly kind: 'download'; readonly since: number }
  | { readonly kind: 'held-in-tp1'; readonly since: number }
  | { readonly kind: 'resetting'; readonly since: number; readonly why: ExpectedExit }
  | { readonly kind: 'looping'; readonly since: number; readonly seen: number; readonly meanUpMs: number | null }
  | { readonly kind: 'gone'; readonly since: number; readonly upMs: number | null };

/** Why the app expects the module to leave the bus. */
export type ExpectedExit = 'reset' | 'boothold' | 'write';

export type ModuleEvent =
  | { readonly type: 'appeared'; readonly identity: BusIdentity; readonly at: number }
  | { readonly type: 'vanished'; readonly identity: BusIdentity; readonly at: number }
  /** The app sent something that makes the module leave the bus (within `withinMs`). */
  | { readonly type: 'expect-exit'; readonly why: ExpectedExit; readonly at: number }
  /** The user said TP1 is held (the guide's "I held TP1"). */
  | { readonly type: 'tp1'; readonly at: number };

export interface ModuleStateOptions {
  /** Appearances this short count toward a loop (default 8 s). */
  readonly shortUpMs?: number;
  /** Short appearances in `windowMs` that make a loop (default 2). */
  readonly loopCycles?: number;
  readonly windowMs?: number;
  /** How long an announced exit stays expected (default 20 s). */
  readonly exitWithinMs?: number;
  /** How long a reset may keep the module away before it counts as gone (default 60 s). */
  readonly resetMaxMs?: number;
  /** An exit announced this soon after the module left still counts as expected (default 10 s). */
  readonly lateNoticeMs?: number;
}

export class ModuleStateMachine {
  readonly #o: Required<ModuleStateOptions>;
  #state: ModuleState = { kind: 'unknown' };
  #upSince: Partial<Record<BusIdentity, number>> = {};
  /** Short appearances of the application identity: [appearedAt, vanishedAt]. */
  #short: [number, number][] = [];
  #expect: { why: ExpectedExit; at: number } | null = null;
  /** When an identity last left the bus (a late notice of an asked-for exit refers to it). */
  #lastGoneAt: number | null = null;
  /** A write ended: the next identity should be the application. */
  #afterWrite = false;

  constructor(o: ModuleStateOptions = {}) {
    this.#o = { shortUpMs: o.shortUpMs ?? 8_000, loopCycles: o.loopCycles ?? 2, windowMs: o.windowMs ?? 60_000, exitWithinMs: o.exitWithinMs ?? 20_000, resetMaxMs: o.resetMaxMs ?? 60_000, lateNoticeMs: o.lateNoticeMs ?? 10_000 };
  }

  get state(): ModuleState {
    return this.#state;
  }

  /** Feeds one event; returns the state after it. */
  feed(e: ModuleEvent): ModuleState {
    switch (e.type) {
      case 'expect-exit': {
        this.#expect = { why: e.why, at: e.at };
        if (e.why === 'write') this.#afterWrite = true;
        // announced just after it left (the end of a write is known only once the module resets)
        const s = this.#state;
        if (s.kind === 'gone' && e.at - s.since <= this.#o.lateNoticeMs) {
          this.#state = { kind: 'resetting', since: s.since, why: e.why };
          this.#expect = null;
        } else if (s.kind === 'looping' && this.#lastGoneAt !== null && this.#upSince.app === undefined && e.at - this.#lastGoneAt <= this.#o.lateNoticeMs) {
          // caught in its window: AT!BOOTHOLD answered while it was up, known once it went; the loop is over
          this.#state = { kind: 'resetting', since: this.#lastGoneAt, why: e.why };
          this.#short = [];
          this.#expect = null;
        }
        break;
      }
      case 'tp1':
        // TP1 held at power-on: the module starts in download mode, whatever it did before
        this.#short = [];
        this.#expect = null;
        delete this.#upSince.app;
        this.#upSince.download ??= e.at;
        this.#state = this.#afterWrite ? { kind: 'held-in-tp1', since: e.at } : { kind: 'download', since: e.at };
        break;
      case 'appeared':
        this.#appeared(e.identity, e.at);
        break;
      case 'vanished':
        this.#vanished(e.identity, e.at);
        break;
    }
    return this.#state;
  }

  /** Time passing without events: a reset that takes too long becomes "gone". */
  tick(now: number): ModuleState {
    const s = this.#state;
    if (s.kind === 'resetting' && now - s.since > this.#o.resetMaxMs) this.#state = { kind: 'gone', since: s.since, upMs: null };
    return this.#state;
  }

  #appeared(identity: BusIdentity, at: number): void {
    if (this.#upSince[identity] !== undefined) return; // another function of the same enumeration
    this.#upSince[identity] = at;
    if (identity === 'download') {
      this.#state = this.#afterWrite ? { kind: 'held-in-tp1', since: at } : { kind: 'download', since: at };
      this.#expect = null;
      return;
    }
    this.#afterWrite = false;
    const loop = this.#loop(at);
    this.#state = loop ?? { kind: 'application', since: at };
  }

  #vanished(identity: BusIdentity, at: number): void {
    const since = this.#upSince[identity];
    delete this.#upSince[identity];
    this.#lastGoneAt = at;
    const expected = this.#expect && at - this.#expect.at <= this.#o.exitWithinMs ? this.#expect : null;
    if (since === undefined) {
      // up since before the watch began (the flow's own AT port): its asked-for exit is still a restart
      if (expected && identity === 'app') {
        this.#expect = null;
        this.#state = { kind: 'resetting', since: at, why: expected.why };
      }
      return;
    }
    const upMs = at - since;
    if (expected) {
      this.#expect = null;
      this.#state = { kind: 'resetting', since: at, why: expected.why };
      return;
    }
    if (identity === 'download') {
      this.#state = { kind: 'gone', since: at, upMs };
      return;
    }
    if (upMs <= this.#o.shortUpMs) this.#short.push([since, at]);
    this.#state = this.#loop(at) ?? { kind: 'gone', since: at, upMs };
  }

  /** The loop state when enough short appearances fall inside the window. */
  #loop(now: number): ModuleState | null {
    this.#short = this.#short.filter(([, v]) => v >= now - this.#o.windowMs);
    if (this.#short.length < this.#o.loopCycles) return null;
    const meanUpMs = this.#short.reduce((n, [a, v]) => n + (v - a), 0) / this.#short.length;
    const seen = this.#short.length + (this.#upSince.app !== undefined ? 1 : 0);
    return { kind: 'looping', since: this.#short[0]![0], seen, meanUpMs };
  }
}
