/**
 * A download-mode device behind an in-memory Transport: what unit tests and benchmarks use,
 * and the pattern a fake WebUSB/WebSerial carrier follows (host bytes → receive, device
 * bytes → deliver, onUnplug → the device is lost).
 */
import { MemoryTransport } from '../../transport/memory.ts';
import type { TransportInfo } from '../../transport/transport.ts';
import { createDownloadDevice, type DownloadDevice, type DownloadDeviceOptions } from './index.ts';

export const RC7620_DOWNLOAD_INFO: TransportInfo = {
  kind: 'memory',
  label: 'virtual RC7620 (download mode)',
  usb: { vendorId: 0x1199, productId: 0x68c0 },
};

export function connectDownloadDevice(
  options: DownloadDeviceOptions & {
    readonly info?: TransportInfo;
    /** Taps for traces: every host→device and device→host piece, in order. */
    readonly onHostBytes?: (d: Uint8Array) => void;
    readonly onDeviceBytes?: (d: Uint8Array) => void;
  },
): { device: DownloadDevice; transport: MemoryTransport } {
  let transport: MemoryTransport | null = null;
  const device = createDownloadDevice({
    ...options,
    onUnplug: (reason) => {
      options.onUnplug?.(reason);
      transport?.lose(`The virtual module left the bus: ${reason}.`);
    },
  });
  transport = new MemoryTransport(options.info ?? RC7620_DOWNLOAD_INFO, {
    onHostData: (d) => {
      options.onHostBytes?.(d);
      device.receive(d);
    },
    onHostClose: () => device.close(),
  });
  const t = transport;
  device.open({
    send: (d) => {
      options.onDeviceBytes?.(d);
      t.deliver(d);
    },
  });
  return { device, transport };
}
