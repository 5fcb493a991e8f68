/**
 * The UART update in the built app, against the virtual RC7620 (behind an FTDI adapter) and
 * HL7800 (a board UART, no USB ids) over the fake WebSerial: the checks and the estimate, the
 * progress, the done screen, and each error screen — a package for another product, a NAK storm,
 * a power loss during the install, the adapter pulled mid-transfer. Screenshots of each are
 * saved under test-results/uart-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { smallRc76Package } from '../../src/session/uart/packages.fixture.ts';
import { hl78Package } from '../../src/sim/profiles/hl7800-uart.ts';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot, type AppHandle } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(locale?: string): Promise<AppHandle> {
  const app = await openApp(browser, { query: 'sim=healthy&simSpeed=50', section: 'uart', ...(locale ? { locale } : {}) });
  await app.page.getByTestId('uart-page').waitFor({ timeout: 15_000 });
  return app;
}

async function prepare(page: Page, module: 'rc7620' | 'hl7800', name: string, bytes: Uint8Array) {
  await page.getByTestId('image-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.getByTestId('uart-file').waitFor();
  await page.getByTestId(`uart-virtual-${module}`).click();
  await page.getByTestId('uart-port-kind').waitFor();
}

async function checks(page: Page) {
  await page.getByTestId('uart-run-checks').click();
  await page.locator('[data-testid="uart-checks"][data-screen="ready"], [data-testid="uart-error"]').first().waitFor({ timeout: 30_000 });
}

describe('UART update page', () => {
  it('RC7620 behind an FTDI adapter: a package for another product is refused first; then checks, estimate, progress, done', async () => {
    const app = await open();
    const { page } = app;
    await prepare(page, 'rc7620', 'SWI9X30C_02.24.05.06.spk', smallRc76Package({ product: '9X30', platform: 'SWI9X30C', firmware: '02.24.05.06' }));
    expect(await page.getByTestId('uart-port-kind').getAttribute('data-kind')).toBe('usb-uart-bridge');
    await checks(page);
    const refused = page.getByTestId('uart-error');
    expect(await refused.getAttribute('data-code')).toBe('image-refused');
    expect(await refused.innerText()).toMatch(/Nothing was sent/);
    expect(await page.evaluate(() => window.__bootholdUart!.module.snapshot().received)).toBe(0);
    await screenshot(page, 'uart-error-image-refused');
    // another product line is never overridable: no model-name field
    expect(await page.getByTestId('uart-confirm-model').count()).toBe(0);

    await page.getByTestId('image-input').setInputFiles({ name: 'RC76xx_Release9_GENERIC_7620.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(smallRc76Package({ size: 60_000 })) });
    await checks(page);
    const statuses = await page.locator('.checks li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-check')}:${e.getAttribute('data-status')}`));
    expect(statuses).toEqual(expect.arrayContaining(['answer:ok', 'image:ok', 'update-command:ok', 'flow-module:fixed', 'flow-host:ok', 'throughput:ok']));
    const estimate = await page.getByTestId('uart-estimate').innerText();
    expect(estimate).toMatch(/About \d+ s at 115200 baud \(now\)/);
    expect(estimate).toMatch(/921600 baud, if your adapter/);
    await screenshot(page, 'uart-estimate');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('uart-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="job-transfer"]')?.getAttribute('data-done') ?? 0) > 20_000, null, { timeout: 30_000 });
    expect(await page.getByTestId('job-transfer').innerText()).toMatch(/% — .* of .* · .*\/s · .* left/);
    // the app's job screen with its one labelled stop, which has the focus Start left
    expect(await page.locator('button:has-text("Cancel")').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Stop the transfer');
    await screenshot(page, 'uart-job-screen-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('job-screen').scrollIntoViewIfNeeded();
    // what the phone shows (the viewport), not the whole page
    await page.screenshot({ path: 'test-results/uart-job-screen-390.png' });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('uart-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('uart-done').innerText()).toMatch(/00\.08\.07\.00 → 00\.08\.24\.02, carrier GENERIC/);
    // the stop vanished with the job screen: the focus is on the outcome, not lost to the page
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="uart-done"]') !== null)).toBe(true);
    expect(await page.getByTestId('uart-urcs').innerText()).toMatch(/\+WFWUPD: 0/);
    await screenshot(page, 'uart-done');
    // afterwards, a package whose product line is in no table: refused until the module's model is
    // typed (the write job's check), and nothing more goes over the line until it is started
    const sentBefore = await page.evaluate(() => window.__bootholdUart!.module.snapshot().received);
    await page.getByTestId('image-input').setInputFiles({ name: 'ZZZZ_unknown.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(smallRc76Package({ product: 'ZZZZ', platform: 'SWIZZZZZ' })) });
    await checks(page);
    expect(await page.getByTestId('uart-error').innerText()).toMatch(/not in Boothold’s tables/);
    await page.getByTestId('uart-confirm-model').fill('RC7620-1');
    await screenshot(page, 'uart-confirm-model');
    await page.getByTestId('uart-confirm-check').click();
    await page.locator('[data-testid="uart-checks"][data-screen="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.checks li[data-check="image"]').getAttribute('data-status')).toBe('caution');
    expect(await page.evaluate(() => window.__bootholdUart!.module.snapshot().received)).toBe(sentBefore);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 120_000);

  it('HL7800 on a board UART at 921600, in French: +WDSI codes explained; then a power loss during install', async () => {
    const app = await open('fr-FR');
    const { page } = app;
    await prepare(page, 'hl7800', 'HL7800_4.7.1.0.ua', hl78Package(60_000));
    expect(await page.getByTestId('uart-port-kind').getAttribute('data-kind')).toBe('native-uart');
    await checks(page);
    await page.getByTestId('uart-rate').selectOption('921600');
    await page.getByTestId('uart-start').click();
    await page.getByTestId('uart-done').waitFor({ timeout: 60_000 });
    const done = await page.getByTestId('uart-done').innerText();
    expect(done).toMatch(/4\.6\.9\.4 → 4\.7\.1\.0/);
    expect(done).toMatch(/921600 bauds/);
    const urcs = await page.getByTestId('uart-urcs').innerText();
    expect(urcs).toMatch(/\+WDSI: 3 — Un paquet est enregistré/);
    expect(urcs).toMatch(/\+WDSI: 16/);
    await screenshot(page, 'uart-done-hl-fr');

    // a fresh virtual HL7800 whose power fails while it installs
    await page.getByTestId('uart-virtual-hl7800').click();
    await checks(page);
    await page.evaluate(() => window.__bootholdUart!.setFault({ kind: 'power-loss-during-install', backAfterMs: 2_000 }));
    await page.getByTestId('uart-start').click();
    const err = page.getByTestId('uart-error');
    await err.waitFor({ timeout: 60_000 });
    expect(await err.getAttribute('data-code')).toBe('install-not-applied');
    expect(await err.getAttribute('data-phase')).toBe('verify');
    expect(await err.innerText()).toMatch(/a redémarré sur son ancien firmware/);
    await screenshot(page, 'uart-error-power-loss-fr');
    await closeApp(app);
  }, 120_000);

  it('a NAK storm, then a fresh start, then the adapter pulled mid-transfer', async () => {
    const app = await open();
    const { page } = app;
    await prepare(page, 'rc7620', 'RC76xx_Release9_GENERIC_7620.spk', smallRc76Package({ size: 60_000 }));
    await checks(page);
    await page.evaluate(() => window.__bootholdUart!.setFault({ kind: 'nak-storm', afterBlocks: 10 }));
    await page.getByTestId('uart-start').click();
    const err = page.getByTestId('uart-error');
    await err.waitFor({ timeout: 60_000 });
    expect(await err.getAttribute('data-code')).toBe('xmodem-too-many-retries');
    expect(await err.getAttribute('data-phase')).toBe('transfer');
    expect(await err.innerText()).toMatch(/line corrupts data/);
    await screenshot(page, 'uart-error-nak-storm');

    await page.evaluate(() => window.__bootholdUart!.setFault(null));
    await page.getByTestId('uart-again').click();
    await page.locator('[data-testid="uart-checks"][data-screen="ready"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('uart-start').click();
    // a fresh transfer: progress starts again from the first block
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="job-transfer"]')?.getAttribute('data-done') ?? 0) > 20_000, null, { timeout: 30_000 });
    await page.evaluate(() => window.__bootholdUart!.unplugAdapter());
    await err.waitFor({ timeout: 30_000 });
    expect(await err.getAttribute('data-code')).toBe('port-lost');
    expect(await err.getAttribute('data-phase')).toBe('transfer');
    expect(await err.innerText()).toMatch(/keeps running its old firmware and discards the partial package/);
    await screenshot(page, 'uart-error-port-lost');
    expect(await axeViolations(page)).toEqual([]);
    await closeApp(app);
  }, 120_000);
});
