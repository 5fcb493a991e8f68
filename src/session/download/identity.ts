/**
 * What a USB identity says about a module in download mode. Download mode is recognised by
 * its single vendor interface, not by PID (RC76xx keeps 1199:68C0); this table only names it.
 */
import type { UsbIdentity } from '../../transport/transport.ts';

export const QUALCOMM_EDL = { vendorId: 0x05c6, productId: 0x9008 } as const;

const KNOWN: ReadonlyArray<{ vid: number; pid: number; name: string }> = [
  { vid: 0x1199, pid: 0x68c0, name: 'RC76xx / MC73xx / WP76xx (same PID in application and download mode)' },
  { vid: 0x1199, pid: 0x68a2, name: 'MC77xx (MDM9200)' },
  { vid: 0x1199, pid: 0x9040, name: 'MC73xx (MDM9x15) download mode' },
  { vid: 0x1199, pid: 0x901e, name: 'EM7355 download mode' },
  { vid: 0x1199, pid: 0x9062, name: 'EM7305 download mode' },
  { vid: 0x1199, pid: 0x9070, name: 'MC74xx download mode' },
  { vid: 0x1199, pid: 0x907a, name: 'EM74xx download mode' },
  { vid: 0x1199, pid: 0x9078, name: 'EM74xx download mode' },
  { vid: 0x1199, pid: 0x9090, name: 'EM75xx (MDM9x50) download mode' },
  { vid: 0x1199, pid: 0x90d2, name: 'EM9191 (SDX55) download mode' },
  { vid: 0x1199, pid: 0x90e4, name: 'EM86xx download mode' },
  { vid: 0x1199, pid: 0xc080, name: 'EM7590 download mode' },
];

export interface DeviceIdentity {
  readonly usb: UsbIdentity | null;
  /** "1199:68C0" or the transport label when there is no USB identity (a tty). */
  readonly label: string;
  readonly knownAs: string | null;
}

export function isEmergencyMode(usb: UsbIdentity | undefined): boolean {
  return !!usb && usb.vendorId === QUALCOMM_EDL.vendorId && usb.productId === QUALCOMM_EDL.productId;
}

export function identify(usb: UsbIdentity | undefined, fallbackLabel: string): DeviceIdentity {
  if (!usb) return { usb: null, label: fallbackLabel, knownAs: null };
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const known = KNOWN.find((k) => k.vid === usb.vendorId && k.pid === usb.productId);
  return {
    usb,
    label: `${hex(usb.vendorId)}:${hex(usb.productId)}`,
    knownAs: isEmergencyMode(usb) ? 'Qualcomm emergency download (EDL)' : known?.name ?? null,
  };
}
