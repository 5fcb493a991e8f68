/**
 * Catching a short window on the Flash page, in the built app: the virtual boot-loop module,
 * its identity pre-granted (policy), comes up in download mode (TP1 held, power cycle) and the
 * page attaches it on the `connect` event with no click, reads its hello first, and flashes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { goldenTestImageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { catchDownloadWindow } from './support/flash-window.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Flash page: a module in a short window', () => {
  it('is attached the moment it appears, its hello read first, and flashed', async () => {
    // The module's boots 4× faster (simSpeed): the page's own catch and hello timings are real
    // time either way, and TP1 keeps the module in download mode once it is there.
    const app = await openApp(browser, { query: 'sim=boot-loop&simSpeed=4', section: 'flash' });
    const { page } = app;
    const image = buildCwe(goldenTestImageSpec({ dsp2Size: 300_000 }));
    const { claim, first } = await catchDownloadWindow(page, image);
    // No time limit here (a loaded CI machine); bench/download-window.ts prints the figures.
    expect(Number.isFinite(first) && Number.isFinite(claim)).toBe(true);
    expect(claim).toBeLessThanOrEqual(first);
    await screenshot(page, 'flash-window-caught');
    await page.evaluate(() => window.__bootholdBench!.holdTp1(false));
    await page.getByTestId('flash-start').click();
    await page.locator('[data-testid="flash-panel"][data-screen="done"]').waitFor({ timeout: 60_000 });
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });
});
