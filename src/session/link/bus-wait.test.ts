import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.ts';
import { usbPairFor } from '../../knowledge/preflight/usb-identities.ts';
import { waitForSerialPort, waitForUsbDevice } from './bus-wait.ts';
import { isDownloadLayout, serialMatches, usbMatchesDownload } from './port-role.ts';
import { drive, rig } from '../flows/rig.fixture.ts';

describe('USB identities', () => {
  it('knows each family’s application and download PIDs', () => {
    expect(usbPairFor('RC7620-1')).toMatchObject({ app: [0x68c0], download: [0x68c0] });
    expect(usbPairFor('EM7455').download).toContain(0x9078);
    expect(usbPairFor('EM7565')).toMatchObject({ app: [0x9091], download: [0x9090] });
    // unknown model: the PID it showed tells the family
    expect(usbPairFor(null, { vendorId: 0x1199, productId: 0x9071 }).download).toContain(0x9070);
  });
});

describe('device waiter', () => {
  it('finds a granted port when it comes back, and times out on the flow clock otherwise', async () => {
    const r = rig('healthy');
    await drive(r.clock, () => r.bench.modem().snapshot().atReady);
    r.bench.picker.next = 'auto';
    const first = await r.bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    const pair = usbPairFor('RC7620-1');
    expect(serialMatches(first, pair.vendorId, pair.app)).toBe(true);
    const before = new Set([first]);
    r.bench.powerCycle();
    const back = waitForSerialPort(r.bench.serial, (p) => serialMatches(p, pair.vendorId, pair.app), { clock: r.clock, timeoutMs: 30_000, before });
    let outcome: Awaited<typeof back> | null = null;
    void back.then((o) => (outcome = o));
    await drive(r.clock, () => outcome !== null);
    expect(outcome).toMatchObject({ kind: 'found' });
    expect((outcome as unknown as { device: SerialPort }).device).not.toBe(first);

    r.bench.pullCable();
    const never = waitForSerialPort(r.bench.serial, () => true, { clock: r.clock, timeoutMs: 5_000, before: new Set() });
    let late: Awaited<typeof never> | null = null;
    void never.then((o) => (late = o));
    await drive(r.clock, () => late !== null, 10_000);
    expect(late).toEqual({ kind: 'timeout' });
    r.bench.dispose();
  });

  it('tells the download layout (one interface) from application mode on the same PID', async () => {
    const r = rig('tp1-download');
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    r.bench.picker.next = 'auto';
    const dev = await r.bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    expect(isDownloadLayout(dev)).toBe(true);
    expect(usbMatchesDownload(dev, usbPairFor('RC7620-1'))).toBe(true);
    expect(usbMatchesDownload(dev, usbPairFor('EM7455'))).toBe(false);
    const again = await waitForUsbDevice(r.bench.usb, (d) => usbMatchesDownload(d, usbPairFor('RC7620-1')), { clock: new VirtualClock(), timeoutMs: 1000 });
    expect(again).toMatchObject({ kind: 'found' });
    const abort = new AbortController();
    abort.abort();
    expect(await waitForUsbDevice(r.bench.usb, () => true, { clock: new VirtualClock(), timeoutMs: 1000, signal: abort.signal })).toEqual({ kind: 'aborted' });
    r.bench.dispose();
  });
});
