import { describe, expect, it } from 'vitest';
import { bytesSource } from '../images/byte-source.ts';
import { SliceReader } from './slice-reader.ts';

describe('SliceReader', () => {
  it('serves sequential blocks across slice edges with few source reads', async () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);
    let reads = 0;
    const src = bytesSource(bytes);
    const counted = { name: src.name, size: src.size, read: (o: number, l: number) => (reads++, src.read(o, l)) };
    const r = new SliceReader(counted, 4096);
    const got: number[] = [];
    for (let off = 0; off < bytes.length; off += 1500) got.push(...(await r.read(off, 1500)));
    expect(Uint8Array.from(got)).toEqual(bytes);
    expect(reads).toBe(3);
  });
});
