import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ModemFleet } from '../connection/modem-fleet.ts';
import { startVirtualBench } from '../../sim/index.ts';
import { liveJournalIds, recordModemSessions, journalRecorder } from './live.ts';

describe('one recorder per modem', () => {
  it('two modems connected at once: two live sessions, each with its own IMEI, in the one store', async () => {
    const bench = startVirtualBench({ scenario: 'healthy', seed: 4, timeScale: 0.05 });
    bench.addModem('healthy');
    await new Promise<void>((resolve) => {
      const check = () => bench.snapshots().every((s) => s.atReady) && resolve();
      bench.events.on('change', check);
      check();
    });
    const fleet = new ModemFleet();
    const recorders = new Map<string, ReturnType<typeof recordModemSessions>>();
    fleet.events.on('added', (m) => recorders.set(m.id, recordModemSessions(m.connection)));
    const started: string[] = [];
    journalRecorder.events.on('started', ({ id }) => started.push(id));
    for (const id of ['modem-1', 'modem-2']) {
      bench.picker.next = (c) => c.findIndex((x) => x.modemId === id && x.function === 'at');
      await fleet.connectAnother(bench.serial);
    }
    const [a, b] = fleet.members;
    const ra = recorders.get(a!.id)!;
    const rb = recorders.get(b!.id)!;
    expect(ra).toBe(journalRecorder);
    expect(rb).not.toBe(ra);
    const la = ra.current!;
    const lb = rb.current!;
    expect(la.id).not.toBe(lb.id);
    expect(started).toEqual(expect.arrayContaining([la.id, lb.id]));
    expect(liveJournalIds()).toEqual(new Set([la.id, lb.id]));
    await a!.connection.disconnect();
    await b!.connection.disconnect();
    await ra.flush();
    await rb.flush();
    const store = await journalRecorder.store();
    expect(await rb.store()).toBe(store);
    const metas = await Promise.all([store.get(la.id), store.get(lb.id)]);
    expect(metas.map((d) => d?.meta.device.imei)).toEqual(bench.modems.map((m) => m.identity.imei));
    bench.dispose();
  }, 30_000);
});
