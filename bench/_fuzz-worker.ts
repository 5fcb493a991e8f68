/**
 * Runs one fuzz target for a range of seeds and reports progress to bench/fuzz.ts, which watches
 * for hangs (no report for a while) from outside this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PropertyFailure, Rng, TARGETS } from './_fuzz-targets.ts';

export interface WorkerReport {
  readonly done: number;
  readonly crashes: number;
  readonly properties: number;
  readonly slow: number;
  readonly maxCaseMs: number;
  /** The seed of the slowest case (replay it with `new Rng(seed)` to see whether it is the input or the machine). */
  readonly slowestSeed: number;
  readonly heapPeak: number;
  readonly failures: readonly { readonly seed: number; readonly kind: 'crash' | 'property'; readonly message: string }[];
  readonly finished: boolean;
}

const { target, cases, seed, slowMs } = workerData as { target: string; cases: number; seed: number; slowMs: number };
const t = TARGETS.find((x) => x.name === target)!;
let crashes = 0;
let properties = 0;
let slow = 0;
let maxCaseMs = 0;
let slowestSeed = seed;
let heapPeak = 0;
const failures: { seed: number; kind: 'crash' | 'property'; message: string }[] = [];
let last = performance.now();

const report = (done: number, finished: boolean) =>
  parentPort!.postMessage({ done, crashes, properties, slow, maxCaseMs, slowestSeed, heapPeak, failures: failures.slice(0, 10), finished } satisfies WorkerReport);

for (let i = 0; i < cases; i++) {
  const s = seed + i;
  const started = performance.now();
  try {
    await t.run(new Rng(s));
  } catch (e) {
    const property = e instanceof PropertyFailure;
    if (property) properties++;
    else crashes++;
    if (failures.length < 10) failures.push({ seed: s, kind: property ? 'property' : 'crash', message: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e) });
  }
  const ms = performance.now() - started;
  if (ms > maxCaseMs) {
    maxCaseMs = ms;
    slowestSeed = s;
  }
  if (ms > slowMs) slow++;
  if ((i & 1023) === 0) {
    const h = process.memoryUsage().heapUsed;
    if (h > heapPeak) heapPeak = h;
  }
  // Report by time, not by count: a slow target must still be heard from before the watchdog fires.
  if (started + ms - last > 500) {
    last = started + ms;
    report(i + 1, false);
  }
}
report(cases, true);
