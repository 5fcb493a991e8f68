/**
 * Recognises a boot loop from the outside: the module's port appears and vanishes again and
 * again, up for a couple of seconds each time (at-knowledge §0: the RC7620 after an
 * interrupted update; up 1–3 s, down 10–15 s). Fed with the connect/disconnect events of the
 * serial and USB sides; pure bookkeeping, no timers.
 */
export interface LoopStats {
  /** Appearances inside the window. */
  readonly seen: number;
  readonly windowMs: number;
  /** Mean time up of the appearances that already ended, ms; null before the first ended. */
  readonly meanUpMs: number | null;
  /** Up right now. */
  readonly up: boolean;
  readonly looping: boolean;
}

export interface LoopDetectorOptions {
  /** How far back to count (default 60 s). */
  readonly windowMs?: number;
  /** Appearances that make a loop (default 2). */
  readonly minCycles?: number;
  /** Shorter than this each time is "crashing", not "someone unplugged it" (default 8 s). */
  readonly maxUpMs?: number;
}

export class BootLoopDetector {
  readonly #windowMs: number;
  readonly #minCycles: number;
  readonly #maxUpMs: number;
  /** [appearedAt, vanishedAt | null] */
  #cycles: [number, number | null][] = [];
  #userSaysSo = false;

  constructor(options: LoopDetectorOptions = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#minCycles = options.minCycles ?? 2;
    this.#maxUpMs = options.maxUpMs ?? 8_000;
  }

  appeared(at: number): void {
    const last = this.#cycles.at(-1);
    if (last && last[1] === null) return; // a second function of the same enumeration
    this.#cycles.push([at, null]);
  }

  vanished(at: number): void {
    const last = this.#cycles.at(-1);
    if (last && last[1] === null) last[1] = at;
  }

  /** "It keeps disconnecting": the user's word counts as a loop. */
  reportedByUser(): void {
    this.#userSaysSo = true;
  }

  reset(): void {
    this.#cycles = [];
    this.#userSaysSo = false;
  }

  stats(now: number): LoopStats {
    const recent = this.#cycles.filter(([a, v]) => (v ?? now) >= now - this.#windowMs);
    const ended = recent.filter((c): c is [number, number] => c[1] !== null);
    const meanUpMs = ended.length ? ended.reduce((n, [a, v]) => n + (v - a), 0) / ended.length : null;
    const short = ended.filter(([a, v]) => v - a <= this.#maxUpMs).length;
    const up = this.#cycles.at(-1)?.[1] === null && this.#cycles.length > 0;
    return { seen: recent.length, windowMs: this.#windowMs, meanUpMs, up, looping: this.#userSaysSo || short >= this.#minCycles };
  }
}
