/**
 * `npm run bench -- fuzz`: property-based fuzzing of every parser that reads what strangers send
 * (bench/_fuzz-targets.ts), 1,000,000 generated cases each by default. Each target runs in its own
 * worker thread; a case slower than FUZZ_SLOW_MS (default 250 ms) counts as a hang candidate, and a
 * worker silent for FUZZ_HANG_S seconds (default 60) is stopped and reported as hung. Prints, per
 * target: cases, crashes, broken properties, hangs, slowest case, peak heap and peak process RSS.
 *
 *   FUZZ_CASES=100000 FUZZ_TARGET=zip npm run bench -- fuzz
 *
 * A failure prints its seed: `new Rng(seed)` replays that exact case.
 */
import { Worker } from 'node:worker_threads';
import { checkRoundTrip, TARGETS } from './_fuzz-targets.ts';
import type { WorkerReport } from './_fuzz-worker.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 1_000_000);
const FILTER = (process.env.FUZZ_TARGET ?? '').toLowerCase();
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 250);
const HANG_S = Number(process.env.FUZZ_HANG_S ?? 60);
/** The redaction property builds and exports a whole session per case: a tenth of the cases. */
const SCALE: Readonly<Record<string, number>> = { 'redacted export (planted identifiers)': 0.1 };

checkRoundTrip();
console.log('golden export: import → export byte-identical after normalisation ✓');

const mib = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;
let bad = 0;
const rows: string[] = [];

for (const t of TARGETS.filter((x) => !FILTER || x.name.toLowerCase().includes(FILTER))) {
  const cases = Math.max(1, Math.round(CASES * (SCALE[t.name] ?? 1)));
  const started = Date.now();
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  const result = await new Promise<{ r: WorkerReport | null; hung: boolean }>((resolve) => {
    const w = new Worker(new URL('./_fuzz-worker.mjs', import.meta.url), { workerData: { target: t.name, cases, seed: SEED, slowMs: SLOW_MS } });
    let last: WorkerReport | null = null;
    let lastLogged = 0;
    let heard = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - heard > HANG_S * 1000) {
        clearInterval(watchdog);
        void w.terminate();
        resolve({ r: last, hung: true });
      }
    }, 1000);
    w.on('message', (m: WorkerReport) => {
      last = m;
      heard = Date.now();
      if (process.stderr.isTTY) process.stderr.write(`\r  ${t.name}: ${m.done}/${cases}   `);
      else if (Math.floor(m.done / 100_000) > Math.floor(lastLogged / 100_000)) console.log(`  ${t.name}: ${m.done}/${cases}, ${m.crashes} crashes, ${m.properties} broken properties`);
      lastLogged = m.done;
      if (m.finished) {
        clearInterval(watchdog);
        void w.terminate();
        resolve({ r: m, hung: false });
      }
    });
    w.on('exit', (code) => {
      clearInterval(watchdog);
      if (code !== 0 && !last?.finished) console.error(`\n${t.name}: worker exited with code ${code}`);
      resolve({ r: last, hung: false });
    });
    w.on('error', (e) => {
      clearInterval(watchdog);
      console.error(`\n${t.name}: worker died: ${e.message}`);
      resolve({ r: last, hung: false });
    });
  });
  clearInterval(sampler);
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const r = result.r;
  const s = ((Date.now() - started) / 1000).toFixed(0);
  const line = r
    ? `${t.name.padEnd(40)} ${String(r.done).padStart(8)} cases  ${r.crashes} crashes  ${r.properties} broken properties  ${result.hung ? 1 : 0} hangs  ${r.slow} cases > ${SLOW_MS} ms  slowest ${r.maxCaseMs.toFixed(1)} ms (seed ${r.slowestSeed})  heap ≤ ${mib(r.heapPeak)}  RSS ≤ ${mib(rssPeak)}  ${s} s`
    : `${t.name.padEnd(40)} no report (worker failed to start)`;
  rows.push(line);
  console.log(line);
  for (const f of r?.failures ?? []) console.log(`    seed ${f.seed} ${f.kind}: ${f.message}`);
  if (!r || r.crashes || r.properties || result.hung || r.done < cases) bad++;
}

console.log('\nsummary');
for (const l of rows) console.log('  ' + l);
process.exitCode = bad ? 1 : 0;
