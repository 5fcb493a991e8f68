#!/usr/bin/env node
// `npm test`: every suite, in the order that fails fastest on a broken tree, with one closing
// line `N passed, N failed` that counts checks and tests across all of them. A failing suite
// does not stop the others: one run shows everything that is wrong.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';

const results = [];
// Named in the summary, so that the last lines of a CI log say what failed, not only how many.
const failures = [];
const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
mkdirSync('test-results', { recursive: true });

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`--- ${label}: exit ${r.status ?? r.signal} in ${seconds} s\n`);
  return r.status === 0;
}

/**
 * Checks that do not depend on each other, run at the same time: tsc and svelte-check are each
 * one busy process (about 30 s each), so on two free cores the pair takes about as long as the
 * slower one. Each one's output is held and printed whole when it ends, in the order given, so
 * the log stays readable.
 */
async function checksTogether(list) {
  const started = Date.now();
  const runs = list.map(({ label, cmd, args }) => new Promise((resolve) => {
    const out = [];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => {
      out.push(Buffer.from(`${e.message}\n`));
      resolve({ label, status: null, out, seconds: ((Date.now() - started) / 1000).toFixed(1) });
    });
    child.on('close', (status, signal) => resolve({ label, status: status ?? signal, out, seconds: ((Date.now() - started) / 1000).toFixed(1) }));
  }));
  for (const r of await Promise.all(runs)) {
    process.stdout.write(`\n=== ${r.label} ===\n`);
    process.stdout.write(Buffer.concat(r.out));
    process.stdout.write(`--- ${r.label}: exit ${r.status} in ${r.seconds} s\n`);
    const ok = r.status === 0;
    results.push({ label: r.label, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  }
}

function vitest(project) {
  const out = `test-results/${project}.json`;
  rmSync(out, { force: true });
  const ok = run(`vitest ${project}`, 'npx', [
    'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
  ]);
  let passed = 0, failed = 0, skipped = 0;
  if (existsSync(out)) {
    const json = JSON.parse(readFileSync(out, 'utf8'));
    passed = json.numPassedTests ?? 0;
    failed = json.numFailedTests ?? 0;
    skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    // A file that fails to load has no tests but still fails the suite.
    failed += (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    // The slowest files, so that a CI log says where the suite's time goes (the budget is tight).
    const timed = (json.testResults ?? [])
      .filter((f) => typeof f.startTime === 'number' && typeof f.endTime === 'number')
      .map((f) => ({ where: f.name.replace(`${process.cwd()}/`, ''), s: (f.endTime - f.startTime) / 1000 }))
      .sort((a, b) => b.s - a.s);
    if (timed.length > 1) {
      process.stdout.write(`slowest ${project} files:\n`);
      for (const t of timed.slice(0, 8)) process.stdout.write(`  ${t.s.toFixed(1).padStart(7)} s  ${t.where}\n`);
    }
    for (const file of json.testResults ?? []) {
      const where = file.name.replace(`${process.cwd()}/`, '');
      const tests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      if (file.status === 'failed' && tests.length === 0) failures.push(`${project}: ${where}: ${firstLine(file.message)}`);
      for (const t of tests) failures.push(`${project}: ${where} › ${t.fullName}: ${firstLine((t.failureMessages ?? []).join('\n'))}`);
    }
  }
  if (!ok && failed === 0) failed = 1;
  results.push({ label: `vitest ${project}`, passed, failed, skipped });
}

await checksTogether([
  { label: 'typecheck (tsc)', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { label: 'typecheck (svelte-check)', cmd: 'npx', args: ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'] },
]);
vitest('unit');
vitest('interop');
const built = run('vite build', 'npx', ['vite', 'build']);
results.push({ label: 'vite build', passed: built ? 1 : 0, failed: built ? 0 : 1, skipped: 0 });
if (built) vitest('e2e');

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.label.padEnd(28)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}\n`);
if (failures.length > 0) {
  process.stdout.write('\nfailed:\n');
  for (const f of failures) process.stdout.write(`  ${f}\n`);
}
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exitCode = total.failed === 0 ? 0 : 1;
