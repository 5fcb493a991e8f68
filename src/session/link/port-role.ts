/**
 * What a port or device is, from what the browser shows of it. WebUSB shows the layout (one
 * interface in download mode, protocol-spec §4.2); WebSerial shows only VID:PID, which tells the
 * mode only for families whose download PID differs from the application one (EM74xx 9079 →
 * 9078). RC76xx keeps 68C0 in both modes: there the role is known only when the platform can say
 * which function a port is (the virtual modem's bench can; a real browser cannot), and a port of
 * unknown role is taken for whatever the flow waits for.
 */
import type { UsbPair } from '../../knowledge/preflight/usb-identities.ts';

export type PortRole = 'app' | 'download';

/** Which function a serial port is, when the platform knows it; null when it cannot tell. */
export type PortDescriber = (port: SerialPort) => PortRole | null;

/**
 * A describer from a "which USB function is this port" lookup (e.g. the virtual bench's
 * `describe(port)?.function`): the download function is download mode, any other is the application.
 */
export function describerFromFunctions(functionOf: (port: SerialPort) => string | null | undefined): PortDescriber {
  return (port) => {
    const f = functionOf(port);
    if (f === null || f === undefined) return null;
    return f === 'download' ? 'download' : 'app';
  };
}

/** A USB device that looks like download mode: one interface (protocol-spec §4.2). */
export function isDownloadLayout(device: USBDevice): boolean {
  const configs = device.configurations?.length ? device.configurations : device.configuration ? [device.configuration] : [];
  return configs.some((c) => c.interfaces.length === 1);
}

export function serialMatches(port: SerialPort, vendorId: number, pids: readonly number[]): boolean {
  const info = port.getInfo();
  return info.usbVendorId === vendorId && info.usbProductId !== undefined && pids.includes(info.usbProductId);
}

export function usbMatchesDownload(device: USBDevice, pair: UsbPair): boolean {
  return device.vendorId === pair.vendorId && pair.download.includes(device.productId) && isDownloadLayout(device);
}

/** The role of a serial port of this module: the platform's word first, else the PID when it is only one mode's. */
export function serialRole(port: SerialPort, pair: UsbPair, describe?: PortDescriber | null): PortRole | null {
  const said = describe?.(port) ?? null;
  if (said) return said;
  const pid = port.getInfo().usbProductId;
  if (pid === undefined) return null;
  const app = pair.app.includes(pid);
  const download = pair.download.includes(pid);
  if (download && !app) return 'download';
  if (app && !download) return 'app';
  return null;
}

/** This module's download port, or a port that cannot be told apart from it. */
export function mayBeDownloadPort(port: SerialPort, pair: UsbPair, describe?: PortDescriber | null): boolean {
  return serialMatches(port, pair.vendorId, pair.download) && serialRole(port, pair, describe) !== 'app';
}

/** This module's application port, or a port that cannot be told apart from it. */
export function mayBeAppPort(port: SerialPort, pair: UsbPair, describe?: PortDescriber | null): boolean {
  return serialMatches(port, pair.vendorId, pair.app) && serialRole(port, pair, describe) !== 'download';
}

export function isSerialPort(d: USBDevice | SerialPort): d is SerialPort {
  return typeof (d as SerialPort).getInfo === 'function';
}
