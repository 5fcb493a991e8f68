import { describe, expect, it } from 'vitest';
import { hdlcEncode } from '../hdlc.ts';
import {
  decodeReply,
  decodeRequest,
  decodeWriteHeader,
  encodeCloseResponse,
  encodeError,
  encodeHello,
  encodeHelloResponse,
  encodeOpenUnframed,
  encodeWriteHeader,
  encodeWriteResponse,
} from './messages.ts';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const MAGIC = '51 43 4F 4D 20 68 69 67 68 20 73 70 65 65 64 20 70 72 6F 74 6F 63 6F 6C 20 68 73 74 00 00 00 00';

describe('qdl messages', () => {
  it.each([
    [4, '04 04 30 03 0B'],
    [5, '05 05 30 07 48'],
    [6, '06 06 30 0B 8D'],
  ])('hello v%i matches §5.3', (v, tail) => {
    expect(hdlcEncode(encodeHello(v))).toEqual(hex(`7E 01 ${MAGIC} ${tail} 7E`));
  });

  it.each([
    [0, 0x00100000, '27 00 00 00 00 00 00 00 00 10 00 29 D8'],
    [1, 0x00100000, '27 01 00 00 00 00 00 00 00 10 00 0E F4'],
    [0x3d, 0x7e7d, '27 3D 00 00 00 00 00 7D 7E 00 00 C4 87'],
  ])('write header seq %i', (seq, len, bytes) => {
    expect(encodeWriteHeader(seq, len)).toEqual(hex(bytes));
    expect(decodeWriteHeader(hex(bytes))).toEqual({ sequence: seq, length: len, crcOk: true });
  });

  it('open-unframed carries size, data size and the header (real EM7455 start)', () => {
    const p = encodeOpenUnframed(64432053, new Uint8Array(400));
    expect(p.subarray(0, 13)).toEqual(hex('25 80 B5 27 D7 03 01 25 26 D7 03 00 00'));
    const r = decodeRequest(p);
    expect(r).toMatchObject({ kind: 'open', imageType: 0x80, length: 64432053, dataSize: 64431653, windowSize: 1 });
  });

  it('decodes replies with libqmi length rules', () => {
    expect(decodeReply(hex('02'))).toEqual({ kind: 'dload-ack' });
    expect(decodeReply(hex('26 00 00 01 25 26 D7 03'))).toEqual({ kind: 'open', status: 0, windowSize: 1, chunkSize: 64431653 });
    expect(decodeReply(encodeWriteResponse(7, 1))).toEqual({ kind: 'write', sequence: 7, status: 1 });
    expect(decodeReply(encodeError(0x17))).toEqual({ kind: 'error', code: 0x17, text: '' });
    expect(encodeError(0x17)).toEqual(hex('0D 17 00 00 00 00'));
    expect(decodeReply(encodeError(0x0a, 'verify'))).toEqual({ kind: 'error', code: 0x0a, text: 'verify' });
    expect(encodeCloseResponse(0)).toEqual(hex('2A 00 00 80 00'));
    expect(decodeReply(encodeHelloResponse(6))).toMatchObject({ kind: 'hello', maxVersion: 6, minVersion: 6, features: 0x30 });
    expect(() => decodeReply(hex('26 00'))).toThrow(/expected 8/);
  });
});
