/**
 * Initial download of the app: the JS and CSS the browser must fetch before the first paint
 * (the entry module and its static imports, as listed in the built index.html), gzipped.
 * Goal (issue #8): initial JS ≤ 100 KB gzip. Builds first so the figure matches the source.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { tmpdir } from 'node:os';

// Its own output folder: dist/ may be serving an e2e run at the same time.
const dist = path.resolve(process.env['BENCH_DIST'] ?? path.join(tmpdir(), 'boothold-bench-size'));
execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);

// Follow static `import … from "./x.js"` edges (not dynamic import()) from the entries.
const seen = new Set<string>();
const queue = [...entries];
while (queue.length) {
  const file = queue.shift()!;
  if (seen.has(file)) continue;
  seen.add(file);
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(path.join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},*\s]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(path.posix.join(path.posix.dirname(file), m[1]!));
  }
}

const gz = (f: string) => gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length;
let js = 0;
let css = 0;
for (const f of seen) (f.endsWith('.js') ? (js += gz(f)) : (css += gz(f)));
let allJs = 0;
for (const f of readdirSync(path.join(dist, 'assets'))) if (f.endsWith('.js')) allJs += statSync(path.join(dist, 'assets', f)).size;

const kb = (n: number) => (n / 1024).toFixed(1);
console.log(`initial files: ${[...seen].join(', ')}`);
console.log(`initial JS  ${kb(js)} KB gzip  (goal ≤ 100 KB: ${js <= 100 * 1024 ? 'met' : 'NOT met'})`);
console.log(`initial CSS ${kb(css)} KB gzip`);
console.log(`all JS chunks ${kb(allJs)} KB raw (lazy sections, worker, virtual modem, knowledge tables)`);
