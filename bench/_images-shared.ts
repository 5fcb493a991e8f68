/** Test images for the image benchmarks, written to disk by streaming (never whole in memory). */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import zlib from 'node:zlib';
import { zlibCrc32Stream } from '../src/codec/crc32.ts';
import { rc76PackageSpec } from '../src/codec/cwe/images.fixture.ts';
import { cweImageLength, streamCwe } from '../src/codec/cwe/writer.ts';

/** Everything of the real-shaped R9 package except the modem leaf. */
const FIXED = cweImageLength(rc76PackageSpec({ modemSize: 0 }));

export function benchSpec(totalBytes: number) {
  return rc76PackageSpec({ modemSize: Math.max(1, totalBytes - FIXED) });
}

export async function writeBenchImage(path: string, totalBytes: number): Promise<number> {
  const spec = benchSpec(totalBytes);
  const size = cweImageLength(spec);
  if (existsSync(path) && statSync(path).size === size) return size;
  const out = createWriteStream(path);
  const crc = zlibCrc32Stream((d, p) => zlib.crc32(d, p));
  for (const chunk of streamCwe(spec, { crc, chunkSize: 4 << 20 })) {
    if (!out.write(Buffer.from(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return size;
}
