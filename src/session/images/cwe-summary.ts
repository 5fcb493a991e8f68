/**
 * What a parsed CWE tree means: which product, firmware version, carrier and release it carries,
 * whether it holds firmware and/or carrier configuration, and the tree in report form.
 */
import type { CweImage, CweParseResult } from '../../codec/cwe/parser.ts';
import { flattenImages } from '../../codec/cwe/parser.ts';
import { CARRIER_IMAGE_TYPES, FIRMWARE_IMAGE_TYPES } from '../../codec/cwe/image-types.ts';
import { cweExtension } from '../../codec/sniff.ts';
import { decodeFirmwareVersion, parseCweVersionString } from '../../knowledge/firmware/version-string.ts';
import { platformInfo } from '../../knowledge/firmware/platforms.ts';
import { releaseOf } from '../../knowledge/firmware/releases.ts';
import { hex32 } from './issues.ts';
import type { CweFacts, ImageFormat, ReleaseNote, ReportImage } from './report.ts';

/** The facts of a parsed tree, before any verdict: the report's CweFacts. */
export type CweSummary = CweFacts;

export function toReportImage(img: CweImage): ReportImage {
  const d = decodeFirmwareVersion(img.version);
  const rel = d.platform && d.firmware ? releaseOf(d.platform, d.firmware) : null;
  return {
    path: img.path,
    type: img.type,
    product: img.product,
    version: img.version,
    date: img.date,
    offset: img.offset,
    size: img.size,
    headerCrc: { stored: hex32(img.headerCrc.stored), computed: hex32(img.headerCrc.computed), ok: img.headerCrc.ok },
    imageCrc: {
      stored: hex32(img.imageCrc.stored),
      computed: img.imageCrc.computed === null ? null : hex32(img.imageCrc.computed),
      ok: img.imageCrc.ok,
    },
    flags: img.flags,
    headerRevision: img.headerRevision,
    crcIndicator: img.crcIndicator,
    firmware: d.firmware,
    carrier: d.carrier,
    config: d.config,
    platform: d.platform,
    release: rel?.label.en ?? null,
    releaseFr: rel?.label.fr ?? null,
    children: img.children.map(toReportImage),
  };
}

/** libqmi's search order for firmware/config/carrier: top version, file name, BOOT (firmware only), NVUP. */
function identify(all: CweImage[], fileName: string) {
  let firmware: string | null = null;
  let config: string | null = null;
  let carrier: string | null = null;
  const take = (s: string, firmwareOnly = false) => {
    const p = parseCweVersionString(s);
    firmware ??= p.firmware;
    if (!firmwareOnly) {
      config ??= p.config;
      carrier ??= p.carrier;
    }
  };
  const root = all[0];
  if (root) take(root.version);
  if (!(firmware && config && carrier)) take(fileName);
  for (const img of all) {
    if (firmware && config && carrier) break;
    if (img.type === 'BOOT' && !firmware) take(img.version, true);
    if (img.type === 'NVUP') take(img.version);
  }
  let platform: string | null = null;
  for (const img of all) {
    platform = decodeFirmwareVersion(img.version).platform;
    if (platform) break;
  }
  return { firmware: firmware as string | null, config: config as string | null, carrier: carrier as string | null, platform };
}

function dateOf(root: CweImage | undefined): string | null {
  // Headers carry MM/DD/YY; show it as ISO so it sorts and reads the same in every language.
  const m = root ? /^(\d\d)\/(\d\d)\/(\d\d)$/.exec(root.date) : null;
  return m ? `20${m[3]}-${m[1]}-${m[2]}` : root?.date || null;
}

export function summarizeCwe(result: CweParseResult, fileName: string): CweSummary {
  const all = flattenImages(result.root);
  const id = identify(all, fileName);
  const firmware = all.some((i) => FIRMWARE_IMAGE_TYPES.has(i.type));
  const carrierConfig = all.some((i) => CARRIER_IMAGE_TYPES.has(i.type));
  const ext = cweExtension(fileName);
  const format: ImageFormat = ext ?? (carrierConfig && !firmware ? 'nvu' : firmware && carrierConfig ? 'spk' : 'cwe');
  const rel = id.platform && id.firmware ? releaseOf(id.platform, id.firmware) : null;
  let checked = 0;
  let good = 0;
  for (const i of all) {
    checked++;
    if (i.headerCrc.ok) good++;
    if (i.imageCrc.ok !== null) {
      checked++;
      if (i.imageCrc.ok) good++;
    }
  }
  return {
    format,
    product: result.root?.product ?? null,
    platform: id.platform,
    productLine: platformInfo(id.platform)?.line ?? null,
    firmwareVersion: id.firmware,
    configVersion: id.config,
    carrier: id.carrier,
    release: rel ? { label: rel.label.en, labelFr: rel.label.fr, release: rel.release, kind: rel.kind } : null,
    releaseDate: dateOf(all[0]),
    contents: { firmware, carrierConfig },
    images: result.root ? [toReportImage(result.root)] : [],
    crcs: { checked, good },
  };
}
