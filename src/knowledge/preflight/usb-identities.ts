/**
 * Which USB identities a module shows in application mode and in download mode
 * (protocol-spec §4.1). A module coming back with another PID is another device to the
 * browser: it needs its own grant, and the matcher must accept exactly these identities.
 */
import { hex4 } from '../../codec/hex.ts';

/** Re-exported: the module link and the flows print USB ids with the tables they look them up in. */
export { hex4 };

export interface UsbPair {
  readonly vendorId: number;
  readonly app: readonly number[];
  readonly download: readonly number[];
}

export const SIERRA_VID = 0x1199;

interface Family {
  readonly match: RegExp;
  readonly pair: UsbPair;
  readonly source: string;
}

const FAMILIES: readonly Family[] = [
  // RC76xx keeps 1199:68C0 in download mode; only the layout (one interface) tells them apart.
  { match: /^(RC76|WP76)/i, pair: { vendorId: SIERRA_VID, app: [0x68c0], download: [0x68c0] }, source: 'protocol-spec §4.1 [F-24154], [F-29872]' },
  { match: /^MC73/i, pair: { vendorId: SIERRA_VID, app: [0x68c0, 0x9041], download: [0x68c0, 0x9040] }, source: 'protocol-spec §4.1 [SWI-sdk], [K-qcs]' },
  { match: /^MC74/i, pair: { vendorId: SIERRA_VID, app: [0x9071], download: [0x9070] }, source: 'protocol-spec §4.1 [K-qcs], [F-mc7455]' },
  // EM74xx: 9079/907B app, 907A/9078 download; AT!USBPID can move it to the 9071/9070 pair.
  { match: /^EM74/i, pair: { vendorId: SIERRA_VID, app: [0x9079, 0x907b, 0x9071], download: [0x9078, 0x907a, 0x9070] }, source: 'protocol-spec §4.1 [K-qcs], [F-em7455]' },
  { match: /^EM75/i, pair: { vendorId: SIERRA_VID, app: [0x9091], download: [0x9090] }, source: 'protocol-spec §4.1 [K-qcs], [SWI-sdk]' },
  { match: /^EM73/i, pair: { vendorId: SIERRA_VID, app: [0x901f, 0x9063], download: [0x901e, 0x9062] }, source: 'protocol-spec §4.1 [K-qcs]' },
  // WP77xx: as the WP76xx (SDK SWI_QMIPID_WP76), not confirmed for WP77.
  { match: /^WP77/i, pair: { vendorId: SIERRA_VID, app: [0x68c0], download: [0x68c0] }, source: 'protocol-spec §4.1 [SWI-sdk] (WP76xx; inferred for WP77xx)' },
  // EM919x: 90D2 "EM9191 QDL" (kernel qcserial); 90D3 app in the EM9191's usb-devices output (linux-usb, 2022-07-15).
  { match: /^EM919/i, pair: { vendorId: SIERRA_VID, app: [0x90d3], download: [0x90d2] }, source: 'protocol-spec §4.1 [K-qcs] (90D2); qcserial EM9191 patch (90D3)' },
  // EM929x: 90E3 app is the EM9291's (kernel option.c, 2025); 90E2 "EM92xx" is what lsusb shows once the EM9291 is
  // rebooted in download mode (Sierra forum thread 32102).
  { match: /^EM929/i, pair: { vendorId: SIERRA_VID, app: [0x90e3], download: [0x90e2] }, source: 'kernel option.c EM9291 (90E3); Sierra forum https://forum.sierrawireless.com/t/issues-updating-carrier-firmware-on-em9191-and-em9291/32102 (90E2)' },
];

/** Every Sierra identity we know, for the preflight and the enterprise policy. */
export const ALL_SIERRA_PAIRS: readonly UsbPair[] = FAMILIES.map((f) => f.pair);

/**
 * The identities of this module. Unknown model: the app PID it showed, and any Sierra
 * download identity (the matcher then relies on the one-interface layout and on timing).
 */
export function usbPairFor(model: string | null | undefined, seen?: { vendorId: number; productId: number } | null): UsbPair {
  const f = model ? FAMILIES.find((x) => x.match.test(model)) : undefined;
  if (f) return f.pair;
  const pair = seen ? FAMILIES.find((x) => x.pair.app.includes(seen.productId))?.pair : undefined;
  if (pair) return pair;
  return {
    vendorId: seen?.vendorId ?? SIERRA_VID,
    app: seen ? [seen.productId] : [...new Set(FAMILIES.flatMap((x) => x.pair.app))],
    download: [...new Set(FAMILIES.flatMap((x) => x.pair.download))],
  };
}

