/**
 * Which lines of the pasted text a finding rests on, so support can check it: the answers of
 * the commands the rule reads (a `!PCINFO?` block for radio-off, `!IMPREF?` for a carrier
 * mismatch), the error lines mapped to the finding, and the log signals it counts.
 */
import type { SnapshotStep } from '../../codec/at/snapshot.ts';
import type { FindingId, LocatedError, LogSignal } from '../../knowledge/rules/types.ts';
import { findingOfError } from '../../knowledge/rules/derive.ts';

/** How each answer looks without its command line (shape-based reading of loose lines). */
export const STEP_SHAPES: readonly (readonly [SnapshotStep, RegExp])[] = [
  ['ati', /^(?:Manufacturer|Model|Revision|IMEI|IMEI SV|FSN|MEID|ESN|QTI baseline)\s*:|^\+GCAP:/i],
  ['impref', /^(?:!IMPREF|!GOBIIMPREF)|^(?:preferred|current) (?:fw version|carrier name|config name|subpri index)|^(?:fw version|carrier name|config name) mismatch/i],
  ['image', /^TYPE\s+SLOT|^(?:FW|PRI)\s+(?:\d+|FF)\s|^Max (?:FW|PRI) images|^Active FW image/i],
  ['priid', /^PRI Part Number|^Customer\s*:|^Carrier PRI\s*:/i],
  ['pcinfo', /^State\s*:|^LPM (?:voters|force flags)|^!PCINFO/i],
  ['cpin', /^\+CPIN:/i],
  ['cfun', /^\+CFUN:/i],
  ['gstatus', /^!GSTATUS|^(?:Current Time|Reset Counter|System mode|PS state|EMM state|RRC state|LTE (?:band|Rx chan|Tx chan|CA state)|PCC Rx[MD] RSSI|RSRQ|SINR|MM \(CS\) state|WCDMA)/i],
  ['cops', /^\+COPS:/i],
  ['creg', /^\+CREG:/i],
  ['cgreg', /^\+CGREG:/i],
  ['cereg', /^\+CEREG:/i],
  ['csq', /^\+CSQ:/i],
  ['cgdcont', /^\+CGDCONT:/i],
  ['usbcomp', /^!USBCOMP|^Config Index|^Config Type|^Interface bitmask/i],
  ['usbpid', /^!USBPID|^APP\s*:|^BOOT\s*:/i],
  ['usbvid', /^!USBVID/i],
  ['iccid', /^(?:\+CCID|\+ICCID|!ICCID|ICCID|\+CRSM)\s*:/i],
];

const FINDING_STEPS: Readonly<Record<FindingId, readonly SnapshotStep[]>> = {
  'carrier-mismatch': ['impref', 'pcinfo', 'priid', 'image'],
  'carrier-image-missing': ['image', 'priid', 'impref'],
  'sim-not-ready': ['cpin'],
  'radio-off': ['cfun', 'pcinfo', 'gstatus'],
  'not-registered': ['creg', 'cgreg', 'cereg', 'cops', 'gstatus'],
  'weak-signal': ['gstatus', 'csq'],
  'password-required': [],
  'firmware-outdated': ['ati', 'cgmr'],
  'data-call-failed': ['cgdcont', 'cops'],
  'boot-loop': [],
  'download-mode': ['usbpid'],
  'download-mode-not-entered': [],
  'download-protocol-failed': [],
  'port-busy': [],
  'device-not-found': [],
  'image-rejected': [],
  'update-succeeded': [],
};

const FINDING_SIGNALS: Readonly<Partial<Record<FindingId, readonly LogSignal['kind'][]>>> = {
  'boot-loop': ['usb-attach', 'usb-detach', 'endpoint-hangup', 'hangup', 'usb-vanished', 'loop-reported'],
  'download-mode': ['download-mode'],
  'download-mode-not-entered': ['boot-and-hold-timeout', 'boothold-wait'],
  'download-protocol-failed': ['update-failed'],
  'device-not-found': ['device-not-found'],
  'port-busy': ['port-busy'],
  'update-succeeded': ['update-succeeded'],
  'image-rejected': ['image-refused'],
  'data-call-failed': ['no-carrier', 'data-call-refused'],
  'radio-off': ['radio-low-power'],
  'not-registered': ['attach-rejected'],
  'sim-not-ready': ['sim-not-inserted'],
};

export interface EvidenceContext {
  readonly errors: readonly LocatedError[];
  readonly signals: readonly LogSignal[];
  readonly stepLines: ReadonlyMap<SnapshotStep, readonly number[]>;
  readonly locked: readonly { readonly command: string; readonly line: number }[];
}

/** Sorted, distinct line numbers (at most 60: enough to check, short enough to read). */
export function evidenceLines(id: FindingId, ctx: EvidenceContext): number[] {
  const out = new Set<number>();
  for (const step of FINDING_STEPS[id]) for (const n of ctx.stepLines.get(step) ?? []) out.add(n);
  for (const e of ctx.errors) if (e.line !== null && (errorFinding(e) === id || e.secondaryEntry?.finding === id)) out.add(e.line);
  const kinds = FINDING_SIGNALS[id] ?? [];
  for (const s of ctx.signals) if (s.line !== null && kinds.includes(s.kind)) out.add(s.line);
  if (id === 'password-required') for (const l of ctx.locked) out.add(l.line);
  return [...out].sort((a, b) => a - b).slice(0, 60);
}

const errorFinding = findingOfError;
