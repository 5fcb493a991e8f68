/**
 * The HDLC-like framing of Sierra QDL/SSDP: 0x7E flag, 0x7D escape (byte XOR 0x20), only 0x7E
 * and 0x7D escaped, CRC-16/X-25 of the unescaped payload appended little-endian (and escaped
 * too). The receiver accepts frames with or without a leading flag and runs of flags.
 */
import { crc16 } from './crc16.ts';
import { hex4 } from './hex.ts';

export const HDLC_FLAG = 0x7e;
export const HDLC_ESCAPE = 0x7d;

/** `crcOverride` exists for the fault injector (a frame with a wrong CRC). */
export function hdlcEncode(payload: Uint8Array, crcOverride?: number): Uint8Array {
  const crc = crcOverride ?? crc16(payload);
  const body = new Uint8Array(payload.length + 2);
  body.set(payload);
  body[payload.length] = crc & 0xff;
  body[payload.length + 1] = crc >>> 8;
  let escapes = 0;
  for (const b of body) if (b === HDLC_FLAG || b === HDLC_ESCAPE) escapes++;
  const out = new Uint8Array(body.length + escapes + 2);
  let o = 0;
  out[o++] = HDLC_FLAG;
  for (const b of body) {
    if (b === HDLC_FLAG || b === HDLC_ESCAPE) {
      out[o++] = HDLC_ESCAPE;
      out[o++] = b ^ 0x20;
    } else out[o++] = b;
  }
  out[o++] = HDLC_FLAG;
  return out;
}

export type HdlcFrameErrorCode = 'crc-mismatch' | 'too-short' | 'bad-escape';

export class HdlcFrameError extends Error {
  override readonly name = 'HdlcFrameError';
  constructor(
    readonly code: HdlcFrameErrorCode,
    message: string,
    /** The raw bytes between the flags, for the session log. */
    readonly raw: Uint8Array,
  ) {
    super(message);
  }
}

/** Unescapes and checks one frame body (the bytes between two flags). */
export function hdlcDecodeBody(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === HDLC_ESCAPE) {
      if (i + 1 >= raw.length) throw new HdlcFrameError('bad-escape', 'HDLC frame ends inside an escape.', raw);
      out[n++] = raw[++i]! ^ 0x20;
    } else out[n++] = b;
  }
  if (n < 3) throw new HdlcFrameError('too-short', `HDLC frame too short (${n} bytes).`, raw);
  const payload = out.subarray(0, n - 2);
  const got = out[n - 2]! | (out[n - 1]! << 8);
  const want = crc16(payload);
  if (got !== want) {
    throw new HdlcFrameError(
      'crc-mismatch',
      `HDLC CRC mismatch: frame says 0x${hex4(got, 'lower')}, payload gives 0x${hex4(want, 'lower')}.`,
      raw,
    );
  }
  return payload.slice();
}

export type HdlcItem = { readonly ok: true; readonly payload: Uint8Array } | { readonly ok: false; readonly error: HdlcFrameError };

/**
 * Stream reassembler: feed arbitrary pieces, take complete frames. Bytes after a frame stay
 * buffered for the next one, so nothing the device sent is dropped.
 */
export class HdlcDecoder {
  #buf: number[] = [];

  get pending(): number {
    return this.#buf.length;
  }

  /** Returns every frame completed by this piece, in order. */
  push(data: Uint8Array): HdlcItem[] {
    const items: HdlcItem[] = [];
    for (const b of data) {
      if (b !== HDLC_FLAG) {
        this.#buf.push(b);
        continue;
      }
      if (this.#buf.length === 0) continue; // opening flag or a run of flags
      const raw = Uint8Array.from(this.#buf);
      this.#buf = [];
      try {
        items.push({ ok: true, payload: hdlcDecodeBody(raw) });
      } catch (e) {
        items.push({ ok: false, error: e as HdlcFrameError });
      }
    }
    return items;
  }

  /** Bytes received since the last flag (not yet a frame). */
  takePending(): Uint8Array {
    const raw = Uint8Array.from(this.#buf);
    this.#buf = [];
    return raw;
  }

  reset(): void {
    this.#buf = [];
  }
}
