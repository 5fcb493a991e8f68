import { describe, expect, it } from 'vitest';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../codec/cwe/images.fixture.ts';
import { flowImageFromBytes } from './flow-image.ts';
import { GuidedFlow } from './guided-flow.ts';
import { AtSession } from '../at/at-session.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { drive, grantAtPort, r9Image, rig, type Rig } from './rig.fixture.ts';

async function toReconnect(r: Rig, flow: GuidedFlow): Promise<void> {
  await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
  if (flow.state.prompt?.kind === 'confirm-image') flow.confirm();
  await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
  expect(flow.state.failure).toBeNull();
}

async function inDownloadMode(r: Rig): Promise<void> {
  await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
}

async function startUpdate(scenario: Parameters<typeof rig>[0] = 'seed') {
  const r = rig(scenario);
  const port = await grantAtPort(r);
  const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: r9Image() });
  const done = flow.run();
  return { r, flow, done };
}

describe('update flow (virtual modem, virtual clock)', () => {
  it('seed RC7620-1 on R8 SIERRA → R9 GENERIC: confirm carrier change, reconnect, flash, verify', async () => {
    const { r, flow, done } = await startUpdate();
    const logs: string[] = [];
    flow.events.on('log', (l) => logs.push(l.text));
    await drive(r.clock, () => flow.state.prompt?.kind === 'confirm-image' || flow.state.status === 'failed');
    const codes = flow.state.prompt?.kind === 'confirm-image' ? flow.state.prompt.findings.map((f) => f.code) : [];
    expect(codes).toContain('carrier-differs');
    flow.confirm();
    await drive(r.clock, () => flow.state.prompt?.kind === 'reconnect' || flow.state.status === 'failed');
    expect(flow.state.before?.firmwareVersion).toBe('00.08.07.00');
    expect(flow.state.before?.impref?.current.carrier).toBe('SIERRA');
    expect(flow.state.wait).toMatchObject({ timeoutMs: 120_000 });
    await inDownloadMode(r);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '00.08.24.02', carrier: 'GENERIC' });
    expect((await done).status).toBe('done');
    expect(flow.finalPort).not.toBeNull();
    expect(logs.some((l) => l.startsWith('snapshot saved'))).toBe(true);
    expect(r.store.history.map((h) => h.phase)).toEqual(expect.arrayContaining(['snapshot', 'enter-download', 'wait-download', 'flash', 'wait-app', 'verify']));
    expect(r.store.history.some((h) => h.phase === 'flash' && (h.progress ?? 0) > 0.2 && (h.progress ?? 0) < 1)).toBe(true);
    expect(r.store.record).toBeNull();
    r.bench.dispose();
  });

  it('times out waiting for the download device, then a retry with the chooser finishes the update', async () => {
    const { r, flow, done } = await startUpdate();
    await toReconnect(r, flow);
    await drive(r.clock, () => flow.state.status === 'failed', 200_000, 500);
    expect(flow.state.failure).toMatchObject({ code: 'download-timeout', resume: 'wait-download' });
    r.bench.picker.next = 'auto';
    flow.retry();
    void flow.reconnect(); // the same click: retry + chooser
    await drive(r.clock, () => flow.state.status === 'done' || (flow.state.status === 'failed' && flow.state.failure?.code !== 'download-timeout'));
    expect(flow.state.failure).toBeNull();
    await done;
    r.bench.dispose();
  });

  it('a chooser closed without a pick does not end the wait: the link counts it, the next click finishes the update', async () => {
    const { r, flow, done } = await startUpdate();
    await toReconnect(r, flow);
    // clicked before the module was in download mode: the list is empty
    r.bench.picker.next = 'auto';
    await flow.reconnect();
    await r.clock.advance(50);
    expect(flow.state.status).toBe('needs-user');
    expect(flow.state.prompt).toMatchObject({ kind: 'reconnect', target: 'download' });
    expect(flow.link.busView.missedPicks).toBe(1);
    await inDownloadMode(r);
    r.bench.picker.next = 'cancel';
    await flow.reconnect();
    await r.clock.advance(50);
    expect(flow.state.failure).toBeNull();
    expect(flow.link.busView.missedPicks).toBe(2);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    await done;
    r.bench.dispose();
  });

  it('refuses a device that is not this module in download mode (another module, in application mode)', async () => {
    const { r, flow, done } = await startUpdate();
    r.bench.addModem('healthy', { id: 'other' });
    await toReconnect(r, flow);
    await inDownloadMode(r);
    await drive(r.clock, () => r.bench.modem('other').snapshot().usb !== null);
    r.bench.picker.next = (c) => c.findIndex((x) => x.modemId === 'other');
    await flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'failed');
    expect(flow.state.failure).toMatchObject({ code: 'wrong-device', detail: 'application-mode', resume: 'wait-download' });
    r.bench.picker.next = (c) => c.findIndex((x) => x.modemId === 'modem-1');
    flow.retry();
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    await done;
    r.bench.dispose();
  });

  it('unplugged mid-flash: unplugged-mid-flash with the download wait as next step', async () => {
    const { r, flow, done } = await startUpdate();
    await toReconnect(r, flow);
    await inDownloadMode(r);
    r.bench.setFault({ kind: 'unplug-after', bytes: 150_000 }); // the cable comes out mid-write
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'failed');
    expect(flow.state.failure).toMatchObject({ code: 'unplugged-mid-flash', resume: 'wait-download' });
    expect(r.store.record?.phase).toBe('flash');
    expect(r.store.record?.progress).toBeGreaterThan(0);
    flow.abandon();
    await done;
    expect(r.bench.modem().flash.health).toBe('boot-loop');
    r.bench.dispose();
  });

  it('times out waiting for the application port after the flash', async () => {
    const { r, flow, done } = await startUpdate();
    await toReconnect(r, flow);
    await inDownloadMode(r);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.phase === 'wait-app' || flow.state.status === 'failed');
    r.bench.pullCable();
    await drive(r.clock, () => flow.state.status === 'failed', 200_000, 500);
    expect(flow.state.failure).toMatchObject({ code: 'app-timeout', resume: 'wait-app' });
    r.bench.plugCable();
    flow.retry();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.phase === 'verify' && flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    await done;
    r.bench.dispose();
  });

  it('refuses an image for another product before touching the module', async () => {
    const r = rig('em7455');
    const port = await grantAtPort(r);
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: r9Image() });
    void flow.run();
    await drive(r.clock, () => flow.state.status === 'failed');
    expect(flow.state.failure).toMatchObject({ code: 'wrong-product', resume: null });
    expect(r.bench.modem().mode).toBe('application');
    flow.abandon();
    r.bench.dispose();
  });

  it('refuses an image that failed inspection', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const bad = { ...r9Image(), verdict: 'refused' as const, problems: ['header CRC mismatch'] };
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: bad });
    void flow.run();
    await drive(r.clock, () => flow.state.status === 'failed');
    expect(flow.state.failure).toMatchObject({ code: 'image-refused', resume: null });
    flow.abandon();
    r.bench.dispose();
  });

  it('EM7455: AT!BOOTHOLD needs AT!ENTERCND first; 9079 → 9078 over QDL; downgrade warning not raised for an upgrade', async () => {
    const r = rig('em7455');
    const port = await grantAtPort(r);
    const bytes = buildCwe(rc76PackageSpec({ platform: 'SWI9X30C', product: '9X30', firmware: '02.30.01.01', carrier: 'GENERIC', config: '002.045_000', modemSize: 120_000 }));
    const image = flowImageFromBytes(bytes, 'SWI9X30C_02.30.01.01_GENERIC_002.045_000.spk', { platform: 'SWI9X30C', product: '9X30', firmwareVersion: '02.30.01.01', carrier: 'GENERIC' });
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image });
    const logs: string[] = [];
    flow.events.on('log', (l) => logs.push(l.text));
    const done = flow.run();
    await toReconnect(r, flow);
    expect(logs).toContain('AT!ENTERCND unlocked AT!BOOTHOLD');
    await inDownloadMode(r);
    expect(r.bench.modem().snapshot().usb?.productId).toBe(0x9078);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '02.30.01.01' });
    await done;
    r.bench.dispose();
  });

  it('cancel while waiting for the device ends the flow as cancelled and clears the record', async () => {
    const { r, flow, done } = await startUpdate();
    await toReconnect(r, flow);
    expect(flow.cancel()).toBe('cancelled');
    const v = await done;
    expect(v.status).toBe('cancelled');
    expect(r.store.record).toBeNull();
    r.bench.dispose();
  });

  it('puts back the APN profile the restart lost', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const pre = new AtSession(await openWebSerial(port));
    const set = pre.send('AT+CGDCONT=1,"IP","orange"');
    await drive(r.clock, () => r.bench.modem().session.contexts.get(1)?.apn === 'orange');
    expect((await set).final.kind).toBe('ok');
    await pre.close();
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: r9Image() });
    void flow.run();
    await toReconnect(r, flow);
    await inDownloadMode(r);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.after?.pdp.find((c) => c.cid === 1)?.apn).toBe('');
    expect(flow.state.restored).toEqual(['AT+CGDCONT=1,"IP","orange"']);
    expect(r.bench.modem().session.contexts.get(1)).toEqual({ type: 'IP', apn: 'orange' });
    r.bench.dispose();
  });

  it('WP7607 (same PID in both modes, slow Linux boot): update and verify', async () => {
    const r = rig('wp7607');
    const port = await grantAtPort(r);
    const bytes = buildCwe(rc76PackageSpec({ platform: 'SWI9X07Y', product: '9X28', firmware: '02.38.00.00', carrier: 'GENERIC', config: '002.090_000', modemSize: 120_000 }));
    const image = flowImageFromBytes(bytes, 'WP76xx_Release16_GENERIC.spk', { platform: 'SWI9X07Y', product: '9X28', firmwareVersion: '02.38.00.00', carrier: 'GENERIC' });
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image });
    const done = flow.run();
    await toReconnect(r, flow);
    await inDownloadMode(r);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify).toMatchObject({ ok: true, firmware: '02.38.00.00' });
    await done;
    r.bench.dispose();
  });

  it('EM7455 moved to the OEM PID pair (9071 → 9070): the matcher accepts that pair', async () => {
    const r = rig('em7455-oem');
    const port = await grantAtPort(r);
    const bytes = buildCwe(rc76PackageSpec({ platform: 'SWI9X30C', product: '9X30', firmware: '02.30.01.01', carrier: 'GENERIC', config: '002.045_000', modemSize: 100_000 }));
    const image = flowImageFromBytes(bytes, 'em74.spk', { platform: 'SWI9X30C', product: '9X30', firmwareVersion: '02.30.01.01', carrier: 'GENERIC' });
    const flow = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image });
    void flow.run();
    await toReconnect(r, flow);
    await inDownloadMode(r);
    expect(r.bench.modem().snapshot().usb?.productId).toBe(0x9070);
    r.bench.picker.next = 'auto';
    void flow.reconnect();
    await drive(r.clock, () => flow.state.status === 'done' || flow.state.status === 'failed');
    expect(flow.state.failure).toBeNull();
    expect(flow.state.verify?.ok).toBe(true);
    r.bench.dispose();
  });
});
