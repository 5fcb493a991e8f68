/**
 * The download engine over the app's own WebUSB and WebSerial transports, on the fake browser
 * APIs: proves the look-alikes carry a whole flash the way the app will drive it. Test-only
 * imports of session and transport code.
 */
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../session/download/engine.ts';
import { FAST_TIMINGS } from '../session/download/timings.ts';
import { goldenImageBytes, imageFromBytes } from '../session/download/image.fixture.ts';
import { openWebSerial } from '../transport/web-serial.ts';
import { openWebUsb } from '../transport/web-usb.ts';
import { RealClock, ScaledClock } from './clock.ts';
import { startVirtualBench, type VirtualBench } from './index.ts';
import { waitUntil as waitFor } from './bench.fixture.ts';


async function inDownloadMode(): Promise<VirtualBench> {
  const bench = startVirtualBench({ scenario: 'tp1-download', seed: 8, clock: new ScaledClock(new RealClock(), 0.01) });
  await waitFor(() => bench.modem().mode === 'download' && bench.modem().attachment !== null);
  bench.modem().releaseTp1();
  return bench;
}

describe('download engine over the fake browser APIs', () => {
  it('WebUSB: claims the single interface, flashes Release 9 and sees the device go', async () => {
    const bench = await inDownloadMode();
    const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    const transport = await openWebUsb(device, { usb: bench.usb });
    const result = await new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes(1_500_000))], timings: FAST_TIMINGS }).run();
    expect(result).toMatchObject({ protocol: 'firehose', reset: 'gone' });
    await waitFor(() => bench.modem().snapshot().atReady);
    expect(bench.modem().snapshot().firmwareVersion).toBe('00.08.24.02');
    bench.dispose();
  });

  it('WebSerial: the same flash through the download port as a tty', async () => {
    const bench = await inDownloadMode();
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    const transport = await openWebSerial(port);
    const result = await new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes(1_500_000))], timings: FAST_TIMINGS }).run();
    expect(result).toMatchObject({ protocol: 'firehose', reset: 'gone' });
    await waitFor(() => bench.modem().snapshot().atReady);
    expect(bench.modem().snapshot()).toMatchObject({ firmwareVersion: '00.08.24.02', carrier: 'GENERIC', flashHealth: 'ok' });
    bench.dispose();
  });
});
