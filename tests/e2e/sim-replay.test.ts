/**
 * Replay a customer's modem in the built app: a pasted corpus transcript → "Open as virtual
 * modem" → connect → Check my modem gives the analyser's findings, with the banner saying which
 * answers are recorded; then the recorded session of that check → Sessions → "Open as virtual
 * modem" replays it again.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { analyzeText } from '../../src/session/analysis/analyze.ts';
import { evaluate } from '../../src/knowledge/rules/engine.ts';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/at');
const FILE = 'em7565_swi9x50c-01.00.02.00_impref-mismatch-lpm-ati-recovery.txt';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function connectAndCheck(page: Page): Promise<string[]> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 20_000 });
  await page.getByTestId('check-modem').click();
  await page.getByTestId('snapshot-card').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('check-modem').isEnabled(), { timeout: 30_000 }).toBe(true);
  return page.locator('[data-testid="findings"] [data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding') ?? ''));
}

describe('replayed modem in the app', () => {
  it('pasted transcript → virtual modem → the check finds what the text shows; the session replays too', async () => {
    const text = readFileSync(resolve(CORPUS, FILE), 'utf8');
    const expected = evaluate({ snapshot: analyzeText(text).snapshot, errors: [], signals: [] }).map((f) => f.id);
    const app = await openApp(browser, { path: '/#/diagnosis' });
    const { page } = app;
    await page.getByTestId('paste-input').fill(text);
    await page.getByTestId('open-virtual-modem').click();
    const banner = page.getByTestId('replay-banner').first();
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Replayed modem: EM7565');
    expect(await banner.getByTestId('replay-recorded').textContent()).toMatch(/\d+ recorded answers: at!impref\?, at!gstatus\?, ati/);

    const found = await connectAndCheck(page);
    expect(found).toEqual(expect.arrayContaining(expected));
    await expect.poll(async () => (await page.getByTestId('replay-counts').first().textContent()) ?? '').toMatch(/Answered so far: [1-9]\d* recorded, [1-9]\d* simulated/);
    await page.getByTestId('replay-banner').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'sim-replay-diagnosis');
    expect(await axeViolations(page)).toEqual([]);

    // the check was recorded as a session: replay that session
    await page.goto(new URL('#/sessions', page.url()).toString());
    await page.getByTestId('sessions-page').waitFor();
    await page.getByTestId('session-row').first().getByRole('button', { name: /^Open the session/ }).click();
    await page.getByTestId('session-view').waitFor();
    await page.getByTestId('open-virtual-modem').click();
    await page.waitForFunction(() => location.hash === '#/diagnosis', null, { timeout: 10_000 });
    await page.getByTestId('replay-banner').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('replay-banner').first().textContent()).toContain('Replayed modem: EM7565');
    expect(await page.getByTestId('replay-recorded').first().textContent()).toMatch(/^\d+ recorded answers: ATI, AT\+CGMR, /);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 150_000);
});
