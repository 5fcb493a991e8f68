/**
 * `npm run bench -- zip-bomb`: the issue-17 zip bomb, a ~2 MB zip holding 2 GiB of zeros named
 * `.cwe`, inspected by the CLI (time and peak RSS from /usr/bin/time), and the same entry inflated
 * to its end in-process with the ratio limit lifted, to show memory stays flat while 2 GiB stream
 * through (before: 55 s and 6.4 GB peak RSS).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { openFileSource } from '../src/session/images/node-file-source.ts';
import { inflateEntry, InflateBudget, readZipDirectory, ZIP_LIMITS } from '../src/session/images/zip-reader.ts';
import { buildZip } from '../src/session/images/zip.fixture.ts';

const GiB = 2 ** 30;
const dir = mkdtempSync(path.join(tmpdir(), 'boothold-bomb-'));
const file = path.join(dir, 'zeros.zip');

async function deflateZeros(total: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const z = createDeflateRaw({ level: 9 });
  z.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise<void>((r) => z.on('end', () => r()));
  const block = Buffer.alloc(16 << 20);
  for (let n = 0; n < total; n += block.length) {
    if (!z.write(block)) await new Promise<void>((r) => z.once('drain', () => r()));
  }
  z.end();
  await done;
  return Buffer.concat(parts);
}

const t0 = Date.now();
const data = await deflateZeros(2 * GiB);
const zip = buildZip([{ name: 'firmware.cwe', data, method: 8, declaredSize: 2 * GiB }]);
await new Promise<void>((r) => createWriteStream(file).end(zip, () => r()));
console.log(`made ${file}: ${(zip.length / 1e6).toFixed(1)} MB holding 2 GiB of zeros (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

const bin = path.resolve('bin/boothold.mjs');
if (existsSync('/usr/bin/time')) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e s %M KiB', process.execPath, bin, 'inspect', '--no-sha256', file], { encoding: 'utf8' });
  const [timeLine] = r.stderr.trim().split('\n').slice(-1);
  console.log(`boothold inspect: exit ${r.status}, ${r.stdout.split('\n')[0]}`);
  console.log(`  wall time and peak RSS (whole CLI process, tsx included): ${timeLine}`);
} else {
  console.log('(no /usr/bin/time: CLI peak RSS not measured)');
}

// In-process: inflate the whole 2 GiB with the ratio limit lifted (the hard total still applies).
const source = await openFileSource(file);
const dirList = await readZipDirectory(source);
const limits = { ...ZIP_LIMITS, maxRatio: Number.MAX_SAFE_INTEGER, hardTotalBytes: 4 * GiB };
let rss = process.memoryUsage().rss;
const base = rss;
const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 50);
const t1 = Date.now();
let seen = 0;
const n = await inflateEntry(source, dirList.entries[0]!, (c) => ((seen += c.length), true), new InflateBudget(limits));
clearInterval(sampler);
await source.close();
console.log(
  `inflated ${(n / GiB).toFixed(2)} GiB as a stream in ${((Date.now() - t1) / 1000).toFixed(1)} s: RSS ${(base / 2 ** 20).toFixed(0)} MiB before, peak ${(rss / 2 ** 20).toFixed(0)} MiB (+${((rss - base) / 2 ** 20).toFixed(0)} MiB)`,
);
if (seen !== 2 * GiB) process.exitCode = 1;
rmSync(dir, { recursive: true, force: true });
