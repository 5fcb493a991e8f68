/**
 * The seed story, end to end in the built app against the virtual modem: an RC7620-1 on
 * 00.08.07.00 with the SIERRA carrier image and an Orange SIM → check → switch to GENERIC →
 * data works → update to Release 9 → power lost during the write → boot loop → rescue →
 * verified on 00.08.24.02.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { goldenImageBytes } from '../../src/session/download/image.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const R9 = { name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(goldenImageBytes(2_500_000)) };

async function section(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
}

async function at(page: Page, command: string, expectText: RegExp | string, timeout = 15_000): Promise<void> {
  await section(page, 'AT console');
  const input = page.getByLabel('AT command');
  await input.fill(command);
  await input.press('Enter');
  await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout }).toMatch(typeof expectText === 'string' ? new RegExp(expectText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expectText);
}

async function status(page: Page, s: string, timeout = 90_000): Promise<void> {
  try {
    await page.locator(`[data-testid="flow-wizard"][data-status="${s}"]`).waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `seed-story-failure-waiting-${s}`);
    throw e;
  }
}

async function inDownloadMode(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 60_000 });
}

describe('seed story', () => {
  it('check → GENERIC → data works → update to R9 → power loss → boot loop → rescue → verified on 00.08.24.02', async () => {
    const app = await openApp(browser, { query: 'sim=seed' });
    const { page } = app;

    // connect and check: SIERRA image preferred and running, the Orange SIM's data call is rejected
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to RC7620-1/);
    await at(page, 'ATI', 'Revision: SWI9X07H_00.08.07.00');
    await at(page, 'AT!IMPREF?', /current carrier name:\s+SIERRA/);
    await page.waitForFunction(() => window.__bootholdBench!.modem().registration().camped, null, { timeout: 30_000 });
    await at(page, 'AT+CGACT=1,1', /\+CME ERROR/);
    // "Check my modem": the diagnosis names the carrier mismatch
    await section(page, 'Check my modem');
    await expect
      .poll(
        async () => {
          await page.getByTestId('check-modem').click();
          await page.getByTestId('snapshot-card').waitFor({ timeout: 20_000 });
          await expect.poll(() => page.getByTestId('check-modem').isEnabled(), { timeout: 20_000 }).toBe(true);
          return page.locator('[data-testid="findings"] [data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain('carrier-mismatch');
    await screenshot(page, 'seed-story-1-check');

    // the first fix: prefer GENERIC, reset, reconnect, verify, re-check
    await section(page, 'Update & rescue');
    await page.getByRole('button', { name: 'Switch carrier image' }).click();
    await status(page, 'done');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('GENERIC');
    expect(await page.locator('[data-testid="flow-findings"] [data-finding="carrier-mismatch"]').count()).toBe(0);
    await screenshot(page, 'seed-story-2-generic');
    await page.getByRole('button', { name: 'Close' }).click();

    // data works now
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to RC7620-1/);
    await page.waitForFunction(() => window.__bootholdBench!.modem().registration().attached, null, { timeout: 30_000 });
    await at(page, 'AT+CGACT=1,1', /AT\+CGACT=1,1[\s\S]*OK/);
    await expect.poll(() => page.evaluate(() => window.__bootholdBench!.snapshot().dataActive)).toBe(true);
    await at(page, 'AT+CGPADDR=1', /\+CGPADDR: 1,10\.\d+\.\d+\.\d+/);
    await screenshot(page, 'seed-story-3-data');

    // update to Release 9; the power fails during the write
    await page.evaluate(() => window.__bootholdBench!.setFault({ kind: 'power-loss-during-write', afterBytes: 1_000_000 }));
    await section(page, 'Update & rescue');
    await page.getByTestId('image-file-update').setInputFiles(R9);
    await expect.poll(() => page.getByTestId('image-chosen-update').textContent(), { timeout: 20_000 }).toContain('firmware 00.08.24.02');
    await page.getByRole('button', { name: 'Start the update' }).click();
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"], [data-prompt="confirm-image"]').first().waitFor({ timeout: 60_000 });
    if (await page.locator('[data-prompt="confirm-image"]').count()) await page.getByRole('button', { name: 'Write this image' }).click();
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"]').waitFor({ timeout: 60_000 });
    await inDownloadMode(page);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.getByTestId('flow-failure').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('flow-failure').getAttribute('data-code')).toMatch(/unplugged-mid-flash|flash-failed/);
    await screenshot(page, 'seed-story-4-power-loss');

    // the boot loop: rescue it (the update's image is carried over)
    await page.waitForFunction(() => window.__bootholdBench!.snapshot().flashHealth === 'boot-loop', null, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Rescue the module' }).click();
    await page.locator('[data-testid="flow-wizard"][data-kind="rescue"]').waitFor();
    await expect.poll(() => page.getByTestId('loop-live').textContent(), { timeout: 60_000 }).toMatch(/Seen [2-9] times/);
    await screenshot(page, 'seed-story-5-boot-loop');
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"]').waitFor({ timeout: 60_000 });
    await inDownloadMode(page);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await status(page, 'done');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02 with carrier image GENERIC');
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to RC7620-1/);
    await at(page, 'ATI', 'Revision: SWI9X07H_00.08.24.02');
    expect(await page.evaluate(() => window.__bootholdBench!.snapshot().flashHealth)).toBe('ok');
    await screenshot(page, 'seed-story-6-verified');
    await closeApp(app);
  }, 300_000);
});
