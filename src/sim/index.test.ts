import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { createAtEndpoint } from './index.ts';
import { dec, enc } from './bench.fixture.ts';

describe('createAtEndpoint (for `boothold sim --stdio --at`)', () => {
  it('answers AT once booted and follows the AT port across a reset', async () => {
    const clock = new VirtualClock();
    const sim = createAtEndpoint({ scenario: 'seed', seed: 9, clock });
    let out = '';
    sim.endpoint.open({ send: (d) => (out += dec(d)) });
    let ready = false;
    void sim.ready.then(() => (ready = true));
    await clock.until(() => ready, 20_000);
    sim.endpoint.receive(enc('ATI\r'));
    await clock.until(() => out.includes('OK'), 1000);
    expect(out).toContain('Revision: SWI9X07H_00.08.07.00');
    out = '';
    sim.endpoint.receive(enc('AT!RESET\r'));
    await clock.until(() => out.includes('OK'), 1000);
    await clock.until(() => sim.modem.mode === 'booting', 2000);
    await clock.until(() => sim.modem.snapshot().atReady, 20_000);
    out = '';
    sim.endpoint.receive(enc('ATE0\r'));
    await clock.until(() => out.includes('OK'), 1000);
    expect(out).toBe('ATE0\r\r\nOK\r\n');
    sim.dispose();
    expect(sim.modem.mode).toBe('off');
  });

  it('follows the download port with function "follow"', async () => {
    const clock = new VirtualClock();
    const sim = createAtEndpoint({ scenario: 'tp1-download', seed: 9, clock, function: 'follow' });
    const got: Uint8Array[] = [];
    sim.endpoint.open({ send: (d) => got.push(d) });
    await clock.until(() => got.length > 0, 20_000);
    // Sahara HELLO, command id 1
    expect(new DataView(got[0]!.buffer, got[0]!.byteOffset).getUint32(0, true)).toBe(1);
    sim.dispose();
  });
});
