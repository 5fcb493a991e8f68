/**
 * Issue 17, rows "2 GiB of zeros" and "20,000 entries": a zip is judged on its directory before
 * anything inflates, and again on what really inflates, each limit a named refusal.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync, zipSync } from 'fflate';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../codec/cwe/images.fixture.ts';
import { bytesSource, type ByteSource } from './byte-source.ts';
import { inspectSource } from './inspect.ts';
import { ZIP_LIMITS } from './zip-reader.ts';
import { buildZip, deflated } from './zip.fixture.ts';

const golden = () => buildCwe(goldenTestImageSpec());

/** Counts what the inspection reads, to show a refused bomb costs almost nothing. */
function counting(bytes: Uint8Array, name: string): ByteSource & { readBytes: () => number } {
  const inner = bytesSource(bytes, name);
  let n = 0;
  return {
    ...inner,
    read: async (o, l) => {
      const b = await inner.read(o, l);
      n += b.length;
      return b;
    },
    readBytes: () => n,
  };
}

describe('zip bounds', () => {
  it('refuses a bomb that declares 2 GiB from its directory alone, without inflating it', async () => {
    const zeros = deflateSync(new Uint8Array(8 << 20), { level: 9 });
    const zip = buildZip([{ name: 'firmware.cwe', data: zeros, method: 8, declaredSize: 2 * 1024 * 1024 * 1024 }]);
    const src = counting(zip, 'bomb.zip');
    const r = await inspectSource(src);
    expect(r.verdict).toBe('refused');
    expect(r.errors.map((e) => e.code)).toEqual(['zip-ratio']);
    expect(r.errors[0]!.message).toMatch(/zip bomb/);
    expect(src.readBytes()).toBeLessThan(100_000);
  });

  it('refuses a bomb whose directory lies about its size, on what actually inflates', async () => {
    const plain = new Uint8Array(32 << 20);
    const data = deflateSync(plain, { level: 9 });
    // The directory claims the entry is no bigger than its compressed bytes.
    const zip = buildZip([{ name: 'firmware.cwe', data, method: 8, declaredSize: data.length }]);
    const r = await inspectSource(bytesSource(zip, 'liar.zip'));
    expect(r.errors.map((e) => e.code)).toEqual(['zip-ratio']);
  });

  it('stops at the hard total on real output, whatever the ratio limit', async () => {
    const plain = new Uint8Array(8 << 20).fill(7);
    const zip = buildZip([deflated('a.cwe', plain, 1000), deflated('b.cwe', plain, 1000)]);
    const limits = { ...ZIP_LIMITS, hardTotalBytes: 4 << 20, softTotalBytes: 2 << 20, maxRatio: 1e9 };
    const r = await inspectSource(bytesSource(zip, 'big.zip'), { zipLimits: limits });
    expect(r.errors.map((e) => e.code)).toEqual(['zip-too-large']);
  });

  it('refuses on a declared total above the hard limit and warns above the soft one', async () => {
    const limits = { ...ZIP_LIMITS, hardTotalBytes: 1 << 20, softTotalBytes: 4096, maxRatio: 1e9 };
    const big = buildZip([deflated('x.cwe', new Uint8Array(10), 2 << 20)]);
    expect((await inspectSource(bytesSource(big, 'x.zip'), { zipLimits: limits })).errors.map((e) => e.code)).toEqual(['zip-too-large']);
    const soft = zipSync({ 'fw.cwe': golden(), 'pad.bin': new Uint8Array(8000) });
    const r = await inspectSource(bytesSource(soft, 'soft.zip'), { zipLimits: limits });
    expect(r.verdict).toBe('ok');
    expect(r.warnings.map((w) => w.code)).toContain('zip-large');
  });

  it('refuses 20,000 entries by name (zip-too-many-entries), not by a stack overflow', async () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.cwe`, data: new Uint8Array(0) }));
    const r = await inspectSource(bytesSource(buildZip(entries), 'many.zip'));
    expect(r.errors.map((e) => e.code)).toEqual(['zip-too-many-entries']);
    expect(r.errors[0]!.params).toMatchObject({ count: 20_000, limit: 1000 });
  });

  it('names encrypted entries and unknown methods, and says when an entry is cut off', async () => {
    const enc = buildZip([{ name: 'a.cwe', data: new Uint8Array(10), flags: 1 }]);
    expect((await inspectSource(bytesSource(enc, 'e.zip'))).errors.map((e) => e.code)).toEqual(['zip-encrypted']);
    const lzma = buildZip([{ name: 'a.cwe', data: new Uint8Array(10), method: 14 }]);
    expect((await inspectSource(bytesSource(lzma, 'l.zip'))).errors.map((e) => e.code)).toEqual(['zip-method']);
    const cut = zipSync({ 'a.spk': golden() });
    const r = await inspectSource(bytesSource(cut.subarray(0, cut.length - 30), 'cut.zip'));
    expect(r.errors.map((e) => e.code)).toEqual(['zip-unreadable']);
  });

  it('still reads an honest bundle: stored and deflated entries, parsed as they inflate', async () => {
    const zip = buildZip([{ name: 'stored.cwe', data: golden() }, deflated('deflated.spk', golden())]);
    const r = await inspectSource(bytesSource(zip, 'ok.zip'), { chunkSize: 333 });
    expect(r.verdict).toBe('ok');
    expect(r.entries!.map((e) => [e.name, e.verdict, e.size])).toEqual([
      ['stored.cwe', 'ok', golden().length],
      ['deflated.spk', 'ok', golden().length],
    ]);
  });
});
