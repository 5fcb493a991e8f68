import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../session/download/engine.ts';
import { goldenImageBytes, imageFromBytes } from '../session/download/image.fixture.ts';
import { FAST_TIMINGS } from '../session/download/timings.ts';
import { createDownloadDevice } from '../sim/download/index.ts';
import { sierraAppInterfaces } from '../sim/profiles/types.ts';
import { loneUsbDevice, type LoneUsbDevice, type LoneUsbDeviceOptions } from '../sim/usb-device.fixture.ts';
import { explainClaimFailure, findDownloadInterface, openWebUsb } from './web-usb.ts';

/** The sim's USBDevice, alone on its bus, in front of a download-mode device. */
function rig(protocol: 'firehose' | 'qdl', options: LoneUsbDeviceOptions = {}, faults = '') {
  let lone: LoneUsbDevice | null = null;
  const device = createDownloadDevice({ protocol, faults, onUnplug: () => lone?.unplug() });
  lone = loneUsbDevice(device, options);
  return { fake: lone.device, device };
}

/** The sim's device is a USBDevice already; the name keeps the assertions as they were written. */
const asUsbDevice = (d: USBDevice): USBDevice => d;

describe('WebUSB transport', () => {
  it('finds the one vendor interface with one bulk IN and one bulk OUT', () => {
    const { fake } = rig('qdl');
    expect(findDownloadInterface(asUsbDevice(fake))).toMatchObject({ interfaceNumber: 0, inEndpoint: 1, outEndpoint: 1, inPacketSize: 512 });
  });

  it('explains application mode (several interfaces)', () => {
    const { fake } = rig('qdl', { interfaces: sierraAppInterfaces(false) });
    expect(() => findDownloadInterface(asUsbDevice(fake))).toThrow(expect.objectContaining({ code: 'no-suitable-interface', detail: 'application-mode' }));
  });

  it.each(['firehose', 'qdl'] as const)('%s: flashes through WebUSB, split into transfers', async (protocol) => {
    const { fake, device } = rig(protocol);
    const t = await openWebUsb(asUsbDevice(fake), { transferSize: 64 * 1024 });
    expect(t.info).toMatchObject({ kind: 'web-usb', label: 'USB 1199:68C0' });
    const bytes = goldenImageBytes(1_200_000);
    const r = await new DownloadEngine({ transport: t, images: [imageFromBytes(bytes)], timings: FAST_TIMINGS }).run();
    expect(r.reset).toBe('gone');
    expect(device.flash.images[0]?.complete).toBe(true);
    expect(fake.transfersOut).toBeGreaterThan(bytes.length / (64 * 1024));
    await t.close();
  });

  it('maps "Unable to claim interface" to claim-failed, with platform advice', async () => {
    const { fake } = rig('qdl', { driver: 'bound' });
    await expect(openWebUsb(asUsbDevice(fake))).rejects.toMatchObject({ code: 'claim-failed' });
    expect(explainClaimFailure('Mozilla/5.0 (X11; Linux x86_64)').cause).toBe('linux-qcserial');
    expect(explainClaimFailure('Mozilla/5.0 (Windows NT 10.0; Win64; x64)', { vendorId: 0x1199, productId: 0x9070 }).steps[0]).toMatch(/WinUSB.*1199:9070/);
  });

  it('names a stalled OUT endpoint', async () => {
    const { fake } = rig('qdl', { stallOutAfter: 100 });
    const t = await openWebUsb(asUsbDevice(fake));
    const e = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS }).run().catch((x) => x);
    expect(e).toMatchObject({ code: 'transport', transportCode: 'transfer-stall' });
  });

  it('a module that stops taking data ends in a timeout, not a hang', async () => {
    const { fake } = rig('firehose', { hangOutAfter: 200_000 });
    const t = await openWebUsb(asUsbDevice(fake));
    const e = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes(1_200_000))], timings: FAST_TIMINGS }).run().catch((x) => x);
    expect(e).toMatchObject({ code: 'timeout', phase: 'write', writeStarted: true, message: expect.stringMatching(/stopped taking data/) });
  });

  it('names babble on the IN endpoint', async () => {
    const { fake } = rig('firehose', { babbleIn: true });
    const t = await openWebUsb(asUsbDevice(fake));
    const e = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS }).run().catch((x) => x);
    expect(e).toMatchObject({ transportCode: 'transfer-babble' });
  });

  it('close() releases the device before ended says closed; reads and writes then get closed', async () => {
    const { fake } = rig('qdl');
    const t = await openWebUsb(asUsbDevice(fake));
    const openedAtEnd = t.ended.then(() => fake.opened);
    await t.close();
    expect(await t.ended).toEqual({ reason: 'closed' });
    expect(await openedAtEnd).toBe(false);
    expect(t.state).toBe('closed');
    await expect(t.read()).rejects.toMatchObject({ code: 'closed' });
    await expect(t.write(new Uint8Array([1]))).rejects.toMatchObject({ code: 'closed' });
  });

  it('reports the device lost (NetworkError) when unplugged mid-write', async () => {
    const { fake } = rig('qdl', {}, 'unplug-after:500000');
    const t = await openWebUsb(asUsbDevice(fake));
    const e = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes(1_200_000))], timings: FAST_TIMINGS }).run().catch((x) => x);
    expect(e).toMatchObject({ code: 'device-lost', phase: 'write', writeStarted: true });
  });
});
