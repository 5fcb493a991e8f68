import { describe, expect, it } from 'vitest';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { AtSession } from './at-session.ts';
import { runFix, UnconfirmedFixError } from './fix-actions.ts';
import { runSnapshot, type SnapshotProgress } from './snapshot.ts';
import { seedModem } from './seed-modem.fixture.ts';

describe('runSnapshot', () => {
  it('runs the sequence and parses every answer', async () => {
    const modem = seedModem();
    const session = new AtSession(modem.transport);
    const progress: SnapshotProgress[] = [];
    const s = await runSnapshot(session, { onProgress: (p) => progress.push(p) });
    expect(s.identity?.model).toBe('RC7620-1');
    expect(s.firmware?.version).toBe('00.08.07.00');
    expect(s.imei).toBe('352653090123456');
    expect(s.imagePreference?.current.carrier).toBe('SIERRA');
    expect(s.images?.slots).toHaveLength(5);
    expect(s.priId?.carrierPri?.carrier).toBe('SIERRA');
    expect(s.sim?.state).toBe('ready');
    expect(s.iccid).toBe('8933014512345678901');
    expect(s.imsi).toBe('208011234567890');
    expect(s.functionality?.level).toBe(1);
    expect(s.powerControl?.lowPower).toBe(false);
    expect(s.ratSelection?.index).toBe(0);
    expect(s.band?.name).toBe('All bands');
    expect(s.gstatus?.psState).toBe('Not attached');
    expect(s.operator?.operator).toBe('Orange F');
    expect(s.registration.eps?.stat).toBe(2);
    expect(s.signal?.rssiDbm).toBe(-69);
    expect(s.pdpContexts).toHaveLength(2);
    expect(progress.map((p) => p.command)).toEqual(modem.received);
    expect(modem.received).not.toContain('AT!ENTERCND="A710"');
    await session.close();
  });

  it('finds the seed problems, fixes them from the card, and re-checks clean', async () => {
    const modem = seedModem();
    const session = new AtSession(modem.transport);
    const before = evaluate({ snapshot: await runSnapshot(session), errors: [], signals: [] });
    expect(before.map((f) => f.id)).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed']));
    const action = before.find((f) => f.id === 'carrier-mismatch')!.nextSteps.find((s) => s.action)!.action!;
    await expect(runFix(session, action, { confirmed: false })).rejects.toBeInstanceOf(UnconfirmedFixError);
    const outcome = await runFix(session, action, { confirmed: true });
    expect(outcome.kind).toBe('done');
    expect(modem.received.slice(-4)).toEqual(['AT!IMPREF="GENERIC"', 'AT!ENTERCND="A710"', 'AT!IMPREF="GENERIC"', 'AT!RESET']);
    const after = evaluate({ snapshot: await runSnapshot(session), errors: [], signals: [] });
    expect(after.filter((f) => f.severity === 'error')).toEqual([]);
    await session.close();
  });

  it('records a failing command and goes on; stops when the port is lost', async () => {
    const modem = seedModem();
    const session = new AtSession(modem.transport, { defaultTimeoutMs: 30 });
    const s = await runSnapshot(session);
    expect(s.answers.iccid?.command).toBe('AT+CCID');
    const lost = seedModem();
    const s2 = new AtSession(lost.transport);
    setTimeout(() => lost.transport.lose(), 1);
    await expect(runSnapshot(s2)).rejects.toMatchObject({ code: 'device-lost' });
  });
});
