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
});
