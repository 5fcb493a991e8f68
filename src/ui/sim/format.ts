import type { VirtualModemState } from '../../sim/index.ts';
import type { simMessages } from './messages.ts';
import { hex4 } from '../../codec/hex.ts';

/**
 * Which message the panel shows for a state, kept free of the i18n runtime so it can be unit
 * tested without Svelte.
 */
type Key = Parameters<typeof simMessages.t>[0];

export function modeKey(mode: VirtualModemState['mode']): Key {
  switch (mode) {
    case 'off':
      return 'modeOff';
    case 'booting':
      return 'modeBooting';
    case 'application':
      return 'modeApplication';
    case 'download':
      return 'modeDownload';
    case 'boot-loop':
      return 'modeBootLoop';
  }
}

/** Params for `usbIdentity`, or null when the module is not on the bus. */
export function usbParams(s: VirtualModemState): { vid: string; pid: string; interfaces: string } | null {
  if (!s.usb) return null;
  return { vid: hex4(s.usb.vendorId), pid: hex4(s.usb.productId), interfaces: s.usb.interfaces.join(', ') };
}

export function flashKey(h: VirtualModemState['flashHealth']): Key {
  return h === 'ok' ? 'flashOk' : h === 'boot-loop' ? 'flashBootLoop' : 'flashHold';
}

export function simKey(s: VirtualModemState['sim']): Key {
  switch (s) {
    case 'ready':
      return 'simReady';
    case 'pin':
      return 'simPin';
    case 'puk':
      return 'simPuk';
    case 'absent':
      return 'simAbsent';
  }
}

/** A boot-looping module draws about twice its idle current. */
export function drawIsHigh(s: VirtualModemState, idleMa: number): boolean {
  return s.currentMa >= idleMa * 1.8;
}

export type FaultChoice = 'none' | 'silence' | 'garbage' | 'slow' | 'unplug' | 'power-loss';

export type SignalChoice = 'good' | 'fair' | 'poor';

/** Radio measurements for the panel's signal presets (RSSI moves with RSRP, SINR with both). */
export const SIGNAL_PRESETS: Readonly<Record<SignalChoice, { rsrp: number; rsrq: number; sinr: number; rssi: number; rssiDiv: number; rsrpDiv: number }>> = {
  good: { rsrp: -85, rsrq: -8, sinr: 18.5, rssi: -56, rssiDiv: -59, rsrpDiv: -88 },
  fair: { rsrp: -97, rsrq: -11, sinr: 8.4, rssi: -68, rssiDiv: -71, rsrpDiv: -100 },
  poor: { rsrp: -118, rsrq: -17, sinr: -3, rssi: -97, rssiDiv: -104, rsrpDiv: -125 },
};

/**
 * The virtual modem's registration note (plain English from src/sim) as a catalogue message:
 * the panel is part of the app and speaks the user's language. A note this list does not know
 * is shown as it is.
 */
export function registrationNote(note: string): { key: Key; params?: Record<string, string> } | null {
  const n = note.trim();
  if (n === 'low power mode (image preference mismatch)') return { key: 'regLpm' };
  if (n === 'no signal') return { key: 'regNoSignal' };
  if (n === 'searching') return { key: 'regSearching' };
  if (n === 'registered, home network') return { key: 'regHome' };
  if (n === 'registered, roaming') return { key: 'regRoaming' };
  let m = /^radio off \(CFUN=(\d+)\)$/.exec(n);
  if (m) return { key: 'regRadioOff', params: { cfun: m[1]! } };
  m = /^SIM (\w+)$/.exec(n);
  if (m) return { key: 'regSim', params: { state: m[1]! } };
  m = /^(\S+) carrier configuration does not suit (.+): attach keeps failing$/.exec(n);
  if (m) return { key: 'regCarrierMismatch', params: { carrier: m[1]!, operator: m[2]! } };
  return null;
}
