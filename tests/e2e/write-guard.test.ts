/**
 * The write job's guards in the built app, over the virtual RC7620 held in download mode:
 *  - a second tab that clicks "Reload to update" during a write neither reloads anything nor
 *    interrupts the write; the update (and every tab's reload) waits until the write ends;
 *  - the Flash page's attempt is in Sessions with its protocol trace and raw bytes;
 *  - a page closed mid-write leaves an interrupted session whose last step is the write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { baseUrl, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Bench = NonNullable<Window['__bootholdBench']>;
const IMAGE = { name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', bytes: buildCwe(goldenTestImageSpec({ dsp2Size: 1_500_000 })) };

async function flashPage(page: Page): Promise<void> {
  await page.getByTestId('flash-page').waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
}

/** Chooses the image, connects over WebUSB (the product string names the RC7620) and starts; resolves once writing. */
async function startWriting(page: Page, bytesPerSecond: number): Promise<void> {
  await page.evaluate((bps) => (window.__bootholdBench as Bench).setFault({ kind: 'slow', bytesPerSecond: bps }), bytesPerSecond);
  await page.getByTestId('image-input').setInputFiles({ name: IMAGE.name, mimeType: 'application/octet-stream', buffer: Buffer.from(IMAGE.bytes) });
  await page.locator(`[data-testid="flash-image"][data-writable="true"]`).waitFor({ timeout: 20_000 });
  await page.getByTestId('flash-via-usb').click();
  await page.locator('[data-testid="flash-check"][data-ok="true"]').waitFor({ timeout: 15_000 });
  await page.getByTestId('flash-start').click();
  await page.locator('[data-testid="flash-phase"][data-phase="write"]').waitFor({ timeout: 30_000 });
}

async function openSession(page: Page, outcome: string): Promise<string> {
  await page.goto(new URL('#/sessions', page.url()).toString());
  const row = page.locator(`[data-testid="session-row"][data-outcome="${outcome}"]`).first();
  await row.waitFor({ timeout: 15_000 });
  await row.locator('button').first().click();
  await page.getByTestId('session-timeline').waitFor();
  return page.getByTestId('session-view').innerText();
}

describe('the write guard', () => {
  it('a reload asked for in another tab waits for the write; the attempt is in Sessions with its protocol trace', async () => {
    const app = await openApp(browser, { query: 'sim=tp1-download', section: 'flash' });
    const { page, context } = app;
    // Installed and in control, as for a returning user.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await page.reload();
    await flashPage(page);
    const other = await context.newPage();
    await other.goto(page.url());
    await other.getByTestId('flash-page').waitFor({ timeout: 15_000 });
    await other.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // A new version of the app is published while tab A writes.
    await startWriting(page, 400_000);
    // The preview server streams files from disk with the length it saw at start: one revision
    // digit changes, the length does not; the original comes back as soon as the update is seen.
    const swFile = join(process.env['BOOTHOLD_DIST'] || 'dist', 'sw.js');
    const sw = readFileSync(swFile, 'utf8');
    writeFileSync(swFile, sw.replace(/revision:"(.)/, (_m, c: string) => `revision:"${c === '0' ? '1' : '0'}`));
    try {
      await other.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
      await other.getByTestId('update-prompt').getByRole('button', { name: 'Reload to update' }).waitFor({ timeout: 20_000 });
    } finally {
      writeFileSync(swFile, sw);
    }
    await page.getByTestId('update-prompt').waitFor({ timeout: 10_000 });
    await other.getByTestId('update-prompt').getByRole('button', { name: 'Reload to update' }).click();
    await other.getByTestId('update-waiting').waitFor({ timeout: 5_000 });
    await screenshot(other, 'write-guard-update-waits');

    // Tab B waits, tab A keeps writing.
    await page.waitForTimeout(1500);
    expect(await other.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await page.getByTestId('flash-phase').getAttribute('data-phase')).toBe('write');
    const reloaded = new Promise<number>((resolve) => other.on('framenavigated', (f) => f === other.mainFrame() && resolve(Date.now())));
    const reloadedA = new Promise<number>((resolve) => page.on('framenavigated', (f) => f === page.mainFrame() && resolve(Date.now())));
    await page.getByTestId('flash-done').waitFor({ timeout: 60_000 });
    const doneAt = Date.now();
    expect(await page.getByTestId('flash-done').getAttribute('data-outcome')).toBe('not-verified');
    await screenshot(page, 'write-guard-flash-done');
    expect(await reloaded).toBeGreaterThanOrEqual(doneAt - 50);

    // Every tab reloaded into the new version after the write; the attempt is in Sessions.
    expect(await reloadedA).toBeGreaterThanOrEqual(doneAt - 50);
    await page.getByTestId('flash-page').waitFor({ timeout: 15_000 });
    const text = await openSession(page, 'problems');
    expect(text).toMatch(/not-verified/);
    expect(text).toMatch(/Written, not verified/);
    expect(text).toMatch(/configure/); // the Firehose <configure> exchange, one line per protocol message
    expect(await page.getByText('Raw protocol bytes').count()).toBe(1);
    expect(await page.locator('pre.hex').count()).toBe(1);
    await screenshot(page, 'write-guard-session');
    await closeApp(app);
  });

  it('a page closed mid-write leaves an interrupted session whose last step is the write', async () => {
    const app = await openApp(browser, { query: 'sim=tp1-download', section: 'flash' });
    const { page, context } = app;
    await flashPage(page);
    await startWriting(page, 200_000);
    await page.waitForTimeout(600); // a few progress events reach the store
    await page.close();
    const next = await context.newPage();
    await next.goto(new URL('#/sessions', baseUrl()).toString());
    const text = await openSession(next, 'interrupted');
    expect(text).toMatch(/Interrupted/);
    // The timeline ends on the write: its last step is the engine's write phase, no result.
    const steps = await next.getByTestId('session-timeline').locator('li').allInnerTexts();
    const last = steps.filter((s) => /flash/.test(s)).at(-1) ?? '';
    expect(last).toMatch(/write/);
    expect(text).not.toMatch(/Written, not verified|Done:/);
    await screenshot(next, 'write-guard-interrupted');
    await closeApp(app);
  });
});
