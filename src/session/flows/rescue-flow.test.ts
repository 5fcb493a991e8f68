import { describe, expect, it } from 'vitest';
import { GuidedFlow } from './guided-flow.ts';
import { drive, r9Image, rig, type Rig } from './rig.fixture.ts';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../codec/cwe/images.fixture.ts';
import { flowImageFromBytes } from './flow-image.ts';

/** The user grants the looping port while it is up (the chooser lists it only then). */
async function grantWhileUp(r: Rig, flow: GuidedFlow): Promise<void> {
  await drive(r.clock, () => flow.state.prompt?.kind === 'pick-loop-port');
  await drive(r.clock, () => r.bench.modem().mode === 'boot-loop' && r.bench.modem().attachment !== null);
  r.bench.picker.next = 'auto';
  await flow.pickLoopPort();
}

describe('boot-loop rescue flow', () => {
  it('recognises the loop, catches it with AT!BOOTHOLD, flashes a known-good image and verifies', async () => {
    const r = rig('boot-loop');
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: r9Image(), model: 'RC7620-1' });
    const done = flow.run();
    await grantWhileUp(r, flow);
    await drive(r.clock, () => flow.state.phase === 'catch' || flow.state.status === 'failed', 120_000);
    expect(flow.state.loop?.looping).toBe(true);
    expect(flow.state.loop?.seen).toBeGreaterThanOrEqual(2);
    expect(flow.state.loop?.meanUpMs).toBeLessThan(4000);
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed', 120_000);
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    expect(flow.state.catchAttempts).toBe(1);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '00.08.24.02', carrier: 'GENERIC' });
    expect(r.bench.modem().snapshot().flashHealth).toBe('ok');
    await done;
    r.bench.dispose();
  });

  it('"it keeps disconnecting" skips the detection', async () => {
    const r = rig('boot-loop');
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: r9Image(), model: 'RC7620-1' });
    void flow.run();
    await grantWhileUp(r, flow);
    flow.reportLoop();
    await drive(r.clock, () => flow.state.phase === 'catch');
    expect(flow.state.loop?.looping).toBe(true);
    flow.cancel();
    r.bench.dispose();
  });

  it('a pick that misses the window says so, and "it keeps disconnecting" before any grant waits for the port instead of catching blind', async () => {
    const r = rig('boot-loop');
    r.bench.modem().flash.loopUncatchable = true;
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: null, model: 'RC7620-1' });
    void flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'pick-loop-port');
    // the click lands while the module is down: the chooser is empty
    await drive(r.clock, () => r.bench.modem().attachment === null);
    r.bench.picker.next = 'auto';
    await flow.pickLoopPort();
    expect(flow.state.prompt).toMatchObject({ kind: 'pick-loop-port', catchAsked: false });
    expect(flow.state.loopPicksMissed).toBe(1);
    // the user says it loops: without the grant a catch would never see it appear, so it still asks for the port
    flow.reportLoop();
    await drive(r.clock, () => flow.state.prompt?.kind === 'pick-loop-port' && flow.state.prompt.catchAsked, 5_000);
    for (let i = 0; i < 1200; i++) await r.clock.advance(50);
    expect(flow.state.phase).toBe('watch');
    expect(flow.state.prompt).toMatchObject({ kind: 'pick-loop-port', catchAsked: true });
    expect(flow.state.loopPicksMissed).toBe(1);
    // picked while up: the catch starts at once, and goes on to TP1 after three tries
    await drive(r.clock, () => r.bench.modem().mode === 'boot-loop' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    await flow.pickLoopPort();
    await drive(r.clock, () => flow.state.phase === 'catch', 5_000);
    await drive(r.clock, () => flow.state.prompt?.kind === 'tp1' || flow.state.status === 'failed', 300_000);
    expect(flow.state.failure).toBeNull();
    expect(flow.state.catchAttempts).toBe(3);
    flow.cancel();
    r.bench.dispose();
  });

  it('cannot catch it (the application crashes before its AT server starts): after three tries, the TP1 guide, then flash and verify', async () => {
    const r = rig('boot-loop');
    r.bench.modem().flash.loopUncatchable = true;
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: null, model: 'RC7620-1' });
    void flow.run();
    await grantWhileUp(r, flow);
    flow.reportLoop();
    await drive(r.clock, () => flow.state.prompt?.kind === 'tp1' || flow.state.status === 'failed', 300_000);
    expect(flow.state.failure).toBeNull();
    expect(flow.state.phase).toBe('tp1');
    expect(flow.state.catchAttempts).toBe(3);
    // the user follows the guide: TP1 low, power on, release
    r.bench.holdTp1(true);
    r.bench.powerCycle();
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.holdTp1(false);
    flow.tp1Done();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect');
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.prompt?.kind === 'choose-image' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    flow.provideImage(r9Image());
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify?.ok).toBe(true);
    r.bench.dispose();
  });

  it('a module already in download mode (TP1 held at power-on) goes straight to the chooser, then flash and verify', async () => {
    const r = rig('tp1-download');
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: r9Image(), model: 'RC7620-1' });
    void flow.run();
    await drive(r.clock, () => flow.state.prompt?.kind === 'pick-loop-port');
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    flow.alreadyInDownloadMode();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect');
    r.bench.holdTp1(false);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.phase === 'wait-app' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    // the user never granted the application port on this page: the chooser again
    await drive(r.clock, () => r.bench.modem().snapshot().atReady);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '00.08.24.02' });
    r.bench.dispose();
  });

  it('EM7455 held in download mode after a failed update (download-hold): flashed from the chooser and verified', async () => {
    const r = rig('download-hold');
    const bytes = buildCwe(rc76PackageSpec({ platform: 'SWI9X30C', product: '9X30', firmware: '02.24.05.06', carrier: 'GENERIC', config: '002.026_000', modemSize: 100_000 }));
    const image = flowImageFromBytes(bytes, 'em74.spk', { platform: 'SWI9X30C', product: '9X30', firmwareVersion: '02.24.05.06', carrier: 'GENERIC' });
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image, model: 'EM7455' });
    void flow.run();
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    flow.alreadyInDownloadMode();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect');
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.phase === 'wait-app' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    await drive(r.clock, () => r.bench.modem().snapshot().atReady);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '02.24.05.06' });
    expect(r.bench.modem().snapshot().flashHealth).toBe('ok');
    r.bench.dispose();
  });

  it('a missed catch (nothing answered AT!BOOTHOLD) goes straight back to watching: no "reconnect" prompt while the module is simply looping', async () => {
    const r = rig('boot-loop');
    r.bench.modem().flash.loopUncatchable = true;
    const flow = new GuidedFlow({ kind: 'rescue', env: r.env, image: null, model: 'RC7620-1' });
    const prompts: string[] = [];
    const logs: string[] = [];
    flow.events.on('state', (v) => v.prompt && prompts.at(-1) !== v.prompt.kind && prompts.push(v.prompt.kind));
    flow.events.on('log', (l) => logs.push(l.text));
    void flow.run();
    await grantWhileUp(r, flow);
    flow.reportLoop();
    await drive(r.clock, () => flow.state.prompt?.kind === 'tp1' || flow.state.status === 'failed', 300_000);
    expect(flow.state.catchAttempts).toBe(3);
    expect(prompts).toEqual(['pick-loop-port', 'tp1']);
    expect(logs.filter((l) => /nothing answered AT!BOOTHOLD before it went: not caught/.test(l))).toHaveLength(3);
    expect(logs.some((l) => l.includes('came back as the application port'))).toBe(false);
    // the link named it from the bus, and the timeline holds each appearance
    expect(flow.link.busView.state.kind).toBe('looping');
    const bus = flow.link.busData();
    expect(bus.spans.filter((x) => x.identity === 'app').length).toBeGreaterThanOrEqual(3);
    expect(bus.spans.every((x) => x.to === null || x.to - x.from < 4000)).toBe(true);
    flow.cancel();
    r.bench.dispose();
  });

  it('TP1 still held after the write: the module comes back in download mode, the link names it (held in TP1), and once released the flow ends verified', async () => {
    const r = rig('boot-loop');
    r.bench.modem().flash.loopUncatchable = true;
    const notes: string[] = [];
    const journal = new Proxy({ notes }, { get: (t, k) => (k === 'note' ? (x: string) => notes.push(x) : k === 'active' ? true : k === 'id' ? 'j' : k in t ? t[k as 'notes'] : () => () => undefined) });
    const flow = new GuidedFlow({ kind: 'rescue', env: { ...r.env, journal: journal as never }, image: r9Image(), model: 'RC7620-1' });
    const done = flow.run();
    await grantWhileUp(r, flow);
    flow.reportLoop();
    await drive(r.clock, () => flow.state.prompt?.kind === 'tp1' || flow.state.status === 'failed', 300_000);
    r.bench.holdTp1(true);
    r.bench.powerCycle();
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    flow.tp1Done(); // TP1 stays held
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect');
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.phase === 'wait-app' || flow.state.status === 'failed', 120_000);
    expect(flow.state.failure).toBeNull();
    expect(flow.link.busView.tp1).toBe(true);
    // the write's reset is expected, and the module is back in download mode (TP1 low at power-on)
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    expect(await flow.link.probeDownload()).toBe(true);
    expect(flow.link.busView.state.kind).toBe('held-in-tp1');
    expect(flow.state.phase).toBe('wait-app');
    // released and power-cycled: the application port comes back (granted earlier) and the flow verifies
    r.bench.holdTp1(false);
    r.bench.powerCycle();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed' || flow.state.prompt?.kind === 'reconnect', 120_000);
    if (flow.state.status !== 'done' && flow.state.status !== 'failed') {
      await drive(r.clock, () => r.bench.modem().snapshot().atReady);
      r.bench.picker.next = 'auto';
      void flow.reconnect();
      await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed', 120_000);
    }
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify?.ok).toBe(true);
    await done;
    // the session log keeps the bus timeline
    const note = notes.find((n) => n.startsWith('bus-timeline '));
    expect(note).toBeDefined();
    r.bench.dispose();
  });
});
