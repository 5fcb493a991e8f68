import { describe, expect, it } from 'vitest';
import { RateEstimator } from './progress.ts';

describe('rate and ETA', () => {
  it('the ETA counts down smoothly through bursty progress', () => {
    const r = new RateEstimator();
    const total = 100e6;
    let done = 0;
    const etas: number[] = [];
    for (let t = 0; t <= 8000; t += 100) {
      // 10 MB/s on average, delivered in bursts (every third tick carries triple).
      done += (t / 100) % 3 === 0 ? 3e6 : 0;
      const { eta } = r.update(t, Math.min(done, total), total);
      if (t >= 2000 && eta !== null) etas.push(eta);
    }
    for (let i = 1; i < etas.length; i++) {
      expect(etas[i]! - etas[i - 1]!).toBeLessThan(0.5); // never jumps up by more than half a second
    }
    expect(r.rate / 1e6).toBeGreaterThan(8);
    expect(r.rate / 1e6).toBeLessThan(12);
  });

  it('a slow first chunk (the module setting up) does not set an ETA many times too long', () => {
    const r = new RateEstimator();
    const total = 1.5e6;
    r.update(0, 0, total); // the write phase begins
    // the first 64 KiB come back after 1.5 s of setup, then 1 MB/s
    let eta: number | null = r.update(1500, 65_536, total).eta;
    for (let t = 1600, done = 65_536 + 100_000; t <= 2000; t += 100, done += 100_000) eta = r.update(t, done, total).eta;
    // 1.5 MB − 0.5 MB left at 1 MB/s: about 1 s, not the 20 s the setup wait extrapolated to
    expect(eta).not.toBeNull();
    expect(eta!).toBeLessThan(2);
  });

  it('has no ETA before it has a rate', () => {
    expect(new RateEstimator().update(0, 0, 100).eta).toBeNull();
  });
});
