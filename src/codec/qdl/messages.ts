/**
 * Sierra QDL/SSDP messages (the payloads inside HDLC frames, plus the unframed write header).
 * Pure encoders and decoders for both directions: the host engine encodes requests and decodes
 * replies; the virtual modem does the opposite. All integers little-endian.
 */
import { crc16 } from '../crc16.ts';
import { CWE_HEADER_SIZE } from '../cwe/header.ts';

export const QdlCommand = {
  hello: 0x01,
  helloResponse: 0x02,
  /** DLOAD ACK to the SDP switch is also 0x02, one byte long. */
  dloadAck: 0x02,
  dloadNop: 0x06,
  error: 0x0d,
  openUnframed: 0x25,
  openUnframedResponse: 0x26,
  writeUnframed: 0x27,
  writeUnframedResponse: 0x28,
  closeUnframed: 0x29,
  closeUnframedResponse: 0x2a,
  reset: 0x2d,
  dloadSdp: 0x70,
} as const;

export const HELLO_HOST_MAGIC = 'QCOM high speed protocol hst';
export const HELLO_MAGIC_PREFIX = 'QCOM high speed protocol';
export const HELLO_FEATURES = 0x30;
export const IMAGE_TYPE_CWE = 0x80;
export const WRITE_HEADER_SIZE = 13;
/** libqmi's data chunk per unframed write. */
export const QDL_CHUNK_SIZE = 1024 * 1024;

/** QDL error codes (error frame 0x0D) and what they mean. */
export const QDL_ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: 'None',
  0x01: 'Reserved',
  0x02: 'Invalid destination address',
  0x03: 'Invalid length',
  0x04: 'Unexpected end of packet',
  0x05: 'Invalid command',
  0x06: 'Reserved',
  0x07: 'Operation failed',
  0x08: 'Invalid flash intelligent ID',
  0x09: 'Invalid programming voltage',
  0x0a: 'Write verify failed',
  0x0b: 'Reserved',
  0x0c: 'Invalid security code',
  0x0d: 'Power-down failed',
  0x0e: 'NAND programming not supported',
  0x0f: 'Command out of sequence',
  0x10: 'Close failed',
  0x11: 'Invalid feature bits',
  0x12: 'Out of space',
  0x13: 'Invalid security mode',
  0x14: 'Multi-image NAND not supported',
  0x15: 'Power-off command not supported',
  0x16: 'Command not supported',
  0x17: 'Invalid CRC',
  0x18: 'Command received in invalid state',
  0x19: 'Receive timeout',
  0x1a: 'Image authentication error',
};

export const QDL_ERROR_COMMAND_NOT_SUPPORTED = 0x16;

export class QdlDecodeError extends Error {
  override readonly name = 'QdlDecodeError';
  constructor(
    message: string,
    readonly payload: Uint8Array,
  ) {
    super(message);
  }
}

// ---- host → device -------------------------------------------------------------------------

export function encodeDloadSdp(): Uint8Array {
  return Uint8Array.of(QdlCommand.dloadSdp, 0, 0);
}

export function encodeHello(version: number): Uint8Array {
  const p = new Uint8Array(36);
  p[0] = QdlCommand.hello;
  p.set(ascii(HELLO_HOST_MAGIC), 1);
  p[33] = version;
  p[34] = version;
  p[35] = HELLO_FEATURES;
  return p;
}

/** Open-unframed for a CWE file: total size, data size, then its 400-byte header verbatim. */
export function encodeOpenUnframed(fileSize: number, header: Uint8Array): Uint8Array {
  if (header.length !== CWE_HEADER_SIZE) throw new RangeError(`CWE header must be ${CWE_HEADER_SIZE} bytes.`);
  const p = new Uint8Array(13 + CWE_HEADER_SIZE);
  const v = view(p);
  p[0] = QdlCommand.openUnframed;
  p[1] = IMAGE_TYPE_CWE;
  v.setUint32(2, fileSize, true);
  p[6] = 1;
  v.setUint32(7, fileSize - CWE_HEADER_SIZE, true);
  v.setUint16(11, 0, true);
  p.set(header, 13);
  return p;
}

/** The 13-byte raw (not framed) header that precedes each data chunk. */
export function encodeWriteHeader(sequence: number, length: number): Uint8Array {
  const p = new Uint8Array(WRITE_HEADER_SIZE);
  const v = view(p);
  p[0] = QdlCommand.writeUnframed;
  v.setUint16(1, sequence, true);
  v.setUint32(3, 0, true);
  v.setUint32(7, length, true);
  v.setUint16(11, crc16(p, 0, 11), true);
  return p;
}

export function encodeCloseUnframed(): Uint8Array {
  return Uint8Array.of(QdlCommand.closeUnframed);
}

export function encodeReset(): Uint8Array {
  return Uint8Array.of(QdlCommand.reset);
}

// ---- device → host -------------------------------------------------------------------------

export type QdlReply =
  | { readonly kind: 'dload-ack' }
  | { readonly kind: 'hello'; readonly maxVersion: number; readonly minVersion: number; readonly features: number; readonly magic: string }
  | { readonly kind: 'error'; readonly code: number; readonly text: string }
  | { readonly kind: 'open'; readonly status: number; readonly windowSize: number; readonly chunkSize: number }
  | { readonly kind: 'write'; readonly sequence: number; readonly status: number }
  | { readonly kind: 'close'; readonly status: number; readonly imageType: number; readonly text: string }
  | { readonly kind: 'unknown'; readonly command: number };

/**
 * Decodes one unframed reply payload. Lengths are checked as libqmi does (hello 49, open 8,
 * write 9, close 5, error 6, DLOAD ACK 1), except that an error or close reply may carry text.
 */
export function decodeReply(p: Uint8Array): QdlReply {
  if (p.length === 0) throw new QdlDecodeError('Empty QDL message.', p);
  const v = view(p);
  const cmd = p[0]!;
  const need = (n: number, name: string) => {
    if (p.length !== n) throw new QdlDecodeError(`${name} has ${p.length} bytes, expected ${n}.`, p);
  };
  switch (cmd) {
    case QdlCommand.helloResponse:
      if (p.length === 1) return { kind: 'dload-ack' };
      need(49, 'Hello response');
      return { kind: 'hello', magic: cstring(p.subarray(1, 33)), maxVersion: p[33]!, minVersion: p[34]!, features: p[48]! };
    case QdlCommand.error:
      if (p.length < 6) throw new QdlDecodeError(`Error frame has ${p.length} bytes, expected at least 6.`, p);
      return { kind: 'error', code: v.getUint32(1, true), text: cstring(p.subarray(5)) };
    case QdlCommand.openUnframedResponse:
      need(8, 'Open-unframed response');
      return { kind: 'open', status: v.getUint16(1, true), windowSize: p[3]!, chunkSize: v.getUint32(4, true) };
    case QdlCommand.writeUnframedResponse:
      need(9, 'Write-unframed response');
      return { kind: 'write', sequence: v.getUint16(1, true), status: v.getUint16(7, true) };
    case QdlCommand.closeUnframedResponse:
      if (p.length < 5) throw new QdlDecodeError(`Close response has ${p.length} bytes, expected at least 5.`, p);
      return { kind: 'close', status: v.getUint16(1, true), imageType: p[3]!, text: cstring(p.subarray(4)) };
    default:
      return { kind: 'unknown', command: cmd };
  }
}

export function encodeDloadAck(): Uint8Array {
  return Uint8Array.of(QdlCommand.dloadAck);
}

export function encodeHelloResponse(version: number, magic = HELLO_HOST_MAGIC): Uint8Array {
  const p = new Uint8Array(49);
  p[0] = QdlCommand.helloResponse;
  p.set(ascii(magic).subarray(0, 32), 1);
  p[33] = version;
  p[34] = version;
  p[48] = HELLO_FEATURES;
  return p;
}

export function encodeError(code: number, text = ''): Uint8Array {
  const t = ascii(text);
  const p = new Uint8Array(6 + t.length);
  p[0] = QdlCommand.error;
  view(p).setUint32(1, code, true);
  p.set(t, 5);
  return p;
}

export function encodeOpenResponse(status: number, chunkSize: number): Uint8Array {
  const p = new Uint8Array(8);
  p[0] = QdlCommand.openUnframedResponse;
  view(p).setUint16(1, status, true);
  p[3] = 1;
  view(p).setUint32(4, chunkSize, true);
  return p;
}

export function encodeWriteResponse(sequence: number, status: number): Uint8Array {
  const p = new Uint8Array(9);
  p[0] = QdlCommand.writeUnframedResponse;
  view(p).setUint16(1, sequence, true);
  view(p).setUint16(7, status, true);
  return p;
}

export function encodeCloseResponse(status: number, imageType = IMAGE_TYPE_CWE, text = ''): Uint8Array {
  const t = ascii(text);
  const p = new Uint8Array(5 + t.length);
  p[0] = QdlCommand.closeUnframedResponse;
  view(p).setUint16(1, status, true);
  p[3] = imageType;
  p.set(t, 4);
  return p;
}

// ---- host requests as the device sees them -------------------------------------------------

export type QdlRequest =
  | { readonly kind: 'dload-sdp' }
  | { readonly kind: 'dload-nop' }
  | { readonly kind: 'hello'; readonly maxVersion: number; readonly minVersion: number; readonly features: number; readonly magic: string }
  | { readonly kind: 'open'; readonly imageType: number; readonly length: number; readonly windowSize: number; readonly dataSize: number; readonly header: Uint8Array }
  | { readonly kind: 'close' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'unknown'; readonly command: number };

export function decodeRequest(p: Uint8Array): QdlRequest {
  if (p.length === 0) throw new QdlDecodeError('Empty QDL message.', p);
  const v = view(p);
  switch (p[0]) {
    case QdlCommand.dloadSdp:
      return { kind: 'dload-sdp' };
    case QdlCommand.dloadNop:
      return { kind: 'dload-nop' };
    case QdlCommand.hello:
      if (p.length < 36) throw new QdlDecodeError(`Hello request has ${p.length} bytes, expected 36.`, p);
      return { kind: 'hello', magic: cstring(p.subarray(1, 33)), maxVersion: p[33]!, minVersion: p[34]!, features: p[35]! };
    case QdlCommand.openUnframed:
      if (p.length < 13) throw new QdlDecodeError(`Open-unframed request has ${p.length} bytes.`, p);
      return {
        kind: 'open',
        imageType: p[1]!,
        length: v.getUint32(2, true),
        windowSize: p[6]!,
        dataSize: v.getUint32(7, true),
        header: p.slice(13),
      };
    case QdlCommand.closeUnframed:
      return { kind: 'close' };
    case QdlCommand.reset:
      return { kind: 'reset' };
    default:
      return { kind: 'unknown', command: p[0]! };
  }
}

export interface WriteHeader {
  readonly sequence: number;
  readonly length: number;
  readonly crcOk: boolean;
}

export function decodeWriteHeader(h: Uint8Array): WriteHeader {
  if (h.length < WRITE_HEADER_SIZE || h[0] !== QdlCommand.writeUnframed) {
    throw new QdlDecodeError('Not an unframed-write header.', h);
  }
  const v = view(h);
  return { sequence: v.getUint16(1, true), length: v.getUint32(7, true), crcOk: v.getUint16(11, true) === crc16(h, 0, 11) };
}

export function describeQdlError(code: number): string {
  return QDL_ERROR_TEXT[code] ?? `Unknown error 0x${code.toString(16)}`;
}

function view(p: Uint8Array): DataView {
  return new DataView(p.buffer, p.byteOffset, p.byteLength);
}

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0x7f;
  return out;
}

function cstring(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}
