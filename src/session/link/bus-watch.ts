/**
 * Watching the bus for one module: every connect/disconnect of its identities on both APIs,
 * reported as "appeared" / "vanished". The rescue feeds its boot-loop detector with this.
 */
import type { UsbPair } from '../../knowledge/preflight/usb-identities.ts';
import { isDownloadLayout, serialMatches } from './port-role.ts';

export interface BusSighting {
  readonly kind: 'appeared' | 'vanished';
  readonly via: 'serial' | 'usb';
  /** A USB device in the one-interface download layout. */
  readonly downloadLayout: boolean;
}

/** Calls `seen` for each event of this module's identities; returns the function that stops watching. */
export function watchBus(serial: Serial, usb: USB | null, pair: UsbPair, seen: (s: BusSighting) => void): () => void {
  const onSerial = (ev: Event) => {
    const port = ev.target as SerialPort;
    if (!serialMatches(port, pair.vendorId, [...pair.app, ...pair.download])) return;
    seen({ kind: ev.type === 'connect' ? 'appeared' : 'vanished', via: 'serial', downloadLayout: false });
  };
  const onUsb = (ev: Event) => {
    const d = (ev as USBConnectionEvent).device;
    if (d.vendorId !== pair.vendorId) return;
    seen({ kind: ev.type === 'connect' ? 'appeared' : 'vanished', via: 'usb', downloadLayout: ev.type === 'connect' && isDownloadLayout(d) });
  };
  serial.addEventListener('connect', onSerial);
  serial.addEventListener('disconnect', onSerial);
  usb?.addEventListener('connect', onUsb);
  usb?.addEventListener('disconnect', onUsb);
  return () => {
    serial.removeEventListener('connect', onSerial);
    serial.removeEventListener('disconnect', onSerial);
    usb?.removeEventListener('connect', onUsb);
    usb?.removeEventListener('disconnect', onUsb);
  };
}
