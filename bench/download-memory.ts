/**
 * Peak memory of the host side flashing a 10 MiB vs a 500 MiB image: each run is a fresh
 * `node` process doing what `boothold flash` does (stream the file through the CWE inspection,
 * then the engine reading slices from the file handle) against the in-memory virtual modem,
 * whose flash keeps only a CRC. Reports the process's max RSS. Flat = the image size does not
 * show in memory.
 *
 *   npx tsx bench/download-memory.ts
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streamCwe } from '../src/codec/cwe/writer.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

async function writeImage(path: string, size: number): Promise<void> {
  const payload = size - 800;
  const spec = {
    type: 'SPKG', product: '9X07', version: '9999999_9999999_SWI9X07H_00.08.24.02_00_GENERIC_001.081_000', date: '01/01/24',
    children: [{ type: 'MODM', product: '9X07', version: 'SWI9X07H_00.08.24.02', date: '01/01/24', payload: { synthetic: 'fill' as const, size: payload, byte: 0x5a } }],
  };
  const out = createWriteStream(path);
  for (const chunk of streamCwe(spec, { chunkSize: 4 * 1024 * 1024 })) {
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

const child = `
import { inspectFile } from ${JSON.stringify(resolve(HERE, '../src/cli/flash.ts'))};
import { DownloadEngine } from ${JSON.stringify(resolve(HERE, '../src/session/download/engine.ts'))};
import { FAST_TIMINGS } from ${JSON.stringify(resolve(HERE, '../src/session/download/timings.ts'))};
import { connectDownloadDevice } from ${JSON.stringify(resolve(HERE, '../src/sim/download/memory.ts'))};
import { VirtualFlash } from ${JSON.stringify(resolve(HERE, '../src/sim/download/flash.ts'))};
const [path, protocol] = process.argv.slice(-2);
const image = await inspectFile(path);
if (image.inspection.verdict !== 'ok') throw new Error('inspection refused: ' + image.inspection.problems);
const flash = new VirtualFlash({ retainBytes: false });
const { transport } = connectDownloadDevice({ protocol, flash });
await new DownloadEngine({ transport, images: [image], timings: { ...FAST_TIMINGS, saharaListenMs: 20, goneAfterResetMs: 0, qdlChunkMs: 60000, firehoseDataAckMs: 60000 } }).run();
if (flash.images[0]?.writtenSize !== image.source.size) throw new Error('flash does not hold the image');
console.log(JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
`;

const dir = mkdtempSync(join(tmpdir(), 'boothold-mem-'));
try {
  const rows: Record<string, unknown>[] = [];
  for (const mib of [10, 500]) {
    const path = join(dir, `img-${mib}.spk`);
    await writeImage(path, mib * 1024 * 1024);
    for (const protocol of ['firehose', 'qdl']) {
      const script = join(dir, 'child.mts');
      execFileSync('sh', ['-c', `cat > ${script}`], { input: child });
      const out = execFileSync('npx', ['tsx', script, path, protocol], { cwd: resolve(HERE, '..'), encoding: 'utf8' });
      const { maxRssMiB } = JSON.parse(out.trim().split('\n').at(-1)!) as { maxRssMiB: number };
      rows.push({ image: `${mib} MiB`, protocol, 'peak RSS MiB': maxRssMiB.toFixed(0) });
    }
    rmSync(path);
  }
  console.log('Host-side peak memory (inspection + engine + in-memory modem without stored bytes)');
  console.table(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
