/**
 * Watching the bus for one module: every connect/disconnect of its identities on both APIs,
 * reported as "appeared" / "vanished". The rescue feeds its boot-loop detector with this.
 */
import type { UsbPair } from '../../knowledge/preflight/usb-identities.ts';
import { isDownloadLayout, serialMatches, serialRole, type PortDescriber } from './port-role.ts';

export interface BusSighting {
  readonly kind: 'appeared' | 'vanished';
  readonly via: 'serial' | 'usb';
  /** A USB device in the one-interface download layout. */
  readonly downloadLayout: boolean;
  /**
   * Which identity: download for a one-interface USB device or a port known to be the download
   * function, else the application (an RC76xx port of unknown role counts as its AT port).
   */
  readonly identity: 'app' | 'download';
}

/** Calls `seen` for each event of this module's identities; returns the function that stops watching. */
export function watchBus(serial: Serial, usb: USB | null, pair: UsbPair, seen: (s: BusSighting) => void, describe?: PortDescriber | null): () => void {
  const onSerial = (ev: Event) => {
    const port = ev.target as SerialPort;
    if (!serialMatches(port, pair.vendorId, [...pair.app, ...pair.download])) return;
    const identity = serialRole(port, pair, describe) === 'download' ? 'download' : 'app';
    seen({ kind: ev.type === 'connect' ? 'appeared' : 'vanished', via: 'serial', downloadLayout: false, identity });
  };
  const onUsb = (ev: Event) => {
    const d = (ev as USBConnectionEvent).device;
    if (d.vendorId !== pair.vendorId) return;
    // the layout is known on disconnect too (the device object keeps its configuration)
    const layout = isDownloadLayout(d);
    seen({ kind: ev.type === 'connect' ? 'appeared' : 'vanished', via: 'usb', downloadLayout: ev.type === 'connect' && layout, identity: layout ? 'download' : 'app' });
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
