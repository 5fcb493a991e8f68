/**
 * A replayed modem is something to rehearse on: the carrier switch and the update run on it
 * like on any virtual module, and the recorded answers give way to simulated ones once the
 * module has changed (the banner says since when).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GuidedFlow } from '../../session/flows/guided-flow.ts';
import { FAST_TIMINGS } from '../../session/download/timings.ts';
import { MemoryFlowStore } from '../../session/flows/persistence.ts';
import { drive } from '../../session/flows/rig.fixture.ts';
import { VirtualClock } from '../clock.ts';
import { startVirtualBench } from '../index.ts';
import { replayFromText } from './index.ts';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/at');
const WP7702 = 'wp7702_swi9x06y-02.16.06.00_cfun-cme-error-pcinfo-imswitch-impref-none-image-active-slot-255.txt';

describe('rehearsing on a replayed modem', () => {
  it('WP7702 stuck in low power (preference NONE): the carrier switch to GENERIC brings it online', async () => {
    const replay = replayFromText(readFileSync(resolve(CORPUS, WP7702), 'utf8'));
    expect(replay.summary).toMatchObject({ model: 'WP7702', profileId: 'wp7702' });
    const clock = new VirtualClock();
    const bench = startVirtualBench({ replay, seed: 9, clock });
    const store = new MemoryFlowStore();
    const env = { serial: bench.serial, usb: bench.usb, clock, downloadTimings: FAST_TIMINGS, store, progressIntervalMs: 0 };
    await drive(clock, () => bench.modem().snapshot().atReady);
    // as the customer saw it: CFUN=1 refused, low power mode
    expect(bench.modem().snapshot().registration).toMatch(/low power/);
    bench.picker.next = 'auto';
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    const flow = new GuidedFlow({ kind: 'carrier', env, atPort: port, targetCarrier: 'GENERIC' });
    const done = flow.run();
    const logs: string[] = [];
    flow.events.on('log', (l) => logs.push(l.text));
    await drive(clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure, logs.join('\n')).toBeNull();
    // the check before the switch saw the recorded preference (NONE) ...
    expect(flow.state.before?.impref?.preferred.carrier).toBe('NONE');
    // ... and after it the simulated module, no longer the one in the text
    expect(flow.state.verify).toMatchObject({ ok: true, carrier: 'GENERIC', preferredCarrier: 'GENERIC' });
    expect(bench.modem().snapshot().replay?.staleSince).toMatch(/IMPREF|RESET/i);
    expect((await done).status).toBe('done');
    await drive(clock, () => bench.modem().registration().attached, 60_000);
    // online now: out of low power, the preference names the image it runs
    expect(bench.modem().session.imswitchLpm).toBe(false);
    expect(bench.modem().session.cfun).toBe(1);
    expect(bench.modem().snapshot()).toMatchObject({ carrier: 'GENERIC', preferredCarrier: 'GENERIC' });
    bench.dispose();
  }, 60_000);
});
