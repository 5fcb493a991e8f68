/**
 * Every error table as ErrorEntry lists, and exact lookups by source and code.
 */
import { CME_ERRORS, CME_SOURCE } from './cme.ts';
import { CMS_ERRORS, CMS_SOURCE } from './cms.ts';
import { FDT2_ERRORS, type Fdt2Kind } from './fdt2.ts';
import { FIREHOSE_MARKERS } from './firehose.ts';
import { FWDWL_ERRORS, FWDWL_EXIT_CODES } from './fwdwl.ts';
import { CME_GUIDANCE, CME_VENDOR, QMI_GUIDANCE } from './guidance.ts';
import { LIBQMI_MESSAGES } from './libqmi.ts';
import { QDL_ERRORS } from './qdl.ts';
import { QMI_CORE_ERRORS, QMI_PROTOCOL_ERRORS, QMI_SOURCE } from './qmi.ts';
import { SAHARA_STATUSES } from './sahara.ts';
import { entry, type ErrorEntry, type ErrorSource } from './types.ts';

export const QMI_ENTRIES: readonly ErrorEntry[] = QMI_PROTOCOL_ERRORS.map(([code, , nick]) => entry('qmi', code, nick, QMI_SOURCE, QMI_GUIDANCE[code]));
export const QMI_CORE_ENTRIES: readonly ErrorEntry[] = QMI_CORE_ERRORS.map(([code, nick]) =>
  entry('qmi-core', code, nick, 'libqmi QmiCoreError (at-knowledge.md §1): raised inside libqmi, never sent by the modem'),
);
export const CME_ENTRIES: readonly ErrorEntry[] = [
  ...CME_ERRORS.map(([code, name]) => entry('cme', code, name, CME_SOURCE, CME_GUIDANCE[code])),
  ...CME_VENDOR.map(([code, name, g]) => entry('cme', code, name, 'Sierra vendor code (at-knowledge.md §2.1)', g)),
];
export const CMS_ENTRIES: readonly ErrorEntry[] = CMS_ERRORS.map(([code, name]) => entry('cms', code, name, CMS_SOURCE));

/** All entries, for the decoder's search box. */
export const ALL_ERRORS: readonly ErrorEntry[] = [
  ...QMI_ENTRIES,
  ...QMI_CORE_ENTRIES,
  ...CME_ENTRIES,
  ...CMS_ENTRIES,
  ...FDT2_ERRORS,
  ...FWDWL_ERRORS,
  ...FWDWL_EXIT_CODES,
  ...SAHARA_STATUSES,
  ...QDL_ERRORS,
  ...FIREHOSE_MARKERS,
  ...LIBQMI_MESSAGES,
];

const byKey = new Map<string, ErrorEntry>();
for (const e of ALL_ERRORS) {
  const k = `${e.source}:${e.code}`;
  if (e.code !== null && !byKey.has(k)) byKey.set(k, e);
}

export function lookup(source: ErrorSource, code: number): ErrorEntry | null {
  return byKey.get(`${source}:${code}`) ?? null;
}

export function lookupFdt2(kind: Fdt2Kind, code: number): ErrorEntry | null {
  return FDT2_ERRORS.find((e) => e.kind === kind && e.code === code) ?? null;
}

/** ModemManager's normalisation for verbose +CME texts: lower-case letters and digits only. */
export function normaliseErrorText(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const cmeByText = new Map<string, ErrorEntry>();
for (const e of CME_ENTRIES) cmeByText.set(normaliseErrorText(e.name), e);
const cmsByText = new Map<string, ErrorEntry>();
for (const e of CMS_ENTRIES) cmsByText.set(normaliseErrorText(e.name), e);

/** Maps a verbose `+CME ERROR: <text>` (CMEE=2) back to its code. */
export function cmeByName(text: string): ErrorEntry | null {
  const n = normaliseErrorText(text);
  if (!n) return null;
  const exact = cmeByText.get(n);
  if (exact) return exact;
  // Standard names carry domain notes in brackets; modems print only the first phrase.
  for (const e of CME_ENTRIES) {
    const first = normaliseErrorText(e.name.split(/[(;]/)[0]!);
    if (first === n) return e;
  }
  return null;
}

export function cmsByName(text: string): ErrorEntry | null {
  return cmsByText.get(normaliseErrorText(text)) ?? null;
}

const qmiByNick = new Map<string, ErrorEntry>();
for (const [code, enumName, nick] of QMI_PROTOCOL_ERRORS) {
  const e = lookup('qmi', code)!;
  qmiByNick.set(nick.toLowerCase(), e);
  qmiByNick.set(enumName.toLowerCase(), e);
  qmiByNick.set(`qmi_protocol_error_${enumName.toLowerCase()}`, e);
}

export function qmiByName(name: string): ErrorEntry | null {
  return qmiByNick.get(name.trim().toLowerCase()) ?? null;
}
