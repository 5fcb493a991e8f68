/**
 * `boothold flash --usb`: the `usb` package's WebUSB implementation in Node, then the same
 * WebUSB transport the browser uses. The download-mode device is found by its single vendor
 * interface (not by PID); a Qualcomm emergency-mode device is returned too, so the engine can
 * recognise and refuse it.
 */
import { TransportError } from './errors.ts';
import { findDownloadInterface, openWebUsb, type WebUsbOptions, type WebUsbTransport } from './web-usb.ts';

const SIERRA = 0x1199;
const QUALCOMM = 0x05c6;

export interface UsbSelector {
  readonly vendorId?: number;
  readonly productId?: number;
}

/** Parses "1199:68c0" / "1199". */
export function parseUsbSelector(text: string | undefined): UsbSelector {
  if (!text) return {};
  const m = /^([0-9a-f]{1,4})(?::([0-9a-f]{1,4}))?$/i.exec(text.trim());
  if (!m) throw new TransportError('io', `'${text}' is not VID[:PID] in hexadecimal.`);
  return { vendorId: parseInt(m[1]!, 16), ...(m[2] ? { productId: parseInt(m[2], 16) } : {}) };
}

/** The one download-mode device among `devices`, or a typed explanation. */
export function pickDownloadDevice(devices: readonly USBDevice[], sel: UsbSelector = {}): USBDevice {
  const candidates = devices.filter(
    (d) =>
      (sel.vendorId === undefined ? d.vendorId === SIERRA || d.vendorId === QUALCOMM : d.vendorId === sel.vendorId) &&
      (sel.productId === undefined || d.productId === sel.productId),
  );
  const download = candidates.filter((d) => {
    if (d.vendorId === QUALCOMM && d.productId === 0x9008) return true;
    try {
      findDownloadInterface(d);
      return true;
    } catch {
      return false;
    }
  });
  if (download.length === 1) return download[0]!;
  if (download.length > 1) throw new TransportError('no-suitable-interface', `${download.length} modules in download mode are connected; pass --usb VID:PID to pick one.`);
  if (candidates.length) {
    throw new TransportError('no-suitable-interface', 'A Sierra module is connected but not in download mode (it shows several interfaces).', 'application-mode');
  }
  throw new TransportError('no-suitable-interface', 'No Sierra Wireless module found on USB.');
}

export async function openNodeUsb(sel: UsbSelector = {}, options: WebUsbOptions = {}): Promise<WebUsbTransport> {
  let mod: typeof import('usb');
  try {
    mod = await import('usb');
  } catch (e) {
    throw new TransportError('api-unavailable', 'The usb package could not be loaded on this system.', String(e));
  }
  const webusb = new mod.WebUSB({ allowAllDevices: true });
  let devices: USBDevice[];
  try {
    devices = (await webusb.getDevices()) as unknown as USBDevice[];
  } catch (e) {
    throw new TransportError('api-unavailable', 'USB devices cannot be listed here (no /sys/bus/usb or no permission).', String(e));
  }
  const device = pickDownloadDevice(devices, sel);
  return openWebUsb(device, { ...options, usb: webusb as unknown as Pick<USB, 'addEventListener' | 'removeEventListener'> });
}
