/**
 * Throughput and ETA that do not jump around. The rate is an exponentially weighted average
 * over a few seconds (seeded by the running average, so the first burst into OS and USB
 * buffers does not set it). The ETA counts down with the clock and is pulled toward
 * remaining/rate with a one-second time constant; it may rise, but by at most 4 s per second,
 * so a slower patch shows as a gradual correction, not a jump.
 */
export class RateEstimator {
  #startT: number | null = null;
  #startBytes = 0;
  #lastT = 0;
  #lastBytes = 0;
  #rate = 0;
  #eta: number | null = null;
  /** Bytes have moved since the clock started: the first move only restarts the clock (see update). */
  #moved = false;
  readonly #tau: number;
  readonly #etaTau: number;

  constructor(tauSeconds = 3, etaTauSeconds = 1) {
    this.#tau = tauSeconds;
    this.#etaTau = etaTauSeconds;
  }

  /** Bytes per second, smoothed. */
  get rate(): number {
    return this.#rate;
  }

  update(nowMs: number, bytesDone: number, bytesTotal: number): { rate: number; eta: number | null } {
    if (this.#startT === null || bytesDone === this.#startBytes) {
      // Nothing moved yet: (re)start the clock at the first byte.
      this.#startT = nowMs;
      this.#startBytes = bytesDone;
      this.#lastT = nowMs;
      this.#lastBytes = bytesDone;
      return { rate: this.#rate, eta: this.#eta };
    }
    if (!this.#moved) {
      // The first bytes to move arrive after the module's one-time setup (the first chunk waits
      // for its answer): timed from the idle clock, that wait spread over the whole image and
      // set an ETA many times too long, which a short write never lived down. The clock starts here.
      this.#moved = true;
      this.#startT = nowMs;
      this.#startBytes = bytesDone;
      this.#lastT = nowMs;
      this.#lastBytes = bytesDone;
      return { rate: this.#rate, eta: this.#eta };
    }
    const dt = (nowMs - this.#lastT) / 1000;
    if (dt <= 0) return { rate: this.#rate, eta: this.#eta };
    const elapsed = (nowMs - this.#startT) / 1000;
    const average = (bytesDone - this.#startBytes) / elapsed;
    const inst = (bytesDone - this.#lastBytes) / dt;
    this.#lastT = nowMs;
    this.#lastBytes = bytesDone;
    // Within the first time constant the running average is the better estimate.
    this.#rate = elapsed < this.#tau || this.#rate === 0 ? average : this.#rate + (1 - Math.exp(-dt / this.#tau)) * (inst - this.#rate);
    const remaining = Math.max(0, bytesTotal - bytesDone);
    if (this.#rate <= 0) return { rate: 0, eta: this.#eta };
    const raw = remaining / this.#rate;
    if (remaining === 0) this.#eta = 0;
    else if (this.#eta === null) this.#eta = raw;
    else {
      const counted = Math.max(0, this.#eta - dt);
      let next = counted + (1 - Math.exp(-dt / this.#etaTau)) * (raw - counted);
      if (next > this.#eta) next = Math.min(next, this.#eta + 4 * dt);
      this.#eta = next;
    }
    return { rate: this.#rate, eta: this.#eta };
  }
}
