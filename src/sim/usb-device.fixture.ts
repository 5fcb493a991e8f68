/**
 * One of the sim's fake USBDevices on its own, wired to any DeviceEndpoint (usually a
 * download-mode device from sim/download): the WebUSB and node-usb transports' tests and the
 * transfer-size bench drive the same device the app's demo mode uses, without a bench of
 * modems, scenarios or a picker around it. The page is granted the device up front (as an
 * enterprise policy would), so `open()` needs no chooser.
 */
import type { DeviceEndpoint } from '../transport/device-endpoint.ts';
import { Attachment } from './attachment.ts';
import { RealClock, type Clock } from './clock.ts';
import { FakeUSB, type FakeUSBDevice, type UsbBackend, type UsbDeviceFaults } from './fake-web-usb.ts';
import { FaultyLink } from './faults.ts';
import { Picker } from './picker.ts';
import { DOWNLOAD_INTERFACE, type InterfaceSpec } from './profiles/types.ts';
import { Rng } from './rng.ts';

export interface LoneUsbDeviceOptions extends UsbDeviceFaults {
  /** Default 1199:68C0 (RC76xx, whose PID stays the same in download mode). */
  readonly vendorId?: number;
  readonly productId?: number;
  /** The configuration's interfaces; default the one download-mode interface. Every one is wired to the endpoint. */
  readonly interfaces?: readonly InterfaceSpec[];
  /** 'bound': the OS serial driver holds the download interface, so claiming it fails as on Linux with qcserial. */
  readonly driver?: 'detached' | 'bound';
  /** Default the real clock (the bus-speed model then costs wall time, which is what a bench measures). */
  readonly clock?: Clock;
}

export interface LoneUsbDevice {
  readonly device: FakeUSBDevice;
  /** Its navigator.usb, for the transport's `usb` option (disconnect events). */
  readonly usb: FakeUSB;
  /** The module leaves the bus: pending and later transfers fail as Chrome's do. */
  unplug(): void;
}

export function loneUsbDevice(endpoint: DeviceEndpoint, options: LoneUsbDeviceOptions = {}): LoneUsbDevice {
  const clock = options.clock ?? new RealClock();
  const attachment = new Attachment(
    {
      modemId: 'lone',
      mode: 'download',
      vendorId: options.vendorId ?? 0x1199,
      productId: options.productId ?? 0x68c0,
      serialNumber: null,
      manufacturerName: 'Sierra Wireless, Incorporated',
      productName: 'Boot-and-hold device',
      interfaces: options.interfaces ?? [DOWNLOAD_INTERFACE],
    },
    () => endpoint,
    // no line faults: the download device's own plan and UsbDeviceFaults cover these tests
    (hooks) => new FaultyLink(() => [], { hostBytesSinceArmed: () => 0, addHostBytes: () => undefined }, clock, new Rng(1), hooks),
  );
  const detached = new Set<(a: Attachment) => void>();
  const backend: UsbBackend = {
    picker: new Picker(),
    attachments: () => (attachment.connected ? [attachment] : []),
    onAttach: () => () => undefined,
    onDetach: (fn) => {
      detached.add(fn);
      return () => detached.delete(fn);
    },
    driverPolicy: () => options.driver ?? 'detached',
    policyAllows: () => true,
    clock,
  };
  const usb = new FakeUSB(backend);
  const device = usb.deviceOf(attachment)!;
  const { stallOutAfter, hangOutAfter, babbleIn, perTransferMs, bytesPerSecond } = options;
  device.faults = { stallOutAfter, hangOutAfter, babbleIn, perTransferMs, bytesPerSecond };
  return {
    device,
    usb,
    unplug: () => {
      if (!attachment.connected) return;
      attachment.detach();
      for (const fn of [...detached]) fn(attachment);
    },
  };
}
