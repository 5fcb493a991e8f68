import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { planBatch, type PlanMember } from './batch-plan.ts';
import { BatchUpdate } from './batch-update.ts';
import { summarize } from './batch-summary.ts';
import { ModemFleet } from '../connection/modem-fleet.ts';
import { startVirtualBench } from '../../sim/index.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { r9Image } from '../flows/rig.fixture.ts';
import { benchUntil as until } from '../../sim/bench.fixture.ts';
import { connectWholeBench } from './fleet.fixture.ts';
import { memoryJournal, type MemoryJournal } from '../write/memory-journal.fixture.ts';

const healthy: PlanMember = { id: 'a', connected: true, model: 'RC7620-1', revision: 'SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54' };
const seed: PlanMember = { id: 'b', connected: true, model: 'RC7620-1', revision: 'SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/02 11:12:13' };
const em: PlanMember = { id: 'c', connected: true, model: 'EM7455', revision: 'SWI9X30C_02.24.05.06 r7792 CARMD-EV-FRMWR2 2017/05/19 06:23:09' };

describe('batch plan (the write check against each modem’s AT identity)', () => {
  it('writes the outdated modem, skips the current one, refuses the other product line', () => {
    const plan = planBatch({ image: r9Image(), members: [healthy, seed, em] });
    expect(plan.writes).toEqual(['b']);
    expect(plan.skipped).toBe(1);
    expect(plan.refused).toBe(1);
    const [a, b, c] = plan.entries.map((e) => e.verdict);
    expect(a).toEqual({ kind: 'current', firmware: '00.08.24.02' });
    expect(b).toMatchObject({ kind: 'write', from: '00.08.07.00', to: '00.08.24.02', reflash: false });
    expect(c).toMatchObject({ kind: 'refused', imageLine: 'RC76xx', moduleLine: 'EM/MC74xx' });
    expect(c!.kind === 'refused' && c!.refusal.code).toBe('product-mismatch');
  });

  it('"re-flash anyway" turns the skipped modem into a write; a refused one stays refused', () => {
    const plan = planBatch({ image: r9Image(), members: [healthy, em], reflash: new Set(['a', 'c']) });
    expect(plan.writes).toEqual(['a']);
    expect(plan.entries[0]!.verdict).toMatchObject({ kind: 'write', reflash: true, from: '00.08.24.02' });
    expect(plan.entries[1]!.verdict.kind).toBe('refused');
  });

  it('an unknown model is refused unless the operator typed its model; a disconnected one cannot be reached', () => {
    const odd: PlanMember = { id: 'd', connected: true, model: 'XY1234', revision: null };
    expect(planBatch({ image: r9Image(), members: [odd] }).entries[0]!.verdict).toMatchObject({ kind: 'refused' });
    expect(planBatch({ image: r9Image(), members: [{ ...seed, connected: false }] }).entries[0]!.verdict.kind).toBe('not-connected');
  });
});

describe('batch run follows the plan (virtual bench)', () => {
  it('only the outdated modem is written; the current one and the EM7455 are left alone, each journal says why', async () => {
    const bench = startVirtualBench({ scenario: 'healthy', seed: 11, timeScale: 0.02 });
    bench.addModem('seed');
    bench.addModem('em7455');
    const fleet = await connectWholeBench(bench);
    expect(fleet.members.map((m) => m.identity?.model)).toEqual(['RC7620-1', 'RC7620-1', 'EM7455']);
    const journals = new Map<string, MemoryJournal>(fleet.members.map((m) => [m.id, memoryJournal()]));
    const downloads = new Set<string>();
    const batch = new BatchUpdate({
      fleet,
      memberIds: fleet.members.map((m) => m.id),
      image: r9Image(),
      mode: 'sequential',
      env: { serial: bench.serial, usb: bench.usb, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0 },
      lock: async () => ({ kind: 'acquired', release: () => undefined }),
      sessionFor: (m) => journals.get(m.id)!,
    });
    batch.events.on('row', (r) => {
      if (r.status !== 'needs-reconnect' || r.phase !== 'wait-download') return;
      const imei = fleet.get(r.memberId)!.identity!.imei;
      const vm = bench.modems.find((x) => x.identity.imei === imei)!;
      downloads.add(vm.id);
      void until(bench, () => vm.mode === 'download' && vm.attachment !== null).then(() => {
        bench.picker.next = (c) => c.findIndex((x) => x.modemId === vm.id);
        return batch.reconnect(r.memberId);
      });
    });
    const rows = await batch.run();
    expect(rows.map((r) => [r.status, r.result])).toEqual([
      ['skipped', 'already-current'],
      ['ok', 'ok'],
      ['skipped', 'refused'],
    ]);
    expect(rows[1]!.afterFirmware).toBe('00.08.24.02');
    expect(rows[2]!.message).toMatch(/RC76xx.*EM7455|EM7455.*RC76xx/);
    // nothing was sent to the two left alone: they never left their application firmware
    expect([...downloads]).toEqual([bench.modems[1]!.id]);
    expect(fleet.members.map((m) => m.state.kind)).toEqual(['connected', 'connected', 'connected']);
    const [ja, , jc] = fleet.members.map((m) => journals.get(m.id)!);
    expect(ja!.kinds('flow-step').some((e) => e.kind === 'flow-step' && e.status === 'skipped')).toBe(true);
    expect(jc!.kinds('error').some((e) => e.kind === 'error' && e.code === 'product-mismatch' && e.detail === 'nothing was sent to the module')).toBe(true);
    expect(summarize(rows, { name: 'R9', sha256: null, firmware: null, carrier: null }, 'sequential').counts).toEqual({ ok: 1, failed: 0, skipped: 2, total: 3 });
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    bench.dispose();
  }, 120_000);
});
