/**
 * Raw figures behind the browser verdict time, measured in a worker like the app's: how fast
 * this browser hands a File's bytes to a worker (whole, in slices, as a stream), how fast the CRC
 * engines run, and the inspection itself read as a stream (today's path) versus in slices (the
 * path before). Rounds interleave the variants so machine load hits them alike.
 */
import { createCRC32 } from 'hash-wasm';
import { crc32Update } from '../../src/codec/crc32.ts';
import { blobSource, type ByteSource } from '../../src/session/images/byte-source.ts';
import { inspectSource } from '../../src/session/images/inspect.ts';
import { wasmCrc32Stream } from '../../src/session/images/hashing.ts';

const MiB = 1 << 20;

async function slicesInFlight(f: Blob, size: number, inFlight: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let o = next; o < f.size; o = next) {
      next += size;
      await f.slice(o, o + size).arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

async function byob(f: Blob, onPiece?: (b: Uint8Array) => void): Promise<number> {
  const r = f.stream().getReader({ mode: 'byob' });
  const ring = [new ArrayBuffer(4 * MiB), new ArrayBuffer(4 * MiB), new ArrayBuffer(4 * MiB)];
  let k = 0;
  for (;;) {
    const slot = k++ % 3;
    const { done, value } = await r.read(new Uint8Array(ring[slot]!));
    if (done) return k - 1;
    ring[slot] = value.buffer as ArrayBuffer;
    onPiece?.(value);
  }
}

let ready: Promise<Record<string, () => Promise<unknown>>> | null = null;

async function setup(f: File): Promise<Record<string, () => Promise<unknown>>> {
  const crc = await wasmCrc32Stream();
  const slicesOnly = (b: Blob): ByteSource => {
    const s = blobSource(b);
    return { name: s.name, size: s.size, read: s.read };
  };
  const h = await createCRC32();
  const buf = new Uint8Array(await f.slice(0, 32 * MiB).arrayBuffer());
  const scale = Math.ceil(f.size / buf.length);
  return {
    // Upper bound on reading, not something we may do: the whole file in one ArrayBuffer.
    wholeRead: () => f.arrayBuffer(),
    slices4x1: () => slicesInFlight(f, 4 * MiB, 1),
    slices4x5: () => slicesInFlight(f, 4 * MiB, 5),
    slices16x4: () => slicesInFlight(f, 16 * MiB, 4),
    streamRead: () => byob(f),
    streamReadCrc: () => (h.init(), byob(f, (b) => void h.update(b))),
    inspectSlices: () => inspectSource(slicesOnly(f), { crc: () => crc, readAhead: 4 }),
    inspectStream: () => inspectSource(blobSource(f), { crc: () => crc }),
    // CRC engines over the file's size worth of bytes already in memory (32 MiB, repeated).
    crcWasm: async () => {
      h.init();
      for (let i = 0; i < scale; i++) h.update(buf);
      h.digest();
    },
    crcJs: async () => {
      for (let i = 0, c = 0; i < scale; i++) c = crc32Update(c, buf);
    },
  };
}

/** One variant per message, so the page can sample CPU time around each. Replies with ms and a detail. */
self.onmessage = async (e: MessageEvent<{ file: File; variant: string }>) => {
  try {
    ready ??= setup(e.data.file);
    const variants = await ready;
    if (e.data.variant === 'list') return void (self as unknown as Worker).postMessage({ list: Object.keys(variants) });
    const t = performance.now();
    const r = await variants[e.data.variant]!();
    const ms = performance.now() - t;
    if (e.data.variant.startsWith('inspect') && (r as { verdict: string }).verdict !== 'ok') throw new Error(`${e.data.variant}: ${(r as { summary: string }).summary}`);
    (self as unknown as Worker).postMessage({ ms, detail: typeof r === 'number' ? r : null });
  } catch (err) {
    (self as unknown as Worker).postMessage({ error: String(err) });
  }
};
