/**
 * Which bulk transfer size for WebUSB writes: 16 KiB vs 64 KiB vs 1 MiB, engine → WebUSB
 * transport → the sim's USBDevice → virtual modem, both protocols.
 *
 * Two link models: "none" (the software cost of each transfer only: promises, copies, the
 * device codec) and "usb2" (each transfer costs 125 µs of bus scheduling plus 40 MB/s of
 * bulk bandwidth — a practical USB 2.0 high-speed figure, an assumption, not a measurement
 * of a real module).
 *
 *   npx tsx bench/download-usb-sizes.ts [MiB]
 */
import { DownloadEngine } from '../src/session/download/engine.ts';
import { FAST_TIMINGS } from '../src/session/download/timings.ts';
import { createDownloadDevice } from '../src/sim/download/index.ts';
import { VirtualFlash } from '../src/sim/download/flash.ts';
import { loneUsbDevice, type LoneUsbDevice } from '../src/sim/usb-device.fixture.ts';
import type { UsbDeviceFaults } from '../src/sim/fake-web-usb.ts';
import { openWebUsb } from '../src/transport/web-usb.ts';
import { syntheticImage } from './_download-image.ts';

const mib = Number(process.argv[2] ?? 32);
const SIZES = [16 * 1024, 64 * 1024, 1024 * 1024];
const MODELS: Record<string, UsbDeviceFaults> = { none: {}, usb2: { perTransferMs: 0.125, bytesPerSecond: 40e6 } };

async function once(protocol: 'firehose' | 'qdl', transferSize: number, model: UsbDeviceFaults) {
  let lone: LoneUsbDevice | null = null;
  const device = createDownloadDevice({ protocol, flash: new VirtualFlash({ retainBytes: false }), onUnplug: () => lone?.unplug() });
  lone = loneUsbDevice(device, model);
  const fake = lone.device;
  const transport = await openWebUsb(fake, { transferSize });
  const image = syntheticImage(mib * 1024 * 1024);
  const engine = new DownloadEngine({ transport, images: [image], transferSize, timings: { ...FAST_TIMINGS, saharaListenMs: 50, goneAfterResetMs: 0, qdlChunkMs: 60_000, firehoseDataAckMs: 60_000 } });
  const r = await engine.run();
  await transport.close();
  return { mbps: r.mbps, transfers: fake.transfersOut };
}

const rows: Record<string, unknown>[] = [];
for (const [model, opts] of Object.entries(MODELS)) {
  for (const protocol of ['firehose', 'qdl'] as const) {
    const row: Record<string, unknown> = { link: model, protocol };
    for (const size of SIZES) {
      const r = await once(protocol, size, opts);
      row[`${size / 1024} KiB MB/s`] = r.mbps.toFixed(0);
      row[`${size / 1024} KiB transfers`] = r.transfers;
    }
    rows.push(row);
  }
}
console.log(`WebUSB write transfer size, ${mib} MiB image`);
console.table(rows);
console.log('Firehose writes one negotiated block (16 KiB on the RC76xx profile) per transfer whatever the cap; the cap matters for QDL\'s 1 MiB chunks.');
