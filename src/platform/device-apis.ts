/**
 * Where the app gets WebSerial and WebUSB from. Normally the browser's own; in demo mode and
 * in e2e tests, the virtual modem's look-alikes, which implement the same interfaces. The rest
 * of the app never touches `navigator.serial`/`navigator.usb` directly, so the production
 * bundle runs unchanged against either.
 */
export interface DeviceApis {
  readonly serial: Serial | null;
  readonly usb: USB | null;
  /** True while the virtual modem stands in for the browser's APIs. */
  readonly virtual: boolean;
}

let override: { serial: Serial; usb: USB } | null = null;
const listeners = new Set<() => void>();

export function deviceApis(): DeviceApis {
  if (override) return { ...override, virtual: true };
  const nav = globalThis.navigator as (Navigator & { serial?: Serial; usb?: USB }) | undefined;
  const secure = globalThis.isSecureContext !== false;
  return {
    serial: secure && nav && 'serial' in nav && nav.serial ? nav.serial : null,
    usb: secure && nav && 'usb' in nav && nav.usb ? nav.usb : null,
    virtual: false,
  };
}

export function useVirtualDevices(apis: { serial: Serial; usb: USB }): void {
  override = apis;
  for (const l of listeners) l();
}

export function useRealDevices(): void {
  override = null;
  for (const l of listeners) l();
}

export function onDeviceApisChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sierra Wireless, and Qualcomm for the emergency loader (05C6:9008). */
export const SIERRA_VENDOR_ID = 0x1199;
export const QUALCOMM_VENDOR_ID = 0x05c6;
export const DEVICE_FILTERS = [{ usbVendorId: SIERRA_VENDOR_ID }, { usbVendorId: QUALCOMM_VENDOR_ID }] as const;
