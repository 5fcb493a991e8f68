import { describe, expect, it } from 'vitest';
import { GuidedFlow } from './guided-flow.ts';
import { drive, grantAtPort, r9Image, rig } from './test-support.ts';

describe('update flow (virtual modem, virtual clock)', () => {
  it('seed RC7620-1 on R8 SIERRA → R9 GENERIC: confirm carrier change, reconnect, flash, verify', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: r9Image() });
    const logs: string[] = [];
    flow.events.on('log', (l) => logs.push(l.text));
    const done = flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.status === 'failed');
    expect(flow.state.prompt).toMatchObject({ kind: 'confirm-image' });
    const codes = flow.state.prompt?.kind === 'confirm-image' ? flow.state.prompt.findings.map((f) => f.code) : [];
    expect(codes).toContain('carrier-differs');
    flow.confirm();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
    expect(flow.state.before?.firmwareVersion).toBe('00.08.07.00');
    expect(flow.state.before?.impref?.current.carrier).toBe('SIERRA');
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '00.08.24.02', carrier: 'GENERIC' });
    expect((await done).status).toBe('done');
    expect(flow.finalPort).not.toBeNull();
    expect(r.store.history.map((h) => h.phase)).toEqual(expect.arrayContaining(['snapshot', 'enter-download', 'wait-download', 'flash', 'wait-app', 'verify']));
    expect(r.store.record).toBeNull();
    r.bench.dispose();
  });
});
