import { describe, expect, it } from 'vitest';
import { BootLoopDetector } from './boot-loop-detector.ts';

describe('BootLoopDetector', () => {
  it('counts short appearances in the window', () => {
    const d = new BootLoopDetector({ windowMs: 30_000 });
    d.appeared(0);
    d.vanished(2000);
    expect(d.stats(2000)).toMatchObject({ seen: 1, looping: false, up: false, meanUpMs: 2000 });
    d.appeared(14_000);
    d.vanished(16_000);
    d.appeared(28_000);
    expect(d.stats(28_500)).toMatchObject({ seen: 3, looping: true, up: true, meanUpMs: 2000 });
    expect(d.stats(80_000)).toMatchObject({ seen: 1, looping: false });
  });

  it('a long session then an unplug is not a loop; the user saying so is', () => {
    const d = new BootLoopDetector();
    d.appeared(0);
    d.vanished(50_000);
    d.appeared(51_000);
    d.vanished(58_000 + 50_000);
    expect(d.stats(60_000).looping).toBe(false);
    d.reportedByUser();
    expect(d.stats(60_000).looping).toBe(true);
  });

  it('a second function of the same enumeration does not count twice', () => {
    const d = new BootLoopDetector();
    d.appeared(0);
    d.appeared(10);
    d.vanished(1000);
    d.vanished(1005);
    expect(d.stats(2000).seen).toBe(1);
  });
});
