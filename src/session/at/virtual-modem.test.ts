/**
 * The diagnosis sequence against the colleague-built virtual modem (src/sim) in the seed
 * scenario: a test-only import proving the parsers and rules agree with the simulated
 * firmware as well as with the research transcripts they were written from.
 */
import { describe, expect, it } from 'vitest';
import { RealClock, ScaledClock } from '../../sim/clock.ts';
import { startVirtualBench, type VirtualBench } from '../../sim/index.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { AtSession } from './at-session.ts';
import { runFix } from './fix-actions.ts';
import { runSnapshot } from './snapshot.ts';
import { waitUntil } from '../../sim/bench.fixture.ts';

const waitFor = (cond: () => boolean) => waitUntil(cond, 15_000);

async function session(bench: VirtualBench): Promise<AtSession> {
  await waitFor(() => bench.modem().snapshot().atReady);
  return new AtSession(bench.connectMemory('at'));
}

describe('diagnosis against the virtual modem', () => {
  it('seed: finds the carrier mismatch and the failing data, fixes it, re-checks clean', async () => {
    const bench = startVirtualBench({ scenario: 'seed', seed: 42, clock: new ScaledClock(new RealClock(), 0.01) });
    let s = await session(bench);
    await waitFor(() => bench.modem().registration().camped);
    const snap = await runSnapshot(s);
    expect(snap.identity?.model).toBe('RC7620-1');
    expect(snap.firmware?.version).toBe('00.08.07.00');
    expect(snap.imagePreference?.current.carrier).toBe('SIERRA');
    expect(snap.operator?.operator).toBe('Orange F');
    const before = evaluate({ snapshot: snap, errors: [], signals: [] });
    expect(before.map((f) => f.id)).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed']));

    const action = before.find((f) => f.id === 'carrier-mismatch')!.nextSteps.find((x) => x.action)!.action!;
    const first = bench.modem().attachment;
    const outcome = await runFix(s, action, { confirmed: true });
    expect(outcome.kind).toBe('done');
    await waitFor(() => bench.modem().attachment !== null && bench.modem().attachment !== first);
    await s.close();

    s = await session(bench);
    await waitFor(() => bench.modem().registration().attached);
    const after = evaluate({ snapshot: await runSnapshot(s), errors: [], signals: [] });
    expect(after.filter((f) => f.severity === 'error').map((f) => f.id)).toEqual([]);
    expect(after.map((f) => f.id)).toEqual(['firmware-outdated']);
    await s.close();
    bench.dispose();
  });

  it.each(['healthy', 'em7455', 'em7565'] as const)('%s: snapshot parses and finds no error', async (scenario) => {
    let bench: VirtualBench;
    try {
      bench = startVirtualBench({ scenario: scenario as never, seed: 7, clock: new ScaledClock(new RealClock(), 0.01) });
    } catch {
      return; // scenario id not defined by the simulator
    }
    const s = await session(bench);
    await waitFor(() => bench.modem().registration().attached);
    const snap = await runSnapshot(s);
    expect(snap.identity?.model).toBeTruthy();
    expect(snap.firmware?.version).toMatch(/^\d\d\.\d\d\.\d\d\.\d\d$/);
    expect(snap.sim?.state).toBe('ready');
    const errors = evaluate({ snapshot: snap, errors: [], signals: [] }).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.id}: ${f.detail.en}`)).toEqual([]);
    await s.close();
    bench.dispose();
  });
});

describe('diagnosis of the other virtual-modem scenarios', () => {
  it.each([
    ['sim-pin', 'sim-not-ready'],
    ['sim-puk', 'sim-not-ready'],
    ['no-sim', 'sim-not-ready'],
    ['no-signal', 'not-registered'],
  ] as const)('%s → %s', async (scenario, expected) => {
    const bench = startVirtualBench({ scenario, seed: 7, clock: new ScaledClock(new RealClock(), 0.01) });
    const s = await session(bench);
    await new Promise((r) => setTimeout(r, 200));
    const findings = evaluate({ snapshot: await runSnapshot(s), errors: [], signals: [] });
    expect(findings.map((f) => f.id)).toContain(expected);
    await s.close();
    bench.dispose();
  });

  it('em7455-oem: reads the OEM PRI', async () => {
    const bench = startVirtualBench({ scenario: 'em7455-oem', seed: 7, clock: new ScaledClock(new RealClock(), 0.01) });
    const s = await session(bench);
    const snap = await runSnapshot(s);
    expect(snap.priId?.partNumber).toBeTruthy();
    expect(snap.identity?.model).toMatch(/7455/);
    await s.close();
    bench.dispose();
  });
});
