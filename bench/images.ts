/**
 * Image inspection benchmarks (`npm run bench -- images`). All figures and ratios come from this
 * run, on this machine:
 *  1. Node: full parse + every CRC of a 100 MiB real-shaped SPK, per CRC engine, in MB/s and as a
 *     ratio of Node's native zlib.crc32 over the same bytes (from disk and from memory).
 *  2. Browser: the same file inspected by the app's worker in Debian's Chromium (verdict time).
 *  3. Peak memory growth while inspecting 10 / 100 / 500 MiB images (must stay flat).
 *  4. Fuzzing: mutated and random headers, counting outcomes; any untyped exception fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { tableCrc32Stream, zlibCrc32Stream, type Crc32Stream } from '../src/codec/crc32.ts';
import { parseCwe } from '../src/codec/cwe/parser.ts';
import { buildCwe } from '../src/codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../src/codec/cwe/images.fixture.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/support/chromium.ts';
import { FIELD } from '../src/codec/cwe/header.ts';
import { openFileSource } from '../src/session/images/node-file-source.ts';
import { inspectSource } from '../src/session/images/inspect.ts';
import { wasmCrc32Stream } from '../src/session/images/hashing.ts';
import { writeBenchImage } from './_images-shared.ts';

const MiB = 1 << 20;
const dir = path.join(tmpdir(), 'boothold-bench-images');
mkdirSync(dir, { recursive: true });
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const fmt = (n: number, d = 0) => n.toFixed(d);
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function best(times: number[]): number {
  return Math.min(...times);
}

async function timeIt(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return best(t);
}

// ---- images ---------------------------------------------------------------------------------
const files: Record<number, { path: string; size: number }> = {};
for (const mb of [10, 100, 500]) {
  const p = path.join(dir, `bench-${mb}MiB.spk`);
  const t0 = performance.now();
  const size = await writeBenchImage(p, mb * MiB);
  files[mb] = { path: p, size };
  console.log(`image ${mb} MiB: ${size} bytes (${fmt(performance.now() - t0)} ms to write or reuse) ${p}`);
}
const f100 = files[100]!;

const only = process.env.BENCH_IMAGES_ONLY; // e.g. "browser" while tuning one part
const want = (part: string) => !only || only.split(',').includes(part);

// ---- 1. Node throughput -----------------------------------------------------------------------
const native = (d: Uint8Array, p: number) => zlib.crc32(d, p);
let nativeDisk = NaN;
let nativeMem = NaN;
if (want('node')) {
console.log('\n== Node: 100 MiB full parse + every CRC ==');
const wasm = await wasmCrc32Stream();
const engines: [string, () => Crc32Stream][] = [
  ['node-zlib (native)', () => zlibCrc32Stream(native, 'node-zlib')],
  ['hash-wasm', () => wasm],
  ['js slicing-by-16', tableCrc32Stream],
];

async function readAllCrc(): Promise<void> {
  const src = await openFileSource(f100.path);
  let c = 0;
  for (let o = 0; o < src.size; o += 4 * MiB) c = zlib.crc32(await src.read(o, 4 * MiB), c);
  await src.close();
}
const nativeDiskMs = await timeIt(3, readAllCrc);
nativeDisk = mbps(f100.size, nativeDiskMs);
console.log(`baseline zlib.crc32 over the file (4 MiB reads): ${fmt(nativeDisk)} MB/s`);

// From disk first, for every engine, before a 100 MiB buffer sits in the heap and skews GC.
const diskRows: [string, number, number][] = [];
let nodeBest = 0;
let cliRate = 0;
for (const [name, make] of engines) {
  const diskMs = await timeIt(5, async () => {
    const src = await openFileSource(f100.path);
    const r = await inspectSource(src, { crc: make });
    await src.close();
    if (r.verdict !== 'ok') throw new Error(`bench image refused: ${r.summary}`);
  });
  const disk = mbps(f100.size, diskMs);
  nodeBest = Math.max(nodeBest, disk);
  if (name.startsWith('node-zlib')) cliRate = disk;
  diskRows.push([name, disk, diskMs]);
}

const buf = new Uint8Array(readFileSync(f100.path));
const nativeMemMs = await timeIt(3, () => zlib.crc32(buf));
nativeMem = mbps(buf.length, nativeMemMs);
console.log(`baseline zlib.crc32 over the bytes in memory:    ${fmt(nativeMem)} MB/s`);

const rows: string[] = [];
for (const [name, make] of engines) {
  const memMs = await timeIt(3, () => {
    const r = parseCwe(buf, { crc: make(), chunkSize: 4 * MiB });
    if (r.errors.length) throw new Error('bench image has errors');
  });
  const mem = mbps(buf.length, memMs);
  const [, disk, diskMs] = diskRows.find((r) => r[0] === name)!;
  rows.push(
    `${name.padEnd(20)} file: ${fmt(disk).padStart(6)} MB/s (${fmt(diskMs)} ms, ${fmt(disk / nativeDisk, 2)}× native)   memory: ${fmt(mem).padStart(6)} MB/s (${fmt(mem / nativeMem, 2)}× native)`,
  );
}
for (const r of rows) console.log(r);
console.log(
  `goal ≥ 1 GB/s and ≥ 0.5× native, engine the CLI uses (node-zlib): ${mark(cliRate >= 1000 && cliRate / nativeDisk >= 0.5)} ${fmt(cliRate)} MB/s, ${fmt(cliRate / nativeDisk, 2)}× (best engine ${fmt(nodeBest)} MB/s)`,
);

}

// ---- 2. Browser ------------------------------------------------------------------------------
if (!want('browser')) {
  // skipped on request
} else if (!existsSync(CHROMIUM)) {
  console.log('\n== Browser worker (Chromium): 100 MiB inspection ==');
  console.log(`SKIPPED: ${CHROMIUM} not found`);
} else {
  console.log('\n== Browser worker (Chromium): 100 MiB inspection ==');
  const { build } = await import('vite');
  const { chromium } = await import('playwright-core');
  const outDir = path.join(dir, 'browser-dist');
  await build({
    configFile: false,
    root: path.resolve('bench/_images-browser'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(outDir, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(outDir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    const os = await import('node:os');
    const { cpuSnapshot, cpuDiff } = await import('./_images-cpu.ts');
    const cpuTotals = new Map<string, Map<string, number>>();
    let cpuStart = new Map<string, number>();
    await page.exposeFunction('benchCpu', (label: string, phase: string) => {
      if (phase === 'start') return void (cpuStart = cpuSnapshot());
      const d = cpuDiff(cpuStart, cpuSnapshot());
      const acc = cpuTotals.get(label) ?? new Map<string, number>();
      for (const [k, v] of d) acc.set(k, (acc.get(k) ?? 0) + v);
      cpuTotals.set(label, acc);
    });
    page.on('console', (m) => process.env.BENCH_IMAGES_DEBUG && console.log(`[page] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    const loadBefore = os.loadavg()[0]!;
    const rounds = Number(process.env.BENCH_IMAGES_ROUNDS ?? 7);
    await page.goto(`http://127.0.0.1:${port}/?rounds=${rounds}${process.env.BENCH_IMAGES_APP_ONLY ? '&apponly' : ''}`);
    await page.setInputFiles('#file', f100.path);
    await page.waitForFunction(() => (window as { benchResult?: unknown; benchError?: string }).benchResult || (window as { benchError?: string }).benchError, null, { timeout: 900_000 });
    type Result = {
      size: number; times: Record<string, number[]>; details: Record<string, number | null>; withSha: number[];
      verdict: string; crcs: number; progressCalls: number; shaMs: number;
    };
    const { benchResult, benchError } = await page.evaluate(() => {
      const w = window as unknown as { benchResult?: Result; benchError?: string };
      return { benchResult: w.benchResult, benchError: w.benchError };
    });
    if (benchError || !benchResult) throw new Error(`browser bench failed: ${benchError}`);
    const size = benchResult.size;
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    const cpuOf = (label: string) => {
      const m = cpuTotals.get(label) ?? new Map<string, number>();
      const total = [...m.values()].reduce((a, b) => a + b, 0) / rounds;
      const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${fmt(v / rounds)}`).join(', ');
      return `CPU ${fmt(total).padStart(4)} ms (${top})`;
    };
    const line = (label: string, v: number[], key?: string) =>
      `  ${label.padEnd(52)} best ${fmt(best(v)).padStart(5)} ms = ${fmt(mbps(size, best(v))).padStart(5)} MB/s, median ${fmt(median(v)).padStart(5)} ms` + (key ? `; ${cpuOf(key)}` : '');
    const runs = benchResult.times.app!;
    const ms = best(runs);
    const rate = mbps(size, ms);
    console.log(`the file reaches the page by setInputFiles (a real file on disk, as a user's drop), not an in-memory Blob`);
    console.log(`verdict '${benchResult.verdict}', ${benchResult.crcs} CRCs, ${fmt(benchResult.progressCalls)} progress events per run, runs ${runs.map((r) => fmt(r)).join(' / ')} ms`);
    console.log(line('app worker, inspection alone (verdict time)', runs, 'app'));
    console.log(line('app worker, SHA-256 alongside (as the Images page)', benchResult.withSha));
    console.log(`best ${fmt(ms)} ms = ${fmt(rate)} MB/s` + (Number.isNaN(nativeMem) ? '' : ` (${fmt(rate / nativeMem, 2)}× Node native in memory, ${fmt(rate / nativeDisk, 2)}× Node native from disk)`));
    console.log(`goal verdict < 300 ms: ${mark(ms < 300)}   goal ≥ 1 GB/s: ${mark(rate >= 1000)}`);
    const t = benchResult.times;
    const labels: [string, string][] = [
      ['wholeRead', 'read: whole File, one arrayBuffer() (ceiling; not allowed)'],
      ['slices4x1', 'read: 4 MiB slices, one at a time'],
      ['slices4x5', 'read: 4 MiB slices, 5 in flight'],
      ['slices16x4', 'read: 16 MiB slices, 4 in flight'],
      ['streamRead', `read: File stream, BYOB, 3 × 4 MiB ring`],
      ['streamReadCrc', 'read: File stream, BYOB + hash-wasm CRC'],
      ['inspectSlices', 'inspect: slices, 4 ahead (the path before)'],
      ['inspectStream', 'inspect: stream (the path now)'],
      ['crcWasm', 'CRC only, in memory: hash-wasm'],
      ['crcJs', 'CRC only, in memory: JS slicing-by-16'],
    ];
    console.log(`  where the time goes (diag worker; ${rounds} rounds, variants interleaved; CPU = all Chromium threads, per run):`);
    for (const [k, label] of labels) if (t[k]) console.log(line(label, t[k], k));
    if (benchResult.details.streamRead) console.log(`  (the stream delivered ${benchResult.details.streamRead} pieces per 100 MiB)`);
    console.log(`  machine load average (1 min) before / after: ${fmt(loadBefore, 1)} / ${fmt(os.loadavg()[0]!, 1)} on ${os.cpus().length} cores`);
    console.log(`SHA-256 of the same file in the hashing worker (hash-wasm, off the verdict path): ${fmt(benchResult.shaMs)} ms = ${fmt(mbps(size, benchResult.shaMs))} MB/s`);
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- 3. Memory --------------------------------------------------------------------------------
if (want('memory')) {
console.log('\n== Peak memory growth while inspecting (fresh process each, native CRC) ==');
const mem: { mb: number; rss: number; heap: number; ab: number; ms: number }[] = [];
for (const mb of [10, 100, 500]) {
  const r = spawnSync('npx', ['tsx', 'bench/_images-memory.ts', files[mb]!.path], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--expose-gc' },
  });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
  mem.push({ mb, rss: j.rss, heap: j.heapUsed, ab: j.arrayBuffers, ms: j.ms });
  console.log(
    `${String(mb).padStart(4)} MiB: +${fmt(j.rss / MiB, 1)} MiB RSS, +${fmt(j.heapUsed / MiB, 1)} MiB heap, +${fmt(j.arrayBuffers / MiB, 1)} MiB array buffers, ${fmt(j.ms)} ms (${fmt(mbps(j.size, j.ms))} MB/s)`,
  );
}
const flat = mem[2]!.rss < mem[0]!.rss + 32 * MiB && mem[2]!.ab < 32 * MiB;
console.log(`goal flat (500 MiB within 32 MiB of 10 MiB, buffers < 32 MiB): ${mark(flat)}`);
}

// ---- 4. Fuzz ----------------------------------------------------------------------------------
if (want('fuzz')) {
console.log('\n== Fuzzing the parser ==');
const golden = buildCwe(goldenTestImageSpec());
const hot = [FIELD.imageSize, FIELD.imageSize + 2, FIELD.type, FIELD.version, FIELD.psbCrc, FIELD.imageCrc, FIELD.date];
const offsets = [0, 400, 800, 1264, 1764, 2164, 2864, 3264];
let s = 99991;
const rnd = () => {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return (s >>> 0) / 2 ** 32;
};
const outcomes = new Map<string, number>();
const N = 500_000;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  let bytes: Uint8Array;
  if (i % 5 === 4) {
    bytes = new Uint8Array(Math.floor(rnd() * 2000));
    for (let k = 0; k < bytes.length; k++) bytes[k] = rnd() * 256;
  } else {
    bytes = golden.slice(0, i % 5 === 3 ? Math.floor(rnd() * golden.length) : golden.length);
    for (let f = 0, n = 1 + Math.floor(rnd() * 4); f < n; f++) {
      const at = rnd() < 0.75 ? offsets[Math.floor(rnd() * offsets.length)]! + hot[Math.floor(rnd() * hot.length)]! + Math.floor(rnd() * 4) : Math.floor(rnd() * bytes.length);
      if (at < bytes.length) bytes[at] = rnd() * 256;
    }
  }
  const r = parseCwe(bytes);
  const key = r.errors[0]?.code ?? 'ok';
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}
const fuzzMs = performance.now() - t0;
console.log(`${N} cases in ${fmt(fuzzMs)} ms (${fmt(N / (fuzzMs / 1000))} cases/s), no exception; first error code: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
