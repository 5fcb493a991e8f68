/**
 * Reading Sierra version strings. They come in three shapes (protocol-spec §1.7, at-knowledge §4.1):
 *  - package: `9999999_9902574_SWI9X15C_05.05.66.00_00_GENNA-UMTS_005.028_000` (SPKG/NVUP/FILE)
 *  - build / revision: `SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54` (ATI, BOOT, MODM)
 *  - bare: `00.08.24.02`
 */
import { platformInfo, type ProductLine } from './platforms.ts';

export interface CweVersionParts {
  readonly firmware: string | null;
  readonly config: string | null;
  readonly carrier: string | null;
}

/**
 * libqmi's reading (qfu_utils_parse_cwe_version_string): the last `_NN.NN.NN.NN` is the firmware
 * version; after it, the last `_CARRIER_NNN.NNN_NNN` gives carrier and config. Greedy matching
 * picks the last occurrence — JS regexps backtrack the same way as GLib's PCRE here.
 */
const LIBQMI_VERSION_RE = /.*_(\d\d\.\d\d\.\d\d\.\d\d)(?:.*_([a-zA-Z-]+)_(\d\d\d\.\d\d\d_\d\d\d))?/;

export function parseCweVersionString(version: string): CweVersionParts {
  const m = LIBQMI_VERSION_RE.exec(version);
  if (!m) return { firmware: null, config: null, carrier: null };
  return { firmware: m[1]!, config: m[3] ?? null, carrier: m[2] ?? null };
}

export interface DecodedFirmwareVersion {
  /** Platform prefix, e.g. SWI9X07H. */
  readonly platform: string | null;
  readonly line: ProductLine | null;
  /** `AA.BB.CC.DD`. */
  readonly firmware: string | null;
  readonly carrier: string | null;
  /** PRI version with index, e.g. `001.081_000`. */
  readonly config: string | null;
  /** PRI version without the index, e.g. `001.081`. */
  readonly priVersion: string | null;
  readonly sku: string | null;
  readonly partNumber: string | null;
  /** Build id from a revision string (`f90cbd`, `r7040`). */
  readonly build: string | null;
  /** Build date `yyyy/mm/dd` when present. */
  readonly buildDate: string | null;
}

const PLATFORM_RE = /(?<![0-9A-Z])(SWI[0-9A-Z]{4,6})_(\d\d\.\d\d\.\d\d\.\d\d)/i;
const PACKAGE_RE = /^([^_]+)_([^_]+)_(SWI[0-9A-Z]+|[0-9A-Z]+)_(\d\d\.\d\d\.\d\d\.\d\d)_/i;
const REVISION_RE = /^(?:Revision:\s*)?SWI[0-9A-Z]+_\d\d\.\d\d\.\d\d\.\d\d\s+(\S+)(?:\s+\S+)?(?:\s+(\d{4}\/\d\d\/\d\d))?/i;

/** Decodes any of the three shapes; fields that are absent are null. */
export function decodeFirmwareVersion(text: string): DecodedFirmwareVersion {
  const s = text.trim();
  const parts = parseCweVersionString(s);
  const platformMatch = PLATFORM_RE.exec(s);
  const platform = platformMatch ? platformMatch[1]!.toUpperCase() : null;
  const bare = /^\d\d\.\d\d\.\d\d\.\d\d$/.test(s) ? s : null;
  const pkg = PACKAGE_RE.exec(s);
  const rev = REVISION_RE.exec(s);
  const config = parts.config;
  return {
    platform,
    line: platformInfo(platform)?.line ?? null,
    firmware: parts.firmware ?? bare ?? platformMatch?.[2] ?? null,
    carrier: parts.carrier,
    config,
    priVersion: config ? config.slice(0, 7) : null,
    sku: pkg ? pkg[1]! : null,
    partNumber: pkg ? pkg[2]! : null,
    build: rev ? rev[1]! : null,
    buildDate: rev?.[2] ?? null,
  };
}

/** `SWI9X07H_00.08.24.02 f90cbd …` → `00.08.24.02` (the version the flows and the modem cards compare). */
export function firmwareOf(revision: string | null): string | null {
  if (!revision) return null;
  const m = /_(\d{2}\.\d{2}\.\d{2}\.\d{2})\b/.exec(revision) ?? /\b(\d{2}\.\d{2}\.\d{2}\.\d{2})\b/.exec(revision);
  return m ? m[1]! : null;
}

/** Orders `AA.BB.CC.DD` versions field by field, numerically (at-knowledge §4.1). */
export function compareFirmwareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
