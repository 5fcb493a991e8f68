import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BatchUpdate, firmwareOf, type BatchRow } from './batch-update.ts';
import { summarize, summaryCsv, summaryJson } from './batch-summary.ts';
import { ModemFleet } from '../connection/modem-fleet.ts';
import { startVirtualBench, type VirtualBench } from '../../sim/index.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { r9Image } from '../flows/rig.fixture.ts';
import type { DeviceLock } from '../flows/guards.ts';
import { JournalRecorder } from '../logs/recorder.ts';
import { recordConnection } from '../logs/connection-recorder.ts';
import { JournalStore } from '../logs/store.ts';
import { benchUntil as until } from '../../sim/bench.fixture.ts';
import { connectWholeBench } from './fleet.fixture.ts';

async function fleetOfThree() {
  const bench = startVirtualBench({ scenario: 'healthy', seed: 3, timeScale: 0.02 });
  bench.addModem('healthy');
  bench.addModem('seed');
  const fleet = await connectWholeBench(bench);
  return { bench, fleet };
}

/** Plays the user: when a row waits for its download device, picks that module's in the chooser. */
function autoReconnect(bench: VirtualBench, fleet: ModemFleet, batch: BatchUpdate): void {
  const asked = new Set<string>();
  batch.events.on('row', (r) => {
    if (r.status !== 'needs-reconnect' || r.phase !== 'wait-download' || asked.has(r.memberId)) return;
    asked.add(r.memberId);
    const imei = fleet.get(r.memberId)!.identity!.imei;
    const vm = bench.modems.find((m) => m.identity.imei === imei)!;
    void until(bench, () => vm.mode === 'download' && vm.attachment !== null).then(() => {
      bench.picker.next = (c) => c.findIndex((x) => x.modemId === vm.id);
      return batch.reconnect(r.memberId);
    });
  });
}

const locks: string[] = [];
const lock = async (key: string): Promise<DeviceLock> => {
  locks.push(key);
  return { kind: 'acquired', release: () => undefined };
};

describe('batch update over a fleet (virtual bench)', () => {
  it('sequential: two modules updated and verified, the one with a download fault fails with flash-failed', async () => {
    const { bench, fleet } = await fleetOfThree();
    bench.setDownloadFaults('error@chunk:2', 'modem-2');
    const batch = new BatchUpdate({
      fleet,
      memberIds: fleet.members.map((m) => m.id),
      image: r9Image(),
      mode: 'sequential',
      env: { serial: bench.serial, usb: bench.usb, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0 },
      lock,
      // healthy modules already run R9: the operator's "re-flash anyway"
      reflash: fleet.members.map((m) => m.id),
    });
    autoReconnect(bench, fleet, batch);
    const running: number[] = [];
    batch.events.on('row', () => running.push(batch.rows.filter((r) => r.status === 'running' || r.status === 'needs-reconnect').length));
    const rows = await batch.run();
    expect(Math.max(...running)).toBe(1);
    expect(rows.map((r) => r.result)).toEqual(['ok', 'flash-failed', 'ok']);
    const [a, b, c] = rows as [BatchRow, BatchRow, BatchRow];
    expect(a.afterFirmware).toBe('00.08.24.02');
    expect(c.beforeFirmware).toBe('00.08.07.00');
    expect(c.afterFirmware).toBe('00.08.24.02');
    expect(c.cautions).toContain('carrier-differs');
    expect(b.message).toMatch(/\S/);
    expect(rows.every((r) => (r.durationMs ?? -1) >= 0)).toBe(true);
    expect(locks).toEqual(expect.arrayContaining(fleet.members.map((m) => `modem:${m.key}`)));
    // the updated modules are back on their own cards
    expect(fleet.members).toHaveLength(3);
    expect(fleet.get(a.memberId)!.state.kind).toBe('connected');
    expect(fleet.get(c.memberId)!.state.kind).toBe('connected');

    const s = summarize(rows, { name: 'R9.spk', sha256: null, firmware: '00.08.24.02', carrier: 'GENERIC' }, 'sequential');
    expect(s.counts).toEqual({ ok: 2, failed: 1, skipped: 0, total: 3 });
    // Files are masked by default (issue 17), and say so; the full inventory only when asked for.
    const csv = summaryCsv(s).split('\r\n');
    expect(csv[0]).toBe('model,imei,fsn,before_firmware,after_firmware,result,duration_ms,message,identifiers');
    expect(csv.join('\n')).not.toContain(b.imei!);
    expect(csv[2]).toContain(`,${'•'.repeat(11)}${b.imei!.slice(-4)},`);
    expect(csv[2]).toMatch(/,flash-failed,.*,masked$/);
    const json = JSON.parse(summaryJson(s));
    expect(json.identifiers).toBe('masked');
    expect(JSON.stringify(json)).not.toContain(b.imei!);
    expect(json.modems[1].result).toBe('flash-failed');
    const full = summaryCsv(s, undefined, { includeIdentifiers: true }).split('\r\n');
    expect(full[2]).toContain(`,${b.imei},`);
    expect(full[2]).toMatch(/,included$/);
    expect(JSON.parse(summaryJson(s, { includeIdentifiers: true })).identifiers).toBe('included');
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    bench.dispose();
  }, 120_000);

  it('parallel: three modules at once, each under its own lock, each back on its own card', async () => {
    const { bench, fleet } = await fleetOfThree();
    bench.setDownloadFaults('nak@chunk:3', 'modem-3');
    const batch = new BatchUpdate({
      fleet,
      memberIds: fleet.members.map((m) => m.id),
      image: r9Image(),
      mode: 'parallel',
      env: { serial: bench.serial, usb: bench.usb, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0 },
      lock,
      // healthy modules already run R9: the operator's "re-flash anyway"
      reflash: fleet.members.map((m) => m.id),
    });
    autoReconnect(bench, fleet, batch);
    let most = 0;
    batch.events.on('row', () => (most = Math.max(most, batch.rows.filter((r) => r.status === 'running' || r.status === 'needs-reconnect').length)));
    const rows = await batch.run();
    expect(most).toBe(3);
    expect(rows.map((r) => r.result)).toEqual(['ok', 'ok', 'flash-failed']);
    expect(rows.slice(0, 2).every((r) => r.afterFirmware === '00.08.24.02')).toBe(true);
    expect(fleet.members.map((m) => m.state.kind)).toEqual(['connected', 'connected', 'idle']);
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    bench.dispose();
  }, 120_000);

  it('each modem keeps its own session log: the flow steps and result, one session across its resets', async () => {
    const { bench, fleet } = await fleetOfThree();
    bench.setDownloadFaults('error@chunk:2', 'modem-2');
    const recorders = new Map<string, JournalRecorder>();
    for (const m of fleet.members) {
      const r = new JournalRecorder({
        store: () => JournalStore.open('batch-logs'),
        environment: () => ({ appVersion: 't', userAgent: 't', browser: 't', os: 't', language: 'en', timeZone: 'UTC', virtualModem: true }),
        flushMs: 10,
        locks: null,
      });
      recordConnection(r, m.connection);
      r.begin({ model: m.identity!.model!, imei: m.identity!.imei! });
      recorders.set(m.id, r);
    }
    const [m1, m2] = fleet.members;
    const batch = new BatchUpdate({
      fleet,
      memberIds: [m1!.id, m2!.id],
      image: r9Image(),
      mode: 'sequential',
      env: { serial: bench.serial, usb: bench.usb, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0 },
      lock,
      // healthy modules already run R9: the operator's "re-flash anyway"
      reflash: fleet.members.map((m) => m.id),
      sessionFor: (m) => recorders.get(m.id)!.current,
    });
    autoReconnect(bench, fleet, batch);
    const ids = [recorders.get(m1!.id)!.current!.id, recorders.get(m2!.id)!.current!.id];
    expect((await batch.run()).map((r) => r.result)).toEqual(['ok', 'flash-failed']);
    // the same session ran through the resets (the updated module is back and still in it)
    expect(recorders.get(m1!.id)!.current?.id).toBe(ids[0]);
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    for (const r of recorders.values()) await r.flush();
    const store = await JournalStore.open('batch-logs');
    const [a, b] = await Promise.all(ids.map((id) => store.get(id!)));
    expect(a!.meta.device.imei).toBe(m1!.identity!.imei);
    expect(b!.meta.device.imei).toBe(m2!.identity!.imei);
    expect(a!.meta.outcome).toBe('ok');
    expect(b!.meta).toMatchObject({ outcome: 'failed', outcomeCode: 'flash-failed' });
    const steps = (d: typeof a) => d!.events.flatMap((e) => (e.kind === 'flow-step' ? [e.step] : []));
    expect(steps(a)).toEqual(expect.arrayContaining(['snapshot', 'flash', 'wait-app', 'verify']));
    expect(steps(b)).not.toContain('verify');
    bench.dispose();
  }, 120_000);

  it('a member that is not connected, or held by another tab, fails its row without running', async () => {
    const { bench, fleet } = await fleetOfThree();
    const [m1, m2] = fleet.members;
    await fleet.disconnect(m1!.id);
    const batch = new BatchUpdate({
      fleet,
      memberIds: [m1!.id, m2!.id],
      image: r9Image(),
      mode: 'parallel',
      env: { serial: bench.serial, usb: bench.usb },
      lock: async () => ({ kind: 'held', holder: 'tab 2' }),
      // healthy modules already run R9: the operator's "re-flash anyway"
      reflash: fleet.members.map((m) => m.id),
    });
    const rows = await batch.run();
    expect(rows.map((r) => r.result)).toEqual(['not-connected', 'locked']);
    expect(fleet.get(m2!.id)!.state.kind).toBe('connected');
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    bench.dispose();
  }, 60_000);
});

describe('firmwareOf', () => {
  it('takes the version out of the revision line', () => {
    expect(firmwareOf('SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54')).toBe('00.08.24.02');
    expect(firmwareOf(null)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes commas and defuses formulas', () => {
    const s = summarize(
      [{ memberId: 'm', key: null, model: 'RC7620-1', imei: '1', fsn: null, status: 'failed', phase: null, progress: null, beforeFirmware: null, afterFirmware: null, result: 'flash-failed', message: '=cmd, "x"', cautions: [], startedAt: 0, endedAt: 5, durationMs: 5, interruptedAt: null, earlier: false }],
      { name: 'x', sha256: null, firmware: null, carrier: null },
      'parallel',
    );
    expect(summaryCsv(s, undefined, { includeIdentifiers: true }).split('\r\n')[1]).toBe(`RC7620-1,1,,,,flash-failed,5,"'=cmd, ""x""",included`);
  });
});
