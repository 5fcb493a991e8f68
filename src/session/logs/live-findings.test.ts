import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RealClock, ScaledClock } from '../../sim/clock.ts';
import { startVirtualBench } from '../../sim/index.ts';
import { ModemConnection } from '../connection/modem-connection.ts';
import { runSnapshot } from '../at/snapshot.ts';
import { recordConnection } from './connection-recorder.ts';
import { JournalRecorder } from './recorder.ts';
import { JournalStore } from './store.ts';
import { waitUntil } from '../../sim/bench.fixture.ts';

const waitFor = (cond: () => boolean) => waitUntil(cond, 15_000);

describe('findings from the answers a session saw', () => {
  it('a "Check my modem" on the seed module logs the full identity and the carrier mismatch, with no caller help', async () => {
    const bench = startVirtualBench({ scenario: 'seed', seed: 42, clock: new ScaledClock(new RealClock(), 0.01) });
    await waitFor(() => bench.modem().snapshot().atReady);
    await waitFor(() => bench.modem().registration().camped);
    const recorder = new JournalRecorder({
      store: () => JournalStore.open('live-findings-1'),
      environment: () => ({ appVersion: 't', userAgent: 't', browser: null, os: null, language: 'en', timeZone: null, virtualModem: true }),
      flushMs: 10,
      locks: null,
    });
    const connection = new ModemConnection();
    recordConnection(recorder, connection);
    await connection.adopt(bench.connectMemory('at'));
    const session = connection.state.kind === 'connected' ? connection.state.session : null;
    const snap = await runSnapshot(session!);
    const id = recorder.current!.id;
    await connection.disconnect();
    bench.dispose();

    const store = await recorder.store();
    await expect.poll(async () => (await store.meta(id))?.outcome, { timeout: 5000 }).toBe('problems');
    const meta = (await store.meta(id))!;
    expect(meta.device).toMatchObject({ model: 'RC7620-1', imei: snap.imei, iccid: snap.iccid, imsi: snap.imsi });
    expect(meta.device.firmware).toContain(snap.firmware!.firmware);
    expect(meta.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed']));
    expect(meta.counts.commands).toBeGreaterThanOrEqual(19);
  });
});
