import { parseCwe } from '../codec/cwe/parser.ts';
import { DOWNLOAD_PROFILES, type BootOutcome, type CwePart, type FlashImage } from './download/index.ts';
import { preferenceOf, type FlashState } from './flash.ts';
import type { FirmwareBuild, ModuleProfile, Platform, PriImage } from './profiles/types.ts';

/**
 * Turns what a download session wrote into what the module runs after its reset: the firmware
 * version and carrier configuration come from the CWE headers of the images written, not from
 * anything the host claimed.
 */
export interface WrittenFirmware {
  readonly firmware: FirmwareBuild | null;
  readonly pris: PriImage[];
}

const BUILD_RE = /^(SWI[0-9A-Z]+)_(\d\d\.\d\d\.\d\d\.\d\d)(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\d{4}\/\d\d\/\d\d(?:\s+\d\d:\d\d:\d\d)?))?/;
// <sku>_<partno>_<device>_<fw>_<bootblk>_<carrier>_<pri ver>_<index>
const PACKAGE_RE = /^([0-9A-Z]+)_(\d+)_(SWI[0-9A-Z]+)_(\d\d\.\d\d\.\d\d\.\d\d)_(\d\d)_([A-Z][A-Z0-9-]*)_(\d{3}\.\d{3})_(\d{3})/i;

function walk(part: CwePart, visit: (p: CwePart) => void): void {
  visit(part);
  for (const c of part.children) walk(c, visit);
}

export function readWrittenImages(images: readonly FlashImage[], profile: ModuleProfile): WrittenFirmware {
  let firmware: FirmwareBuild | null = null;
  const pris: PriImage[] = [];
  for (const img of images) {
    if (!img.complete || !img.parts) continue;
    walk(img.parts, (p) => {
      const pkg = PACKAGE_RE.exec(p.version);
      if (pkg && (p.type === 'NVUP' || p.type === 'FILE' || p.type === 'SPKG')) {
        const carrier = pkg[6]!.toUpperCase();
        const pri: PriImage = { carrier, priVersion: pkg[7]!, index: pkg[8]!, fwVersion: pkg[4]!, partNumber: pkg[2]! };
        // a package header names the firmware too; a carrier of NONE or an SPKG without NVUP is not a PRI
        if (p.type !== 'SPKG' || !p.children.length || carrier !== 'NONE') {
          if (!pris.some((x) => x.carrier === pri.carrier && x.priVersion === pri.priVersion && x.fwVersion === pri.fwVersion)) {
            if (p.type === 'NVUP' || p.type === 'FILE' || !p.children.some((c) => c.type === 'NVUP' || c.type === 'FILE')) pris.push(pri);
          }
        }
        if (!firmware && (p.type === 'SPKG')) firmware = buildFor(profile, pkg[3]! as Platform, pkg[4]!, null);
        return;
      }
      const build = BUILD_RE.exec(p.version);
      if (build && ['MODM', 'DSP2', 'APPL', 'BOOT', 'SPKG', 'AMSS', 'APPS', 'SBL1', 'QRPM', 'TZON'].includes(p.type)) {
        // the modem image names the firmware that actually runs; prefer it over package headers
        const candidate = buildFor(profile, build[1]! as Platform, build[2]!, build);
        if (!firmware || p.type === 'MODM' || p.type === 'DSP2') firmware = candidate;
      }
    });
  }
  return { firmware, pris };
}

function buildFor(profile: ModuleProfile, platform: Platform, version: string, m: RegExpExecArray | null): FirmwareBuild {
  const known = profile.builds.find((b) => b.version === version && b.platform === platform);
  // what the header says wins; the catalogue only fills what a package header leaves out
  const buildId = m?.[3] ?? known?.buildId ?? '000000';
  const builder = m?.[4] ?? known?.builder ?? 'unknown';
  const date = m?.[5];
  const built = date ? (date.length > 10 ? date : `${date} 00:00:00`) : (known?.built ?? '1970/01/01 00:00:00');
  return {
    platform,
    version,
    buildId,
    builder,
    built,
    ...(known?.qtiBaseline ? { qtiBaseline: known.qtiBaseline } : {}),
    ...(known?.release ? { release: known.release } : {}),
  };
}

/** Applies a finished download session to the module's flash. Returns a line for the log. */
export function installOutcome(flash: FlashState, profile: ModuleProfile, outcome: BootOutcome): string {
  if (outcome.mode === 'unchanged') return 'nothing written; boots the stored firmware';
  if (outcome.mode === 'boot-loop') {
    flash.health = 'boot-loop';
    flash.history.push(`interrupted: ${outcome.reason}`);
    return `image left partial (${outcome.reason}); the module will boot-loop`;
  }
  const refusal = verifyImages(outcome.images, profile);
  if (refusal) {
    // the bootloader checks what it is asked to boot; a bad image keeps it in boot-and-hold
    flash.health = 'hold';
    flash.history.push(`refused at boot: ${refusal}`);
    return `the bootloader refuses the written image (${refusal}); it stays in download mode`;
  }
  const written = readWrittenImages(outcome.images, profile);
  const notes: string[] = [];
  if (written.firmware) {
    const fw = written.firmware;
    const same = flash.firmware.findIndex((f) => f.version === fw.version);
    if (same >= 0) {
      flash.firmware[same] = fw;
      flash.active = same;
    } else if (flash.firmware.length < profile.maxFwImages) {
      flash.firmware.push(fw);
      flash.active = flash.firmware.length - 1;
    } else {
      // one slot (9x07) or all slots used: the active slot is overwritten
      const slot = flash.active ?? 0;
      flash.firmware[slot] = fw;
      flash.active = slot;
    }
    notes.push(`firmware ${fw.version}`);
  }
  for (const pri of written.pris) {
    flash.pris = flash.pris.filter((p) => !(p.carrier === pri.carrier && p.fwVersion === pri.fwVersion));
    flash.pris.push(pri);
    notes.push(`carrier ${pri.carrier} ${pri.priVersion}`);
  }
  // an update package sets the image preference to what it carried
  const pref = written.pris.find((p) => p.fwVersion === (written.firmware?.version ?? p.fwVersion)) ?? written.pris[0];
  if (pref) flash.preferred = preferenceOf(pref);
  else if (written.firmware && flash.preferred) flash.preferred = { ...flash.preferred, fwVersion: written.firmware.version };
  flash.health = 'ok';
  flash.history.push(`flashed: ${notes.join(', ') || 'images without version information'}`);
  return notes.length ? `installed ${notes.join(', ')}` : 'images written carry no version the module recognises';
}

/**
 * What the module's bootloader checks before booting a freshly written image: both CWE CRCs
 * of every image (src/codec/cwe) and the product code. Returns why it refuses, or null.
 */
export function verifyImages(images: readonly FlashImage[], profile: ModuleProfile): string | null {
  const product = profile.downloadProduct !== undefined ? profile.downloadProduct : DOWNLOAD_PROFILES[profile.downloadProfile]?.product;
  for (const img of images) {
    if (!img.complete) continue;
    const bytes = img.bytes();
    if (!bytes) continue;
    const result = parseCwe(bytes);
    const error = result.errors[0];
    if (error) return `${error.code} at offset ${error.offset}`;
    const top = result.root?.product;
    if (product && top && top.toUpperCase() !== product.toUpperCase()) return `product ${top}, this module is ${product}`;
  }
  return null;
}
