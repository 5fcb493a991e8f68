/**
 * Throughput and ETA that do not jump around: the rate is an exponentially weighted average
 * over a few seconds of wall time, and the ETA is smoothed the same way and may only rise
 * when the rate really dropped.
 */
export class RateEstimator {
  #lastT: number | null = null;
  #lastBytes = 0;
  #rate = 0;
  #eta: number | null = null;
  readonly #tau: number;

  constructor(tauSeconds = 3) {
    this.#tau = tauSeconds;
  }

  /** Bytes per second, smoothed. */
  get rate(): number {
    return this.#rate;
  }

  update(nowMs: number, bytesDone: number, bytesTotal: number): { rate: number; eta: number | null } {
    if (this.#lastT === null) {
      this.#lastT = nowMs;
      this.#lastBytes = bytesDone;
      return { rate: 0, eta: null };
    }
    const dt = (nowMs - this.#lastT) / 1000;
    if (dt <= 0) return { rate: this.#rate, eta: this.#eta };
    const inst = (bytesDone - this.#lastBytes) / dt;
    const w = 1 - Math.exp(-dt / this.#tau);
    this.#rate = this.#rate === 0 ? inst : this.#rate + w * (inst - this.#rate);
    this.#lastT = nowMs;
    this.#lastBytes = bytesDone;
    const remaining = Math.max(0, bytesTotal - bytesDone);
    if (this.#rate <= 0) return { rate: 0, eta: this.#eta };
    const raw = remaining / this.#rate;
    if (this.#eta === null || remaining === 0) this.#eta = raw;
    else {
      // Count down with the clock, then pull gently toward the new estimate.
      const counted = Math.max(0, this.#eta - dt);
      this.#eta = counted + w * (raw - counted);
    }
    return { rate: this.#rate, eta: this.#eta };
  }
}
