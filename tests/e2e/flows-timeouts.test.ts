/**
 * The guided update's long waits, run to their end: no download-mode device within 120 s, and
 * no application port within 120 s after the write. The virtual world runs twenty times faster
 * (`simSpeed=20`), the flow's timeouts with it, so each wait ends after about 6 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { updateUntilDownloadMode } from './support/update-flow.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function failure(page: Page, code: string): Promise<string> {
  const el = page.locator(`[data-testid="flow-failure"][data-code="${code}"]`);
  await el.waitFor({ timeout: 60_000 });
  return (await el.textContent()) ?? '';
}

describe('guided update: the waits that run out', () => {
  it('no download-mode device is chosen: download-timeout, with what to check and the way on', async () => {
    const app = await openApp(browser, { query: 'sim=seed&simSpeed=20' });
    const { page } = app;
    await updateUntilDownloadMode(page);
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
    await updateUntilDownloadMode(page);
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
