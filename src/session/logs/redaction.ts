/**
 * Masks subscriber and device identifiers (IMEI, ICCID, IMSI, phone numbers) in a whole
 * session, for exports. Reuses the AT codec's masking rules, so what stays visible (TAC, issuer
 * prefix, MCC+MNC, country code) is the same as everywhere else in Boothold.
 */
import { maskIccid, maskImei, maskImsi, redactText } from '../../codec/at/redact.ts';
import type { DeviceInfo, SessionData } from './schema.ts';

export function redactSession(data: SessionData): SessionData {
  const meta = deepRedact(data.meta);
  return {
    meta: { ...meta, device: redactDevice(data.meta.device) },
    events: data.events.map(deepRedact),
    raw: redactRaw(data.raw),
  };
}

export function redactDevice(d: DeviceInfo): DeviceInfo {
  return {
    ...deepRedact(d),
    imei: d.imei === null ? null : maskImei(d.imei),
    iccid: d.iccid === null ? null : maskIccid(d.iccid),
    imsi: d.imsi === null ? null : maskImsi(d.imsi),
  };
}

function deepRedact<T>(v: T): T {
  if (typeof v === 'string') return redactText(v) as T;
  if (Array.isArray(v)) return v.map(deepRedact) as T;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepRedact(x);
    return out as T;
  }
  return v;
}

/**
 * Raw bytes are masked per direction over the concatenated stream, so an IMEI split across two
 * reads is still found. Masked digits become `*`: every chunk keeps its length.
 */
function redactRaw(raw: SessionData['raw']): SessionData['raw'] {
  const out = raw.map((r) => ({ ...r, bytes: r.bytes.slice() }));
  for (const dir of ['tx', 'rx'] as const) {
    const chunks = out.filter((r) => r.dir === dir);
    let text = '';
    for (const c of chunks) text += latin1(c.bytes);
    const masked = redactText(text).replace(/\u2022/g, '*');
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

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
