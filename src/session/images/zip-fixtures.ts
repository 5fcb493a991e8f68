/**
 * Hand-built zips for tests and the fuzz bench: every header field chosen by the caller, so a
 * test can make a directory that lies (declared sizes, entry counts) the way a crafted file does.
 * fflate builds honest zips only.
 */
import { deflateSync } from 'fflate';

export interface FixtureEntry {
  readonly name: string;
  /** The entry's data as stored in the zip (already deflated when method is 8). */
  readonly data: Uint8Array;
  readonly method?: 0 | 8 | number;
  /** What the central directory claims; defaults to the truth. */
  readonly declaredSize?: number;
  readonly flags?: number;
  /** Inflated size, when `data` is deflated (the truth for declaredSize's default). */
  readonly size?: number;
}

/** A deflated entry from plain bytes. */
export function deflated(name: string, plain: Uint8Array, declaredSize?: number): FixtureEntry {
  return { name, data: deflateSync(plain, { level: 6 }), method: 8, size: plain.length, ...(declaredSize !== undefined ? { declaredSize } : {}) };
}

export function buildZip(entries: readonly FixtureEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 0;
    const size = e.declaredSize ?? e.size ?? e.data.length;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, method, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, Math.min(entries.length, 0xffff), true);
  ev.setUint16(10, Math.min(entries.length, 0xffff), true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, eocd];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
