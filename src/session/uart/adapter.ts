/**
 * Is this serial port a module's own USB function, or a USB-UART bridge in front of the
 * module's UART? WebSerial's getInfo() gives USB ids only: the bridge makers' vendor ids are
 * well known (FTDI, Silicon Labs, WCH, Prolific), and a port with no USB ids is a built-in UART
 * (or Bluetooth). Sierra's own vendor id means the module's USB port — the USB update is faster.
 */
export type PortKind = 'usb-uart-bridge' | 'native-uart' | 'sierra-usb' | 'other-usb';

export const BRIDGE_VENDORS: Readonly<Record<number, string>> = {
  0x0403: 'FTDI',
  0x10c4: 'Silicon Labs CP210x',
  0x1a86: 'WCH CH340/CH341',
  0x067b: 'Prolific PL2303',
};

export function classifyPort(info: { usbVendorId?: number | undefined; usbProductId?: number | undefined }): { kind: PortKind; name: string | null } {
  if (info.usbVendorId === undefined) return { kind: 'native-uart', name: null };
  const bridge = BRIDGE_VENDORS[info.usbVendorId];
  if (bridge) return { kind: 'usb-uart-bridge', name: bridge };
  if (info.usbVendorId === 0x1199) return { kind: 'sierra-usb', name: 'Sierra Wireless' };
  return { kind: 'other-usb', name: null };
}

/** The app offers the UART update on its own for these; for the rest the user may still choose it. */
export function suggestsUart(kind: PortKind): boolean {
  return kind === 'usb-uart-bridge' || kind === 'native-uart';
}
