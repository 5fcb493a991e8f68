import { describe, expect, it } from 'vitest';
import { startVirtualBench, VirtualClock } from '../../sim/index.ts';
import { drawIsHigh, flashKey, modeKey, usbParams } from './format.ts';

describe('virtual modem panel texts', () => {
  it('describes a boot-looping module', async () => {
    const clock = new VirtualClock();
    const bench = startVirtualBench({ scenario: 'boot-loop', clock, seed: 2 });
    await clock.until(() => bench.modem().attachment !== null, 20_000);
    const s = bench.snapshot();
    expect(modeKey(s.mode)).toBe('modeBootLoop');
    expect(usbParams(s)).toEqual({ vid: '1199', pid: '68C0', interfaces: '0, 2, 3, 8' });
    expect(flashKey(s.flashHealth)).toBe('flashBootLoop');
    expect(drawIsHigh(s, bench.modem().profile.currentMa.idle)).toBe(true);
    bench.dispose();
  });
});
