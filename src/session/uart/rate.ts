/** Bytes per second over a sliding window, for progress lines that neither jump nor lag. */
import type { FlowClock } from '../flows/clock.ts';

export class RateMeter {
  readonly #clock: FlowClock;
  readonly #windowMs: number;
  readonly #samples: { t: number; bytes: number }[] = [];

  constructor(clock: FlowClock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  rate(total: number): number {
    const t = this.#clock.now();
    this.#samples.push({ t, bytes: total });
    while (this.#samples.length > 2 && t - this.#samples[0]!.t > this.#windowMs) this.#samples.shift();
    const first = this.#samples[0]!;
    const dt = t - first.t;
    return dt > 0 ? ((total - first.bytes) * 1000) / dt : 0;
  }
}
