/**
 * Sierra module models the tool knows: family, firmware platform prefix, AT quirks, USB
 * identities and the download protocol. Sources: at-knowledge.md §0, §4.2, §7.3 and
 * protocol-spec.md §3.1, §4.1. `confirmed: false` marks values the research only infers.
 *
 * This file owns which product line a model belongs to (MODEL_FAMILIES): the profiles take
 * their family from it, and every caller asks `lineOfModel` here (platforms.ts imports nothing from profiles/).
 */
import { platformInfo, type ProductLine } from '../firmware/platforms.ts';

/** The product line (shared with the release map): every family has a platform entry there. */
export type ModelFamily = ProductLine;

/** Qualcomm chipset behind the firmware platform prefix. */
export type Chipset = 'MDM9x07' | 'MDM9x06' | 'MDM9x15' | 'MDM9x30' | 'MDM9x50' | 'SDX55' | 'SDX65';

export type DownloadProtocol = 'sahara-firehose' | 'qdl';

export interface UsbIds {
  readonly vid: number;
  readonly pid: number;
}

export interface ModelProfile {
  /** As ATI's `Model:` line prints it, e.g. `RC7620-1`. */
  readonly model: string;
  readonly family: ModelFamily;
  readonly chipset: Chipset;
  /** Firmware platform prefix, e.g. `SWI9X07H`; null when not seen in a transcript. */
  readonly platform: string | null;
  /** Image-preference query: 9x15 modules use `AT!GOBIIMPREF?`, later ones `AT!IMPREF?`. */
  readonly imagePreferenceCommand: 'AT!IMPREF?' | 'AT!GOBIIMPREF?';
  readonly app: UsbIds | null;
  /** Download (boot-and-hold) identity; RC76xx keeps the application PID. */
  readonly download: UsbIds | null;
  readonly downloadProtocol: DownloadProtocol;
  /** fwdwl-lite `-m` model family argument. */
  readonly fwdwlModelFamily: number | null;
  /** The AT port's USB interface number (pick by number, not order). */
  readonly atInterface: number | null;
  readonly confirmed: boolean;
  readonly source: string;
}

/**
 * Model-number families: the family of a model from its number, also for models no profile
 * lists (RC7630, WP8548…). The numbers follow the models at-knowledge §4.2 gives per platform
 * prefix (PLATFORMS in firmware/platforms.ts). First match wins.
 */
const MODEL_FAMILIES: readonly (readonly [RegExp, ModelFamily])[] = [
  [/^RC76\d\d/, 'RC76xx'],
  [/^WP76\d\d/, 'WP76xx'],
  [/^WP77\d\d/, 'WP77xx'],
  // Ahead of EM/MC74xx: EM7411 is a 9x50 module (SWI9X50C, at-knowledge §4.2) despite its number.
  [/^EM75\d\d|^EM7411/, 'EM75xx'],
  [/^(EM|MC)74\d\d/, 'EM/MC74xx'],
  [/^(EM|MC)73\d\d/, 'MC73xx'],
  [/^WP(85|75)\d\d/, 'WP85xx/WP75xx'],
  [/^EM919\d/, 'EM919x'],
  [/^EM929\d/, 'EM929x'],
];

/** The family of a module model name (`RC7620-1` → RC76xx), from its number. */
export function familyOfModel(model: string | null | undefined): ModelFamily | null {
  if (!model) return null;
  const m = model.trim().toUpperCase();
  for (const [re, family] of MODEL_FAMILIES) if (re.test(m)) return family;
  return null;
}

/** Product line of a module model name (every family is a line of the platform table); null for a model no family knows. */
export function lineOfModel(model: string | null | undefined): ProductLine | null {
  return familyOfModel(model);
}

/** A profile as written below: without its family, which is never written by hand. */
type ProfileData = Omit<ModelProfile, 'family'>;

/** The profile with the family MODEL_FAMILIES gives its model. */
function withFamily({ model, ...rest }: ProfileData): ModelProfile {
  const family = familyOfModel(model);
  if (!family) throw new Error(`MODEL_FAMILIES has no family for ${model}`);
  return { model, family, ...rest };
}

const SWI = 0x1199;

const rc76 = (model: string): ProfileData => ({
  model,
  chipset: 'MDM9x07',
  platform: 'SWI9X07H',
  imagePreferenceCommand: 'AT!IMPREF?',
  app: { vid: SWI, pid: 0x68c0 },
  download: { vid: SWI, pid: 0x68c0 },
  // Sierra's SDK groups 9x07 with the Firehose devices; not confirmed on RC76 (protocol-spec §7 Q1).
  downloadProtocol: 'sahara-firehose',
  fwdwlModelFamily: 4,
  atInterface: 3,
  confirmed: true,
  source: 'at-knowledge §0 facts 3–5, §7.3; protocol-spec §3.1, §4.1',
});

const PROFILE_DATA: readonly ProfileData[] = [
  rc76('RC7620-1'),
  rc76('RC7620'),
  rc76('RC7611-1'),
  rc76('RC7611'),
  rc76('RC7610'),
  {
    model: 'EM7455', chipset: 'MDM9x30', platform: 'SWI9X30C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9071 }, download: { vid: SWI, pid: 0x9070 }, downloadProtocol: 'qdl', fwdwlModelFamily: 3,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.2, §7.3; protocol-spec §4.1 (AT!USBPID=9071,9070)',
  },
  {
    model: 'EM7430', chipset: 'MDM9x30', platform: 'SWI9X30C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9071 }, download: { vid: SWI, pid: 0x9070 }, downloadProtocol: 'qdl', fwdwlModelFamily: 3,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.1, §4.2',
  },
  {
    model: 'MC7455', chipset: 'MDM9x30', platform: 'SWI9X30C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9071 }, download: { vid: SWI, pid: 0x9070 }, downloadProtocol: 'qdl', fwdwlModelFamily: 3,
    atInterface: 3, confirmed: true, source: 'protocol-spec §4.1 ([F-mc7455] 1199:9070, one interface)',
  },
  {
    model: 'MC7430', chipset: 'MDM9x30', platform: 'SWI9X30C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9071 }, download: { vid: SWI, pid: 0x9070 }, downloadProtocol: 'qdl', fwdwlModelFamily: 3,
    atInterface: 3, confirmed: true, source: 'protocol-spec §4.1',
  },
  {
    model: 'EM7565', chipset: 'MDM9x50', platform: 'SWI9X50C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9091 }, download: { vid: SWI, pid: 0x9090 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: 3, confirmed: true, source: 'at-knowledge §7.3 (AT!USBPID? APP 9091 / BOOT 9090); protocol-spec §3.1',
  },
  {
    model: 'EM7511', chipset: 'MDM9x50', platform: 'SWI9X50C', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x9091 }, download: { vid: SWI, pid: 0x9090 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: 3, confirmed: false, source: 'at-knowledge §4.2 (platform); PIDs assumed as EM7565',
  },
  {
    model: 'EM7411', chipset: 'MDM9x50', platform: 'SWI9X50C', imagePreferenceCommand: 'AT!IMPREF?',
    app: null, download: null, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: 3, confirmed: false, source: 'at-knowledge §4.2',
  },
  {
    model: 'MC7304', chipset: 'MDM9x15', platform: 'SWI9X15C', imagePreferenceCommand: 'AT!GOBIIMPREF?',
    app: { vid: SWI, pid: 0x68c0 }, download: null, downloadProtocol: 'qdl', fwdwlModelFamily: 1,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.2; protocol-spec §4.1 (boot PID not confirmed)',
  },
  {
    model: 'MC7354', chipset: 'MDM9x15', platform: 'SWI9X15C', imagePreferenceCommand: 'AT!GOBIIMPREF?',
    app: { vid: SWI, pid: 0x68c0 }, download: null, downloadProtocol: 'qdl', fwdwlModelFamily: 1,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.2; protocol-spec §4.1',
  },
  {
    model: 'MC7355', chipset: 'MDM9x15', platform: 'SWI9X15C', imagePreferenceCommand: 'AT!GOBIIMPREF?',
    app: { vid: SWI, pid: 0x9041 }, download: { vid: SWI, pid: 0x9040 }, downloadProtocol: 'qdl', fwdwlModelFamily: 1,
    atInterface: 3, confirmed: true, source: 'protocol-spec §4.1',
  },
  {
    model: 'EM7355', chipset: 'MDM9x15', platform: 'SWI9X15C', imagePreferenceCommand: 'AT!GOBIIMPREF?',
    app: { vid: SWI, pid: 0x901f }, download: { vid: SWI, pid: 0x901e }, downloadProtocol: 'qdl', fwdwlModelFamily: 1,
    atInterface: 3, confirmed: true, source: 'protocol-spec §4.1',
  },
  {
    model: 'WP7607', chipset: 'MDM9x07', platform: 'SWI9X07Y', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x68c0 }, download: null, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.1, §4.2; protocol-spec §3.1, §4.1',
  },
  {
    model: 'WP7601', chipset: 'MDM9x07', platform: 'SWI9X07Y', imagePreferenceCommand: 'AT!IMPREF?',
    app: { vid: SWI, pid: 0x68c0 }, download: null, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: 3, confirmed: true, source: 'at-knowledge §4.2',
  },
  {
    model: 'WP7702', chipset: 'MDM9x06', platform: 'SWI9X06Y', imagePreferenceCommand: 'AT!IMPREF?',
    // 68C0 as on the WP76xx (protocol-spec §4.1, SDK SWI_QMIPID_WP76): not confirmed for WP77
    app: { vid: SWI, pid: 0x68c0 }, download: { vid: SWI, pid: 0x68c0 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: null,
    atInterface: 3, confirmed: false, source: 'at-knowledge §4.2 (prefix from a tech note, not a transcript); corpus at/wp7702_* (02.16.06.00, 3 FW slots); protocol-spec §4.1 (WP76 PIDs)',
  },
  {
    // platform: SWIX55C by analogy with SDX65's SWIX65C; no EM9191 ATI transcript (at-knowledge §4.2 [U])
    model: 'EM9191', chipset: 'SDX55', platform: 'SWIX55C', imagePreferenceCommand: 'AT!IMPREF?',
    // app 90D3: the EM9191's usb-devices output in the qcserial EM9191 patch (linux-usb, 2022-07-15)
    app: { vid: SWI, pid: 0x90d3 }, download: { vid: SWI, pid: 0x90d2 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    // EM9191 orders its ports differently: ttyUSB0 = AT, ttyUSB1 = DM.
    atInterface: null, confirmed: true, source: 'at-knowledge §4.2, §7.3; protocol-spec §4.1',
  },
  {
    model: 'EM9291', chipset: 'SDX65', platform: 'SWIX65C', imagePreferenceCommand: 'AT!IMPREF?',
    // 90E3: kernel option.c "add Sierra Wireless EM9291" (commit 968e1cbb, 2025); 90E2 "EM92xx" after "rebooting in
    // download mode" (Sierra forum thread 32102, lsusb on an EM9291)
    app: { vid: SWI, pid: 0x90e3 }, download: { vid: SWI, pid: 0x90e2 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: null, confirmed: true, source: 'at-knowledge §4.2; https://forum.sierrawireless.com/t/issues-updating-carrier-firmware-on-em9191-and-em9291/32102 (90E2)',
  },
  {
    model: 'EM9293', chipset: 'SDX65', platform: 'SWIX65C', imagePreferenceCommand: 'AT!IMPREF?',
    // the EM9291's 90E3 (kernel option.c, 2025) and 90E2 download (Sierra forum "Issues updating Carrier Firmware on
    // EM9191 and EM9291": lsusb shows 1199:90e2 "EM92xx" in download mode) taken for its EM929x sibling
    app: { vid: SWI, pid: 0x90e3 }, download: { vid: SWI, pid: 0x90e2 }, downloadProtocol: 'sahara-firehose', fwdwlModelFamily: 4,
    atInterface: null, confirmed: true, source: 'at-knowledge §4.2; https://forum.sierrawireless.com/t/issues-updating-carrier-firmware-on-em9191-and-em9291/32102 (90E2)',
  },
];

export const MODEL_PROFILES: readonly ModelProfile[] = PROFILE_DATA.map(withFamily);

export function findProfile(model: string | null | undefined): ModelProfile | null {
  if (!model) return null;
  const m = model.trim().toUpperCase();
  return MODEL_PROFILES.find((p) => p.model.toUpperCase() === m) ?? MODEL_PROFILES.find((p) => m.startsWith(p.model.toUpperCase())) ?? null;
}

/** Family and chipset from a firmware platform prefix (the release map's platform table). */
export function familyOfPlatform(platform: string | null | undefined): { family: ModelFamily; chipset: Chipset } | null {
  const p = platformInfo(platform);
  return p ? { family: p.line, chipset: p.chipset as Chipset } : null;
}

/** The model family from the model name, else from the firmware platform prefix. */
export function familyOf(model: string | null | undefined, platform: string | null | undefined): ModelFamily | null {
  return findProfile(model)?.family ?? familyOfPlatform(platform)?.family ?? null;
}

export function profilesForUsb(vid: number, pid: number): ModelProfile[] {
  return MODEL_PROFILES.filter((p) => (p.app?.vid === vid && p.app.pid === pid) || (p.download?.vid === vid && p.download.pid === pid));
}
