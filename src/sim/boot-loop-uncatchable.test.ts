import { describe, expect, it } from 'vitest';
import { bootBench, enc } from './bench.fixture.ts';

describe('a boot loop that cannot be caught', () => {
  it('drops AT!BOOTHOLD in the window when the flash says the AT server never starts; TP1 still works', async () => {
    const { bench, clock } = await bootBench('boot-loop', 11);
    const modem = bench.modem();
    modem.flash.loopUncatchable = true;
    await clock.until(() => modem.mode === 'boot-loop' && modem.attachment !== null, 60_000);
    const t = bench.connectMemory('at');
    await t.write(enc('AT!BOOTHOLD\r'));
    await clock.until(() => modem.snapshot().bootLoopCycles >= 3, 120_000);
    expect(modem.mode).toBe('boot-loop');
    modem.holdTp1(true);
    modem.powerCycle();
    await clock.until(() => modem.mode === 'download' && modem.attachment !== null, 60_000);
    bench.dispose();
  });
});
