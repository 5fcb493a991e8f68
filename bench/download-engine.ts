/**
 * Engine throughput against the in-memory virtual modem (no latency): MB/s for a 100 MiB
 * image in both protocols. Goal ≥ 200 MB/s. The image is streamed from a Blob-like source
 * that makes bytes on demand, and the virtual flash keeps only a CRC, so the figure is the
 * engine's and the device codec's, not the allocator's.
 *
 *   npx tsx bench/download-engine.ts [MiB]
 */
import { DownloadEngine } from '../src/session/download/engine.ts';
import type { DownloadImage } from '../src/session/download/image.ts';
import { FAST_TIMINGS } from '../src/session/download/timings.ts';
import { connectDownloadDevice } from '../src/sim/download/memory.ts';
import { VirtualFlash } from '../src/sim/download/flash.ts';
import { syntheticImage } from './_download-image.ts';

const mib = Number(process.argv[2] ?? 100);

async function flashOnce(protocol: 'firehose' | 'qdl', image: DownloadImage, transferSize?: number) {
  const flash = new VirtualFlash({ retainBytes: false });
  const { transport } = connectDownloadDevice({ protocol, flash });
  const engine = new DownloadEngine({ transport, images: [image], timings: { ...FAST_TIMINGS, saharaListenMs: 20, goneAfterResetMs: 0 }, ...(transferSize ? { transferSize } : {}) });
  const t0 = performance.now();
  const r = await engine.run();
  const ms = performance.now() - t0;
  const stored = flash.images[0];
  if (!stored?.complete || stored.writtenSize !== image.source.size) throw new Error('virtual flash does not hold the image');
  return { ms, mbps: image.source.size / 1e6 / (ms / 1000), writeMbps: r.mbps };
}

async function main() {
  const image = syntheticImage(mib * 1024 * 1024);
  console.log(`download engine vs in-memory virtual modem, ${mib} MiB image (${image.source.size} bytes)`);
  const rows: Record<string, unknown>[] = [];
  for (const protocol of ['firehose', 'qdl'] as const) {
    await flashOnce(protocol, syntheticImage(4 * 1024 * 1024)); // warm-up
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await flashOnce(protocol, image));
    const best = runs.reduce((a, b) => (a.mbps > b.mbps ? a : b));
    rows.push({ protocol, 'session ms': best.ms.toFixed(0), 'MB/s (session)': best.mbps.toFixed(0), 'MB/s (write phase)': best.writeMbps.toFixed(0), goal: '≥ 200', ok: best.mbps >= 200 ? 'yes' : 'NO' });
  }
  console.table(rows);
}

await main();
