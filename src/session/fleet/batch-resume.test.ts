import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BatchUpdate, queuedRow, type BatchRow } from './batch-update.ts';
import { IdbBatchStore, MemoryBatchStore, fateOf, isBatchRecord, matchRemaining, remainingRows, tally, type BatchRecord } from './batch-record.ts';
import { summarize, summaryCsv } from './batch-summary.ts';
import { ModemFleet } from '../connection/modem-fleet.ts';
import { startVirtualBench, type VirtualBench } from '../../sim/index.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { r9Image } from '../flows/rig.fixture.ts';
import type { DeviceLock } from '../flows/guards.ts';
import { benchUntil as until } from '../../sim/bench.fixture.ts';

const lock = async (): Promise<DeviceLock> => ({ kind: 'acquired', release: () => undefined });

function row(p: Partial<BatchRow> & Pick<BatchRow, 'memberId' | 'status'>): BatchRow {
  return { ...queuedRow(p.memberId, { key: `imei:${p.memberId}`, model: 'RC7620-1', imei: p.memberId, fsn: null }), ...p };
}

function record(rows: readonly BatchRow[]): BatchRecord {
  const { source: _s, header: _h, ...image } = r9Image();
  return { format: 'boothold-batch', version: 1, id: 'batch-1', image, mode: 'sequential', rows, startedAt: 1000, updatedAt: 2000 };
}

const DONE = row({ memberId: '111', status: 'ok', result: 'ok', startedAt: 1000, endedAt: 9000, durationMs: 8000, beforeFirmware: '00.08.07.00', afterFirmware: '00.08.24.02' });
const FAILED = row({ memberId: '222', status: 'failed', result: 'flash-failed', startedAt: 9000, endedAt: 12000, durationMs: 3000 });
const MID_WRITE = row({ memberId: '333', status: 'running', phase: 'flash', progress: 0.43, startedAt: 12000 });
const WAITING = row({ memberId: '444', status: 'needs-reconnect', phase: 'wait-download', startedAt: 12000 });
const WRITTEN = row({ memberId: '555', status: 'running', phase: 'verify', startedAt: 12000 });
const SNAPSHOT = row({ memberId: '666', status: 'running', phase: 'snapshot', startedAt: 12000 });
const QUEUED = row({ memberId: '777', status: 'queued' });

describe('what a reload left of a batch', () => {
  it('sorts rows into finished, interrupted (with where the module was left) and never started', () => {
    expect(fateOf(DONE).kind).toBe('finished');
    expect(fateOf(FAILED).kind).toBe('finished');
    expect(fateOf(MID_WRITE)).toMatchObject({ kind: 'interrupted', phase: 'flash', downloadMode: true, written: false });
    expect(fateOf(WAITING)).toMatchObject({ kind: 'interrupted', phase: 'wait-download', downloadMode: true, written: false });
    expect(fateOf(WRITTEN)).toMatchObject({ kind: 'interrupted', phase: 'verify', downloadMode: false, written: true });
    expect(fateOf(SNAPSHOT)).toMatchObject({ kind: 'interrupted', downloadMode: false, written: false });
    expect(fateOf(QUEUED).kind).toBe('not-started');
    const r = record([DONE, FAILED, MID_WRITE, SNAPSHOT, QUEUED]);
    expect(remainingRows(r).map((x) => x.memberId)).toEqual(['333', '666', '777']);
    expect(tally(r.rows)).toEqual({ ok: 1, failed: 1, interrupted: 2, notStarted: 1, total: 5 });
    // the interrupted batch's own summary (exported before continuing) says which rows stopped where
    const s = summarize(r.rows, { name: 'R9', sha256: null, firmware: null, carrier: null }, 'sequential');
    expect(s.modems.map((x) => [x.result, x.interruptedAt])).toEqual([
      ['ok', null],
      ['flash-failed', null],
      ['interrupted', 'flash'],
      ['interrupted', 'snapshot'],
      ['not-run', null],
    ]);
    expect(s.counts).toEqual({ ok: 1, failed: 1, skipped: 0, total: 5 });
  });

  it('matches remaining rows to reconnected modems by identity only: not finished rows, not disconnected members, one member per row', () => {
    const r = record([DONE, MID_WRITE, QUEUED, row({ memberId: 'x', status: 'queued', key: null })]);
    const m = matchRemaining(r, [
      { memberId: 'modem-1', key: 'imei:777', connected: true },
      { memberId: 'modem-2', key: 'imei:111', connected: true },
      { memberId: 'modem-3', key: 'imei:333', connected: false },
      { memberId: 'modem-4', key: null, connected: true },
    ]);
    expect([...m]).toEqual([['imei:777', 'modem-1']]);
  });

  it('keeps the record in IndexedDB across store instances, and refuses another shape', async () => {
    const name = 'batch-store-test';
    const a = new IdbBatchStore(name);
    expect(await a.load()).toBeNull();
    await a.save(record([DONE, MID_WRITE, QUEUED]));
    await a.close();
    const b = new IdbBatchStore(name);
    const back = await b.load();
    expect(back?.rows.map((x) => x.status)).toEqual(['ok', 'running', 'queued']);
    expect(back?.image.sha256).toBe(r9Image().sha256);
    expect(isBatchRecord({ ...back, version: 2 })).toBe(false);
    expect(isBatchRecord({ format: 'boothold-batch', version: 1 })).toBe(false);
    await b.clear();
    expect(await b.load()).toBeNull();
    await b.close();
  });

  it('continuing with no modem reconnected ends the remaining rows as interrupted / not reconnected, keeping the finished ones', async () => {
    const store = new MemoryBatchStore();
    const earlier = record([DONE, FAILED, MID_WRITE, QUEUED]);
    const batch = new BatchUpdate({ fleet: new ModemFleet(), memberIds: [], image: r9Image(), mode: 'sequential', env: { serial: {} as Serial, usb: null }, lock, earlier, store });
    const rows = await batch.run();
    expect(rows.map((x) => [x.status, x.result, x.earlier])).toEqual([
      ['ok', 'ok', true],
      ['failed', 'flash-failed', true],
      ['failed', 'interrupted', true],
      ['failed', 'not-reconnected', true],
    ]);
    expect(rows[2]!.interruptedAt).toEqual({ phase: 'flash', progress: 0.43 });
    expect(rows[2]!.message).toContain('flash');
    // the same batch: its id and start are kept; finished, nothing is left to resume
    expect(store.history[0]!.id).toBe('batch-1');
    expect(store.record).toBeNull();
    const s = summarize(rows, { name: 'R9', sha256: null, firmware: null, carrier: null }, 'sequential');
    expect(s.startedAt).toBe(new Date(1000).toISOString());
    expect(s.modems.map((x) => [x.result, x.interruptedAt, x.beforeReload])).toEqual([
      ['ok', null, true],
      ['flash-failed', null, true],
      ['interrupted', 'flash', true],
      ['not-reconnected', null, true],
    ]);
  });
});

/** Three modules; the same seed gives the same IMEIs, as the same desk does after a reload. */
async function bench3(order: readonly string[]) {
  const bench = startVirtualBench({ scenario: 'healthy', seed: 7, timeScale: 0.02 });
  bench.addModem('healthy');
  bench.addModem('seed');
  await until(bench, () => bench.snapshots().every((s) => s.atReady));
  const fleet = new ModemFleet();
  for (const id of order) {
    bench.picker.next = (c) => c.findIndex((x) => x.modemId === id && x.function === 'at');
    await fleet.connectAnother(bench.serial);
  }
  return { bench, fleet };
}

function pickWhenAsked(bench: VirtualBench, fleet: ModemFleet, batch: BatchUpdate, skip: ReadonlySet<string> = new Set()): void {
  const asked = new Set<string>();
  batch.events.on('row', (r) => {
    if (r.status !== 'needs-reconnect' || r.phase !== 'wait-download' || asked.has(r.memberId)) return;
    asked.add(r.memberId);
    const imei = fleet.get(r.memberId)!.identity!.imei;
    if (skip.has(imei ?? '')) return;
    const vm = bench.modems.find((m) => m.identity.imei === imei)!;
    void until(bench, () => vm.mode === 'download' && vm.attachment !== null).then(() => {
      bench.picker.next = (c) => c.findIndex((x) => x.modemId === vm.id);
      return batch.reconnect(r.memberId);
    });
  });
}

describe('a batch interrupted by a reload, continued (virtual bench)', () => {
  it('saves as it goes; after the "reload" the finished row stays, the other two run on their own modems whatever order they came back in', async () => {
    // before the reload: modem-1 updated, modem-2 waits for its download device when the tab dies
    const first = await bench3(['modem-1', 'modem-2', 'modem-3']);
    const imeis = first.bench.modems.map((m) => m.identity.imei);
    const store = new MemoryBatchStore();
    const env = { serial: first.bench.serial, usb: first.bench.usb, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0 };
    const a = new BatchUpdate({ fleet: first.fleet, memberIds: first.fleet.members.map((m) => m.id), image: r9Image(), mode: 'sequential', env, lock, store, reflash: first.fleet.members.map((m) => m.id) });
    pickWhenAsked(first.bench, first.fleet, a, new Set([imeis[1]!]));
    let events = 0;
    a.events.on('row', () => events++);
    const crashed = new Promise<BatchRecord>((resolve) => {
      a.events.on('row', (r) => {
        if (r.imei === imeis[1] && r.status === 'needs-reconnect') void a.flushed().then(() => resolve(structuredClone(store.record!)));
      });
    });
    void a.run();
    const saved = await crashed;
    // progress ticks are not each a save
    expect(store.history.length).toBeLessThan(events);
    expect(saved.rows.map((r) => [r.imei, r.status, r.phase])).toEqual([
      [imeis[0], 'ok', 'done'],
      [imeis[1], 'needs-reconnect', 'wait-download'],
      [imeis[2], 'queued', null],
    ]);
    expect(saved.rows[0]).toMatchObject({ beforeFirmware: '00.08.24.02', afterFirmware: '00.08.24.02', result: 'ok' });
    expect(saved.rows[0]!.durationMs).toBeGreaterThan(0);
    expect(saved.image.sha256).toBe(r9Image().sha256);
    a.cancel();
    await Promise.all(first.fleet.members.map((m) => m.connection.disconnect()));
    first.bench.dispose();

    // after the reload: the same desk, the modems reconnected in another order (other ports, other member ids)
    const second = await bench3(['modem-3', 'modem-2']);
    expect(second.bench.modems.map((m) => m.identity.imei)).toEqual(imeis);
    const members = second.fleet.members.map((m) => ({ memberId: m.id, key: m.key, connected: m.state.kind === 'connected' }));
    const matched = matchRemaining(saved, members);
    expect(matched.size).toBe(2);
    expect(second.fleet.get(matched.get(`imei:${imeis[1]}`)!)!.identity!.imei).toBe(imeis[1]);
    expect(second.fleet.get(matched.get(`imei:${imeis[2]}`)!)!.identity!.imei).toBe(imeis[2]);
    const store2 = new MemoryBatchStore();
    const b = new BatchUpdate({
      fleet: second.fleet,
      memberIds: [...matched.values()],
      image: r9Image(),
      mode: saved.mode,
      env: { ...env, serial: second.bench.serial, usb: second.bench.usb },
      lock,
      reflash: [...matched.values()],
      store: store2,
      earlier: saved,
    });
    // the original order: the row from before the reload first, carried as it was
    expect(b.rows.map((r) => [r.imei, r.status, r.earlier])).toEqual([
      [imeis[0], 'ok', true],
      [imeis[1], 'queued', false],
      [imeis[2], 'queued', false],
    ]);
    pickWhenAsked(second.bench, second.fleet, b);
    const rows = await b.run();
    expect(rows.map((r) => [r.imei, r.result])).toEqual([
      [imeis[0], 'ok'],
      [imeis[1], 'ok'],
      [imeis[2], 'ok'],
    ]);
    expect(rows[1]!.interruptedAt).toEqual({ phase: 'wait-download', progress: null });
    expect(rows[2]!.interruptedAt).toBeNull();
    expect(store2.history[0]!.id).toBe(saved.id);
    expect(store2.record).toBeNull();
    // the summary covers the whole batch, the row from before the reload included
    const csv = summaryCsv(summarize(rows, { name: 'R9', sha256: null, firmware: null, carrier: null }, 'sequential'), undefined, { includeIdentifiers: true }).split('\r\n');
    expect(csv.slice(1, 4).map((l) => l.split(',')[1])).toEqual(imeis);
    await Promise.all(second.fleet.members.map((m) => m.connection.disconnect()));
    second.bench.dispose();
  }, 120_000);
});
