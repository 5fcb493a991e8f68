/**
 * Child process of bench/images.ts: inspects one file and prints its peak memory growth as JSON.
 * A fresh process per size, so one run's garbage does not pollute the next measurement.
 */
import zlib from 'node:zlib';
import { zlibCrc32Stream } from '../src/codec/crc32.ts';
import { openFileSource } from '../src/session/images/node-file-source.ts';
import { inspectSource } from '../src/session/images/inspect.ts';

const file = process.argv[2]!;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const base = process.memoryUsage();
const peak = { rss: base.rss, heapUsed: base.heapUsed, arrayBuffers: base.arrayBuffers, external: base.external };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  peak.external = Math.max(peak.external, m.external);
};
const timer = setInterval(sample, 1);
const src = await openFileSource(file);
const t0 = performance.now();
const report = await inspectSource(src, {
  crc: () => zlibCrc32Stream((d, p) => zlib.crc32(d, p), 'node-zlib'),
  onProgress: sample,
});
const ms = performance.now() - t0;
clearInterval(timer);
sample();
await src.close();
process.stdout.write(
  JSON.stringify({
    size: src.size,
    ms,
    verdict: report.verdict,
    rss: peak.rss - base.rss,
    heapUsed: peak.heapUsed - base.heapUsed,
    arrayBuffers: peak.arrayBuffers - base.arrayBuffers,
  }) + '\n',
);
