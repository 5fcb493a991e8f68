import type { FirmwareBuild, ModuleProfile, PriImage } from './profiles/types.ts';

/**
 * What survives a reset: the firmware and carrier images in flash, the image preference, the
 * USB PID pair. `health` says what the boot ROM will make of it on the next power-on.
 */
export type FlashHealth =
  /** Boots normally. */
  | 'ok'
  /** The application image was cut mid-write: it starts, crashes, and the USB link comes and goes. */
  | 'boot-loop'
  /** The bootloader finds no valid application image and stays in boot-and-hold (download) mode. */
  | 'hold';

export interface ImagePreference {
  readonly fwVersion: string;
  readonly carrier: string;
  readonly priVersion: string;
  readonly index: string;
}

export interface FlashState {
  /** Stored firmware images, slot order. `active` indexes into it; null = no valid slot (255). */
  firmware: FirmwareBuild[];
  active: number | null;
  pris: PriImage[];
  preferred: ImagePreference | null;
  health: FlashHealth;
  usbPid: { app: number; boot: number };
  resetCounter: number;
  /** Bytes written by the last download session (for the UI and for "interrupted" decisions). */
  lastSessionBytes: number;
  /** Free-form notes the download side reported (file names, partitions written). */
  history: string[];
  /**
   * Boot loop only: the application crashes before its AT server starts, so AT!BOOTHOLD is never
   * caught in the window and only TP1 gets the module into download mode.
   */
  loopUncatchable?: boolean;
}

export function preferenceOf(pri: PriImage): ImagePreference {
  return { fwVersion: pri.fwVersion, carrier: pri.carrier, priVersion: pri.priVersion, index: pri.index };
}

export function configName(p: { carrier: string; priVersion: string; index: string }): string {
  return `${p.carrier}_${p.priVersion}_${p.index}`;
}

export function factoryFlash(profile: ModuleProfile, fw: FirmwareBuild, pris: PriImage[], preferred: PriImage): FlashState {
  return {
    firmware: [fw],
    active: 0,
    pris: [...pris],
    preferred: preferenceOf(preferred),
    health: 'ok',
    usbPid: { app: profile.usb.appPid, boot: profile.usb.bootPid },
    resetCounter: 1,
    lastSessionBytes: 0,
    history: [],
  };
}

export function cloneFlash(f: FlashState): FlashState {
  return {
    ...f,
    firmware: [...f.firmware],
    pris: [...f.pris],
    usbPid: { ...f.usbPid },
    history: [...f.history],
  };
}

export function activeFirmware(f: FlashState): FirmwareBuild | null {
  return f.active === null ? null : (f.firmware[f.active] ?? null);
}

/**
 * Which carrier configuration the module loads at boot: the preferred one when a PRI matching
 * both the preferred carrier and the running firmware is stored; otherwise the first PRI built
 * for the running firmware (the module "falls back" and reports the mismatch).
 */
export function loadedPri(f: FlashState): PriImage | null {
  const fw = activeFirmware(f);
  if (!fw) return null;
  const forFw = f.pris.filter((p) => p.fwVersion === fw.version);
  const pref = f.preferred;
  if (pref) {
    const exact = forFw.find((p) => p.carrier === pref.carrier && p.priVersion === pref.priVersion);
    if (exact) return exact;
    const sameCarrier = forFw.find((p) => p.carrier === pref.carrier);
    if (sameCarrier) return sameCarrier;
  }
  return forFw[0] ?? null;
}

/** The `… mismatch` lines `AT!IMPREF?` ends with. */
export function preferenceMismatches(f: FlashState): string[] {
  const pref = f.preferred;
  const fw = activeFirmware(f);
  const cur = loadedPri(f);
  if (!pref) return [];
  const out: string[] = [];
  if (!fw || fw.version !== pref.fwVersion) out.push('fw version mismatch');
  if (!cur || cur.carrier !== pref.carrier) out.push('carrier name mismatch');
  if (!cur || configName(cur) !== configName(pref)) out.push('config name mismatch');
  return out;
}
