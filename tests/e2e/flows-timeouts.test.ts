/**
 * The guided update's long waits, run to their end: no download-mode device within 120 s, and
 * no application port within 120 s after the write. The virtual world runs twenty times faster
 * (`simSpeed=20`), the flow's timeouts with it, so each wait ends after about 6 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { goldenImageBytes } from '../../src/session/download/testing.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const r9 = Buffer.from(goldenImageBytes(600_000));

/** Connected, on the flows page, the update started and the image confirmed: the module is going to download mode. */
async function updateUntilReconnect(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
  await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
  await page.getByTestId('image-file-update').setInputFiles({ name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', mimeType: 'application/octet-stream', buffer: r9 });
  await expect.poll(() => page.getByTestId('image-chosen-update').textContent(), { timeout: 20_000 }).toContain('firmware 00.08.24.02');
  await page.getByRole('button', { name: 'Start the update' }).click();
  await page.locator('[data-testid="flow-prompt"][data-prompt="confirm-image"]').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Write this image' }).click();
  await page.locator('[data-testid="flow-prompt"][data-prompt="reconnect"]').waitFor({ timeout: 30_000 });
}

async function failure(page: Page, code: string): Promise<string> {
  const el = page.locator(`[data-testid="flow-failure"][data-code="${code}"]`);
  await el.waitFor({ timeout: 60_000 });
  return (await el.textContent()) ?? '';
}

describe('guided update: the waits that run out', () => {
  it('no download-mode device is chosen: download-timeout, with what to check and the way on', async () => {
    const app = await openApp(browser, { query: 'sim=seed&simSpeed=20' });
    const { page } = app;
    await updateUntilReconnect(page);
    // The module sits in download mode, but nobody picks it in the chooser.
    const text = await failure(page, 'download-timeout');
    expect(text).toContain('No download-mode device appeared in time');
    expect(text).toMatch(/TP1/);
    await screenshot(page, 'flows-timeout-download');
    // The way on is offered, and works: reconnect now, and the update finishes.
    await page.getByRole('button', { name: 'Reconnect and try again' }).click();
    await page.locator('[data-testid="flow-wizard"][data-status="done"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('flow-verified').textContent()).toContain('00.08.24.02');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('the module does not come back in application mode after the write: app-timeout, rescue offered', async () => {
    const app = await openApp(browser, { query: 'sim=seed&simSpeed=20' });
    const { page } = app;
    await updateUntilReconnect(page);
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    // TP1 held from now on: after the write's reset the module boots into download mode again,
    // so its AT port never returns.
    await page.evaluate(() => window.__bootholdBench!.holdTp1(true));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    const text = await failure(page, 'app-timeout');
    expect(text).toContain('did not come back in application mode');
    expect(await page.getByRole('button', { name: 'Rescue the module' }).isVisible()).toBe(true);
    await screenshot(page, 'flows-timeout-app');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
