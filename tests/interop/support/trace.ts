/**
 * Splits a host→module byte stream into protocol messages (as lib/decode-trace.py does), so
 * two streams can be compared message by message and the first difference named.
 */
export interface TraceMessage {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly what: string;
}

const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');

function indexOfText(buf: Uint8Array, text: string, from: number): number {
  const s = latin1(buf.subarray(from));
  const i = s.indexOf(text);
  return i < 0 ? -1 : from + i;
}

export function splitFirehoseHost(buf: Uint8Array): TraceMessage[] {
  const out: TraceMessage[] = [];
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off + 8 <= buf.length && latin1(buf.subarray(off, off + 5)) !== '<?xml') {
    const len = v.getUint32(off + 4, true);
    if (len < 8 || off + len > buf.length) break;
    out.push({ offset: off, bytes: buf.subarray(off, off + len), what: `sahara 0x${v.getUint32(off, true).toString(16)}` });
    off += len;
  }
  while (off < buf.length) {
    if (latin1(buf.subarray(off, off + 5)) === '<?xml') {
      let end = indexOfText(buf, '</data>', off);
      if (end < 0) end = buf.length;
      else end += 7;
      while (end < buf.length && buf[end] === 0x0a) end++;
      const text = latin1(buf.subarray(off, end));
      const tag = /<data>\s*<(\w+)/.exec(text)?.[1] ?? '?';
      out.push({ offset: off, bytes: buf.subarray(off, end), what: `xml <${tag}>` });
      off = end;
    } else {
      let end = indexOfText(buf, '<?xml', off);
      if (end < 0) end = buf.length;
      out.push({ offset: off, bytes: buf.subarray(off, end), what: `raw data ${end - off} bytes` });
      off = end;
    }
  }
  return out;
}

export function splitQdlHost(buf: Uint8Array): TraceMessage[] {
  const out: TraceMessage[] = [];
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off < buf.length) {
    if (buf[off] === 0x27 && off + 13 <= buf.length) {
      const len = v.getUint32(off + 7, true);
      const end = Math.min(buf.length, off + 13 + len);
      out.push({ offset: off, bytes: buf.subarray(off, end), what: `write-unframed seq ${v.getUint16(off + 1, true)} (${len} bytes)` });
      off = end;
      continue;
    }
    let end = buf.indexOf(0x7e, off + 1);
    end = end < 0 ? buf.length : end + 1;
    const cmd = buf[off] === 0x7e ? buf[off + 1] : buf[off];
    out.push({ offset: off, bytes: buf.subarray(off, end), what: `frame 0x${(cmd ?? 0).toString(16)}` });
    off = end;
  }
  return out;
}

/** Null when equal; otherwise a description of the first differing message. */
export function firstDifference(ours: TraceMessage[], golden: TraceMessage[]): string | null {
  const n = Math.max(ours.length, golden.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i];
    const b = golden[i];
    if (!a || !b) return `message #${i}: ${a ? `extra ${a.what}` : `missing ${b!.what}`} (ours ${ours.length} messages, golden ${golden.length})`;
    if (a.bytes.length === b.bytes.length && a.bytes.every((x, k) => x === b.bytes[k])) continue;
    let k = 0;
    while (k < a.bytes.length && k < b.bytes.length && a.bytes[k] === b.bytes[k]) k++;
    const show = (m: TraceMessage) => {
      const s = latin1(m.bytes.subarray(Math.max(0, k - 8), k + 24));
      return /^[\x20-\x7e\n]*$/.test(s) ? JSON.stringify(s) : Array.from(m.bytes.subarray(Math.max(0, k - 8), k + 24), (x) => x.toString(16).padStart(2, '0')).join(' ');
    };
    return `message #${i} (${a.what} vs golden ${b.what}) differs at byte ${k} of the message (stream offset ${a.offset + k}):\n  ours:   ${show(a)}\n  golden: ${show(b)}`;
  }
  return null;
}
