/**
 * Masks subscriber and device identifiers (IMEI, IMEISV, FSN, ICCID, IMSI, phone numbers) and
 * secrets in a whole session, for exports (JSON, HTML, text).
 *
 * Two passes over the session as a whole, not over each read: the first assembles every text of
 * the session (each event's strings, and each direction's raw bytes as one stream, so a number
 * split across two reads is whole again) and collects the identifiers it holds, plus the device's
 * own; the second masks those identifiers wherever their digits appear, in any spacing, and
 * everything the patterns of the AT codec recognise. The masking style is the codec's.
 */
import { findIdentifiers, maskIccid, maskImei, maskImsi, redactText, type KnownIdentifier } from '../../codec/at/redact.ts';
import type { DeviceInfo, JournalData } from './schema.ts';

export function redactJournal(data: JournalData): JournalData {
  const known = sessionIdentifiers(data);
  const meta = deepRedact(data.meta, known);
  return {
    meta: { ...meta, device: redactDevice(data.meta.device, known) },
    events: data.events.map((e) => deepRedact(e, known)),
    raw: redactRaw(data.raw, known),
  };
}

export function redactDevice(d: DeviceInfo, known: readonly KnownIdentifier[] = deviceIdentifiers(d)): DeviceInfo {
  return {
    ...deepRedact(d, known),
    imei: d.imei === null ? null : maskImei(d.imei),
    iccid: d.iccid === null ? null : maskIccid(d.iccid),
    imsi: d.imsi === null ? null : maskImsi(d.imsi),
  };
}

function deviceIdentifiers(d: DeviceInfo): KnownIdentifier[] {
  const out: KnownIdentifier[] = [];
  if (d.imei) out.push({ value: d.imei, mask: maskImei });
  if (d.iccid) out.push({ value: d.iccid, mask: maskIccid });
  if (d.imsi) out.push({ value: d.imsi, mask: maskImsi });
  return out;
}

/** The device's identifiers, then every identifier found anywhere in the session's text. */
export function sessionIdentifiers(data: JournalData): KnownIdentifier[] {
  const known = deviceIdentifiers(data.meta.device);
  const add = (text: string) => {
    for (const k of findIdentifiers(text)) if (!known.some((x) => x.value === k.value)) known.push(k);
  };
  const strings: string[] = [];
  collectStrings(data.meta, strings);
  for (const e of data.events) collectStrings(e, strings);
  add(strings.join('\n'));
  for (const dir of ['tx', 'rx'] as const) add(rawText(data.raw.filter((r) => r.dir === dir)));
  // Longest first: a known IMEISV must be masked before the IMEI inside it is.
  return known.sort((a, b) => b.value.length - a.value.length).slice(0, 200);
}

function collectStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out);
  else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) for (const x of Object.values(v)) collectStrings(x, out);
}

function deepRedact<T>(v: T, known: readonly KnownIdentifier[]): T {
  if (typeof v === 'string') return redactText(v, known) as T;
  if (Array.isArray(v)) return v.map((x) => deepRedact(x, known)) as T;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepRedact(x, known);
    return out as T;
  }
  return v;
}

/**
 * Raw bytes are masked per direction over the concatenated stream, so an identifier split across
 * two reads is still found. Masked bytes become `*`: every chunk keeps its length.
 */
function redactRaw(raw: JournalData['raw'], known: readonly KnownIdentifier[]): JournalData['raw'] {
  const out = raw.map((r) => ({ ...r, bytes: r.bytes.slice() }));
  for (const dir of ['tx', 'rx'] as const) {
    const chunks = out.filter((r) => r.dir === dir);
    const text = rawText(chunks);
    const masked = redactText(text, known);
    if (masked === text) continue;
    let pos = 0;
    for (const c of chunks) {
      for (let i = 0; i < c.bytes.length; i++) {
        if (masked.charCodeAt(pos + i) !== text.charCodeAt(pos + i)) c.bytes[i] = 0x2a;
      }
      pos += c.bytes.length;
    }
  }
  return out;
}

function rawText(chunks: readonly { readonly bytes: Uint8Array }[]): string {
  let s = '';
  for (const c of chunks) s += latin1(c.bytes);
  return s;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
