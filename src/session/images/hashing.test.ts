import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { jamcrc } from '../../codec/crc32.ts';
import { parseCwe } from '../../codec/cwe/parser.ts';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../codec/cwe/images.fixture.ts';
import { bytesSource } from './byte-source.ts';
import { sha256OfBlob, sha256OfSource, wasmCrc32Stream, wasmSha256, WEBCRYPTO_MAX_BYTES } from './hashing.ts';

describe('hashing', () => {
  it('streams SHA-256 equal to the one-shot digest', async () => {
    const bytes = buildCwe(goldenTestImageSpec({ dsp2Size: 300_000 }));
    const hex = await sha256OfSource(bytesSource(bytes, 'x'), await wasmSha256(), { chunkSize: 65_536 });
    expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('pauses between chunks while the gate holds, and finishes with the same digest', async () => {
    const bytes = new Uint8Array(50_000).fill(3);
    let release!: () => void;
    let held: Promise<void> | null = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    const p = sha256OfSource(bytesSource(bytes, 'x'), await wasmSha256(), { chunkSize: 10_000, gate: () => held, onProgress: (d) => seen.push(d) });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    held = null;
    release();
    expect(await p).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(seen.at(-1)).toBe(50_000);
  });

  it('hashes small Blobs with WebCrypto and big ones streamed, with the same result', async () => {
    const small = buildCwe(goldenTestImageSpec());
    expect(await sha256OfBlob(new Blob([small]))).toBe(createHash('sha256').update(small).digest('hex'));
    const big = new Uint8Array(WEBCRYPTO_MAX_BYTES + 10).fill(7);
    expect(await sha256OfBlob(new Blob([big]))).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it('WASM CRC engine gives JAMCRC values and survives value() mid-stream', async () => {
    const s = await wasmCrc32Stream();
    const data = new TextEncoder().encode('123456789');
    s.update(data.subarray(0, 3));
    expect(s.value()).toBe(jamcrc(data.subarray(0, 3)));
    s.update(data.subarray(3));
    expect(s.value()).toBe(0x340bc6d9);
    s.reset();
    s.update(new Uint8Array(256));
    expect(s.value()).toBe(0xf2697aa7);
  });

  it('parses identically with the WASM engine', async () => {
    const bytes = buildCwe(goldenTestImageSpec({ dsp2Size: 10_000 }));
    const js = parseCwe(bytes);
    const wasm = parseCwe(bytes, { crc: await wasmCrc32Stream() });
    expect({ ...wasm, crcEngine: '' }).toEqual({ ...js, crcEngine: '' });
  });
});

describe('chunked reading', () => {
  it('hands out every byte in order through a reused buffer ring', async () => {
    const { readChunks } = await import('./byte-source.ts');
    const data = new Uint8Array(100_003).map((_, i) => (i * 7) & 0xff);
    const source = {
      name: 'x',
      size: data.length,
      read: async (o: number, n: number) => data.slice(o, o + n),
      readInto: async (o: number, t: Uint8Array) => {
        await new Promise((r) => setTimeout(r, (o / 4096) % 3));
        const part = data.subarray(o, o + t.length);
        t.set(part);
        return part.length;
      },
    };
    const seen: number[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const c of readChunks(source, 4096, 0, undefined, 2)) {
      buffers.add(c.buffer);
      seen.push(...c);
    }
    expect(new Uint8Array(seen)).toEqual(data);
    expect(buffers.size).toBe(4);
  });

  it('reads a Blob as one BYOB stream through a ring of reused buffers, bounded by chunkSize', async () => {
    const { readChunks, blobSource, STREAM_RING } = await import('./byte-source.ts');
    const data = new Uint8Array(300_007).map((_, i) => (i * 13) & 0xff);
    const seen: number[] = [];
    const chunks: Uint8Array[] = [];
    let largest = 0;
    for await (const c of readChunks(blobSource(new Blob([data]), 'x'), 4096, 1000)) {
      chunks.push(c);
      largest = Math.max(largest, c.length);
      seen.push(...c);
    }
    expect(new Uint8Array(seen)).toEqual(data.subarray(1000));
    expect(largest).toBeLessThanOrEqual(4096);
    // Reading into a buffer takes it over: every chunk but the last STREAM_RING now reads as empty.
    expect(chunks.length).toBeGreaterThan(STREAM_RING);
    expect(chunks.filter((c) => c.buffer.byteLength > 0).length).toBeLessThanOrEqual(STREAM_RING);
  });

  it('stops reading the stream when aborted', async () => {
    const { readChunks, blobSource } = await import('./byte-source.ts');
    const ac = new AbortController();
    let n = 0;
    await expect(
      (async () => {
        for await (const _ of readChunks(blobSource(new Blob([new Uint8Array(100_000)]), 'x'), 1024, 0, ac.signal)) if (++n === 3) ac.abort();
      })(),
    ).rejects.toThrow();
    expect(n).toBe(3);
  });

  it('falls back to slice reads from where a stream stalls', async () => {
    const { readChunks } = await import('./byte-source.ts');
    const data = new Uint8Array(50_000).map((_, i) => i & 0xff);
    const source = {
      name: 'x',
      size: data.length,
      read: async (o: number, n: number) => data.slice(o, o + n),
      // Delivers 12 345 bytes, then never another.
      stream: (o: number) =>
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(data.slice(o, o + 12_345));
          },
        }),
    };
    const seen: number[] = [];
    for await (const c of readChunks(source, 4096)) seen.push(...c);
    expect(new Uint8Array(seen)).toEqual(data);
  }, 10_000);
});

