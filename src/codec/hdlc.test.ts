import { describe, expect, it } from 'vitest';
import { HdlcDecoder, hdlcEncode } from './hdlc.ts';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));

// Protocol spec §5.2/§5.3 vectors.
const VECTORS: Array<[string, string]> = [
  ['70 00 00', '7E 70 00 00 14 46 7E'],
  ['29', '7E 29 BB 4C 7E'],
  ['2D', '7E 2D 9F 0A 7E'],
  ['2E', '7E 2E 04 38 7E'],
  ['06', '7E 06 4E 95 7E'],
  ['3A A1', '7E 3A A1 16 F0 7E'],
  ['0D 17 00 00 00 00', '7E 0D 17 00 00 00 00 CC 46 7E'],
  ['28 00 00 00 00 00 00 00 00', '7E 28 00 00 00 00 00 00 00 00 14 39 7E'],
  ['2A 00 00 00 00', '7E 2A 00 00 00 00 4E E3 7E'],
  ['0D 7E 7D 00', '7E 0D 7D 5E 7D 5D 00 2E A7 7E'],
  ['26 00 00 01 25 26 D7 03', '7E 26 00 00 01 25 26 D7 03 38 37 7E'],
];

describe('hdlc', () => {
  it.each(VECTORS)('frames %s', (payload, framed) => {
    expect(hdlcEncode(hex(payload))).toEqual(hex(framed));
  });

  it.each(VECTORS)('unframes %s byte by byte', (payload, framed) => {
    const d = new HdlcDecoder();
    const items = [...hex(framed)].flatMap((b) => d.push(Uint8Array.of(b)));
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({ ok: true, payload: hex(payload) });
  });

  it('accepts a frame without leading flag and keeps what follows', () => {
    const d = new HdlcDecoder();
    const a = d.push(hex('13 70 00 00 6A 9A 7E 2A 00'));
    expect(a).toEqual([{ ok: true, payload: hex('13 70 00 00') }]);
    expect(d.pending).toBe(2);
    const b = d.push(hex('00 00 00 4E E3 7E'));
    expect(b).toEqual([{ ok: true, payload: hex('2A 00 00 00 00') }]);
  });

  it('reports a CRC mismatch as a typed error', () => {
    const d = new HdlcDecoder();
    const [item] = d.push(hex('7E 2A 00 00 00 00 4E E4 7E'));
    expect(item?.ok).toBe(false);
    if (item && !item.ok) expect(item.error.code).toBe('crc-mismatch');
  });

  it('reports short frames', () => {
    const [item] = new HdlcDecoder().push(hex('7E 01 7E'));
    expect(item?.ok === false && item.error.code).toBe('too-short');
  });
});
