import { describe, expect, it } from 'vitest';
import { maskIdentifier, modemKey, ModemFleet } from './modem-fleet.ts';
import { startVirtualBench, type VirtualBench } from '../../sim/index.ts';
import { benchUntil as until } from '../../sim/bench.fixture.ts';

/** A bench with three RC7620s (same VID:PID) ready on AT. */
async function threeModems(): Promise<VirtualBench> {
  const bench = startVirtualBench({ scenario: 'healthy', seed: 11, timeScale: 0.05 });
  bench.addModem('healthy');
  bench.addModem('seed');
  await until(bench, () => bench.snapshots().every((s) => s.atReady));
  return bench;
}

/** The chooser picks this modem's AT port. */
function pick(bench: VirtualBench, modemId: string): void {
  bench.picker.next = (c) => c.findIndex((x) => x.modemId === modemId && x.function === 'at');
}

describe('modem keys', () => {
  it('IMEI first, FSN when the IMEI is hidden, nothing otherwise', () => {
    expect(modemKey({ imei: '352653090412884', fsn: 'X' })).toBe('imei:352653090412884');
    expect(modemKey({ imei: null, fsn: '4L0183560502A1' })).toBe('fsn:4L0183560502A1');
    expect(modemKey({ imei: ' ', fsn: null })).toBeNull();
    // One masking style everywhere (issue 17): the last four stay, as on the identity panel and in exports.
    expect(maskIdentifier('352653090412884')).toBe('•••••••••••2884');
    expect(maskIdentifier('4L0183560502A1')).toBe('••••••••••02A1');
    expect(maskIdentifier(null)).toBeNull();
  });
});

describe('ModemFleet (virtual bench)', () => {
  it('three look-alike modules become three members keyed by IMEI; selection follows the newest', async () => {
    const bench = await threeModems();
    const fleet = new ModemFleet();
    const seen: string[] = [];
    fleet.selection.events.on('state', (s) => seen.push(s.kind));
    for (const id of ['modem-1', 'modem-2', 'modem-3']) {
      pick(bench, id);
      const m = await fleet.connectAnother(bench.serial);
      expect(m?.state.kind).toBe('connected');
      expect(fleet.selected).toBe(m);
    }
    expect(fleet.members).toHaveLength(3);
    const keys = fleet.members.map((m) => m.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys.every((k) => k?.startsWith('imei:'))).toBe(true);
    expect(fleet.members.map((m) => m.identity?.imei)).toEqual(bench.modems.map((m) => m.identity.imei));
    expect(seen).toContain('choosing');
    expect(fleet.selection.state.kind).toBe('connected');

    fleet.select(fleet.members[0]!.id);
    const s = fleet.selection.state;
    expect(s.kind === 'connected' && s.identity.imei).toBe(bench.modems[0]!.identity.imei);
    await Promise.all(fleet.members.map((m) => m.connection.disconnect()));
    bench.dispose();
  }, 30_000);

  it('the same module after a reset reattaches to its member (no new card)', async () => {
    const bench = await threeModems();
    const fleet = new ModemFleet();
    pick(bench, 'modem-1');
    const a = await fleet.connectAnother(bench.serial);
    pick(bench, 'modem-2');
    const b = await fleet.connectAnother(bench.serial);
    const reattached: string[] = [];
    fleet.events.on('reattached', (m) => reattached.push(m.id));

    bench.powerCycle('modem-1');
    await new Promise<void>((r) => a!.connection.events.on('state', (st) => st.kind === 'idle' && r()));
    expect(a!.state.kind).toBe('idle');
    await until(bench, () => bench.snapshot('modem-1').atReady);
    pick(bench, 'modem-1');
    const again = await fleet.connectAnother(bench.serial);
    expect(again).toBe(a);
    expect(reattached).toEqual([a!.id]);
    expect(fleet.members).toHaveLength(2);
    expect(a!.state.kind).toBe('connected');
    expect(fleet.selected).toBe(a);

    // picking a module that is already connected just selects it
    pick(bench, 'modem-2');
    expect(await fleet.connectAnother(bench.serial)).toBe(b);
    expect(fleet.members).toHaveLength(2);
    expect(fleet.selected).toBe(b);
    expect(b!.state.kind).toBe('connected');

    await fleet.remove(b!.id);
    expect(fleet.members.map((m) => m.id)).toEqual([a!.id]);
    expect(fleet.selected).toBe(a);
    await fleet.remove(a!.id);
    expect(fleet.selection.state).toEqual({ kind: 'idle', lastError: null });
    bench.dispose();
  }, 30_000);

  it('a cancelled picker adds no member; a silent port leaves its error on the selection', async () => {
    const bench = await threeModems();
    const fleet = new ModemFleet();
    pick(bench, 'modem-1');
    const a = await fleet.connectAnother(bench.serial);
    bench.picker.next = 'cancel';
    expect(await fleet.connectAnother(bench.serial)).toBeNull();
    expect(fleet.members).toEqual([a]);
    expect(fleet.selected).toBe(a);
    bench.setFault({ kind: 'silence' }, 'modem-2');
    pick(bench, 'modem-2');
    expect(await fleet.connectAnother(bench.serial, { identifyTimeoutMs: 200 })).toBeNull();
    expect(fleet.members).toEqual([a]);
    await a!.connection.disconnect();
    bench.dispose();
  }, 30_000);
});
