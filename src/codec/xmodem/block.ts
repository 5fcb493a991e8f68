/**
 * One XMODEM block on the wire: mark (SOH/STX), sequence, its complement, payload, check.
 */
import { CAN, EOT, SOH, STX, SUB, frameLength, type BlockSize, type CheckMode } from './constants.ts';
import { checksum8, crc16Xmodem } from './crc.ts';

/**
 * Frames `payload` (at most `size` bytes; shorter is padded with SUB, as CP/M receivers expect)
 * as block number `seq` (taken modulo 256).
 */
export function encodeBlock(seq: number, payload: Uint8Array, size: BlockSize, mode: CheckMode, pad = SUB): Uint8Array {
  if (payload.length > size) throw new RangeError(`A ${size}-byte block cannot hold ${payload.length} bytes.`);
  const out = new Uint8Array(frameLength(size, mode));
  out[0] = size === 1024 ? STX : SOH;
  out[1] = seq & 0xff;
  out[2] = ~seq & 0xff;
  out.set(payload, 3);
  out.fill(pad, 3 + payload.length, 3 + size);
  if (mode === 'crc') {
    const crc = crc16Xmodem(out, 3, 3 + size);
    out[3 + size] = crc >>> 8;
    out[4 + size] = crc & 0xff;
  } else {
    out[3 + size] = checksum8(out, 3, 3 + size);
  }
  return out;
}

export type ParsedFrame =
  | { readonly kind: 'block'; readonly seq: number; readonly payload: Uint8Array; readonly size: BlockSize }
  /** Header complement wrong or check mismatch: the receiver NAKs. */
  | { readonly kind: 'corrupt'; readonly reason: 'sequence-complement' | 'check' }
  | { readonly kind: 'eot' }
  | { readonly kind: 'can' };

/**
 * Reads one frame from the front of `buf`. Returns null when more bytes are needed, otherwise
 * the frame and how many bytes it used. Bytes that cannot start a frame are skipped (noise,
 * a stray echo) and counted in `used` with kind 'noise'.
 */
export function parseFrame(buf: Uint8Array, mode: CheckMode): { frame: ParsedFrame | { kind: 'noise' }; used: number } | null {
  if (buf.length === 0) return null;
  const mark = buf[0]!;
  if (mark === EOT) return { frame: { kind: 'eot' }, used: 1 };
  if (mark === CAN) return { frame: { kind: 'can' }, used: 1 };
  if (mark !== SOH && mark !== STX) return { frame: { kind: 'noise' }, used: 1 };
  const size: BlockSize = mark === STX ? 1024 : 128;
  const len = frameLength(size, mode);
  if (buf.length < len) return null;
  const seq = buf[1]!;
  if (((seq ^ buf[2]!) & 0xff) !== 0xff) return { frame: { kind: 'corrupt', reason: 'sequence-complement' }, used: len };
  const ok =
    mode === 'crc' ? crc16Xmodem(buf, 3, 3 + size) === ((buf[3 + size]! << 8) | buf[4 + size]!) : checksum8(buf, 3, 3 + size) === buf[3 + size];
  if (!ok) return { frame: { kind: 'corrupt', reason: 'check' }, used: len };
  return { frame: { kind: 'block', seq, payload: buf.slice(3, 3 + size), size }, used: len };
}
