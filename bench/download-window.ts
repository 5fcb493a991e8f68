/**
 * Catching a short window in the browser: the built app's Flash page against the virtual
 * modem's boot-loop scenario. The module loops (application mode for a moment, then gone); TP1
 * is held and the module power-cycled, so it comes up in download mode, and the download identity
 * is pre-granted (as an enterprise policy or an earlier grant would). Measured: from the moment the download-mode
 * device appears (the fake WebUSB's `connect`) to the claim, and to the first byte read (the
 * module's Sahara hello), as the page reports them. Goal: first byte < 100 ms, in a window of
 * 1 s. Builds the app into a temporary folder first (vite build).
 *
 *   npx tsx bench/download-window.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { goldenTestImageSpec } from '../src/codec/cwe/images.fixture.ts';
import { buildCwe } from '../src/codec/cwe/writer.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/support/chromium.ts';
import { catchDownloadWindow } from '../tests/e2e/support/flash-window.ts';

const runs = Number(process.argv[2] ?? 5);
const out = mkdtempSync(join(tmpdir(), 'boothold-window-'));
try {
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  const server = await preview({ build: { outDir: out }, preview: { port: 0, host: '127.0.0.1', open: false }, logLevel: 'error' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no preview address');
  const base = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  const image = buildCwe(goldenTestImageSpec());
  const rows: Record<string, unknown>[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}?sim=boot-loop#/flash`);
      const { claim, first } = await catchDownloadWindow(page, image);
      rows.push({ run: i + 1, 'appear → claim ms': claim, 'appear → first byte ms': first, goal: '< 100 ms', met: first < 100 ? 'yes' : 'NO' });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('Flash page vs the virtual boot-loop module (TP1 held, identity pre-granted): time from the download device appearing');
  console.table(rows);
} finally {
  rmSync(out, { recursive: true, force: true });
}
