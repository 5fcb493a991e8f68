/** Raw figures behind the browser verdict time: how fast this browser reads File slices, and CRC speed per engine. */
import { createCRC32 } from 'hash-wasm';
import { crc32Update } from '../../src/codec/crc32.ts';

self.onmessage = async (e: MessageEvent<File>) => {
  const f = e.data;
  const out: Record<string, number> = {};
  let t = performance.now();
  for (let o = 0; o < f.size; o += 4 << 20) await f.slice(o, o + (4 << 20)).arrayBuffer();
  out.readMs = performance.now() - t;
  // The same with several slice reads in flight, as readChunks does.
  for (const inFlight of [3, 5]) {
    t = performance.now();
    let next = 0;
    const lane = async () => {
      for (let o = next; o < f.size; o = next) {
        next += 4 << 20;
        await f.slice(o, o + (4 << 20)).arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    out[`read${inFlight}Ms`] = performance.now() - t;
  }
  // Synchronous reads (workers only): same data path, no promise per slice.
  const FRS = (self as unknown as { FileReaderSync?: new () => { readAsArrayBuffer(b: Blob): ArrayBuffer } }).FileReaderSync;
  if (FRS) {
    const r = new FRS();
    t = performance.now();
    for (let o = 0; o < f.size; o += 4 << 20) r.readAsArrayBuffer(f.slice(o, o + (4 << 20)));
    out.readSyncMs = performance.now() - t;
  }
  const buf = new Uint8Array(await f.slice(0, 32 << 20).arrayBuffer());
  const h = await createCRC32();
  out.wasmMs = Infinity;
  out.jsMs = Infinity;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    h.init();
    h.update(buf);
    h.digest();
    out.wasmMs = Math.min(out.wasmMs, performance.now() - t);
    t = performance.now();
    crc32Update(0, buf);
    out.jsMs = Math.min(out.jsMs, performance.now() - t);
  }
  out.crcBytes = buf.length;
  (self as unknown as Worker).postMessage(out);
};
