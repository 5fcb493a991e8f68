/**
 * A small seeded generator (mulberry32) so every delay, boot-loop window and garbage byte the
 * virtual modem produces is the same for the same seed.
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A value in a [min, max] range given as a pair. */
  between(range: readonly [number, number]): number {
    return this.int(range[0], range[1]);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** An independent generator derived from this one (per modem, per fault). */
  fork(): Rng {
    return new Rng(this.int(1, 0xffffffff));
  }
}
