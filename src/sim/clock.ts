/**
 * Time for the virtual modem. The app and the CLI run it on the real clock; unit tests run it
 * on a VirtualClock so that a 12-second boot loop takes no wall time and always interleaves the
 * same way.
 */
export type TimerId = number;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export class RealClock implements Clock {
  readonly #origin = Date.now();
  now(): number {
    return Date.now() - this.#origin;
  }
  setTimeout(fn: () => void, ms: number): TimerId {
    return globalThis.setTimeout(fn, Math.max(0, ms)) as unknown as TimerId;
  }
  clearTimeout(id: unknown): void {
    globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>);
  }
}

interface Pending {
  readonly id: TimerId;
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Lets real microtasks and macrotasks (stream pumps, awaits) settle between timers. */
function settle(): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

/**
 * Timers fire only when a test advances time. `advance` interleaves with promise code: before
 * each timer it lets pending I/O settle, so "send AT, advance 100 ms, read OK" behaves as on a
 * real clock.
 */
export class VirtualClock implements Clock {
  #now = 0;
  #seq = 0;
  #nextId = 1;
  #timers = new Map<TimerId, Pending>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.#timers.delete(id as TimerId);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      await settle();
      const next = this.#earliest();
      if (!next || next.at > target) break;
      this.#timers.delete(next.id);
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
    await settle();
  }

  /**
   * Runs timers one due time at a time until `done()` holds (checked after I/O settles);
   * throws once `limitMs` of virtual time passed without it.
   */
  async until(done: () => boolean, limitMs = 60_000): Promise<number> {
    const start = this.#now;
    for (;;) {
      await settle();
      if (done()) return this.#now - start;
      const next = this.#earliest();
      if (!next || next.at - start > limitMs) {
        this.#now = Math.max(this.#now, start + limitMs);
        throw new Error(`condition not met within ${limitMs} ms of virtual time`);
      }
      await this.advance(next.at - this.#now);
    }
  }

  #earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const t of this.#timers.values()) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * Runs the modem's own delays faster (factor < 1) on another clock, while `now()` still reads in
 * the modem's milliseconds. For tests and demos that talk to a real-time host engine.
 */
export class ScaledClock implements Clock {
  constructor(
    private readonly inner: Clock,
    readonly factor: number,
  ) {
    if (!(factor > 0)) throw new RangeError('The time factor must be positive.');
  }
  now(): number {
    return this.inner.now() / this.factor;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    return this.inner.setTimeout(fn, Math.max(0, ms) * this.factor);
  }
  clearTimeout(id: unknown): void {
    this.inner.clearTimeout(id);
  }
}
