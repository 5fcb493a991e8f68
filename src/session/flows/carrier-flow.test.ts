import { describe, expect, it } from 'vitest';
import { GuidedFlow } from './guided-flow.ts';
import { drive, grantAtPort, rig } from './rig.fixture.ts';

describe('carrier switch flow', () => {
  it('seed: SIERRA → GENERIC with AT!ENTERCND, reset, reconnect, verified, and the check no longer finds the mismatch', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port, targetCarrier: 'GENERIC' });
    const logs: string[] = [];
    flow.events.on('log', (l) => logs.push(l.text));
    const done = flow.run();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(logs).toContain('preferred carrier set to GENERIC (after AT!ENTERCND)');
    expect(flow.state.before?.impref?.current.carrier).toBe('SIERRA');
    expect(flow.state.verify).toMatchObject({ ok: true, carrier: 'GENERIC', preferredCarrier: 'GENERIC' });
    expect(flow.state.findings.map((f) => f.id)).not.toContain('carrier-mismatch');
    expect(r.bench.modem().snapshot().carrier).toBe('GENERIC');
    expect((await done).status).toBe('done');
    expect(flow.finalPort).not.toBeNull();
    r.bench.dispose();
  });

  it('leads into the update when the carrier package is not on the module', async () => {
    const r = rig('healthy');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port, targetCarrier: 'ORANGE-EU' });
    void flow.run();
    await drive(r.clock, () => flow.state.status === 'failed');
    expect(flow.state.failure).toMatchObject({ code: 'carrier-package-missing', detail: 'ORANGE-EU', resume: null });
    expect(r.bench.modem().snapshot().preferredCarrier).toBe('GENERIC');
    flow.abandon();
    r.bench.dispose();
  });

  it('times out when the module does not come back after the reset', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port });
    void flow.run();
    await drive(r.clock, () => flow.state.phase === 'wait-app' || flow.state.status === 'failed');
    r.bench.pullCable();
    await drive(r.clock, () => flow.state.status === 'failed', 200_000, 500);
    expect(flow.state.failure).toMatchObject({ code: 'app-timeout', resume: 'wait-app' });
    r.bench.plugCable();
    flow.retry();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    r.bench.dispose();
  });

  it('already on the target carrier: straight to the check', async () => {
    const r = rig('healthy');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'carrier', env: r.env, atPort: port, targetCarrier: 'GENERIC' });
    const phases: string[] = [];
    flow.events.on('state', (v) => phases.at(-1) !== v.phase && phases.push(v.phase));
    void flow.run();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.status).toBe('done');
    expect(flow.state.verify).toMatchObject({ ok: true, carrier: 'GENERIC' });
    expect(phases).not.toContain('reset');
    r.bench.dispose();
  });
});
