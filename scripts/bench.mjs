#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts (each prints its own figures) with tsx, one after the
// other so they do not compete for the two cores. `npm run bench -- images` runs only matching files.
// `npm run bench -- fuzz` runs the fuzz/property bench alone (1,000,000 cases per parser; FUZZ_CASES,
// FUZZ_TARGET and FUZZ_SEED narrow it), `npm run bench -- zip-bomb` the 2 GiB zip-bomb memory check.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2];
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.startsWith('_') && (!filter || f.includes(filter))).sort();
if (files.length === 0) {
  console.log('No benchmarks matched.');
}
let failed = 0;
for (const f of files) {
  console.log(`\n##### bench/${f}`);
  const r = spawnSync('npx', ['tsx', '--expose-gc', `bench/${f}`], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '--expose-gc' } });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
