/**
 * Diagnosis end to end: the seed story on the virtual modem (check → carrier-mismatch and
 * data-call-failed → fix from the card → reconnect → check again → no problem left), the
 * paste analyser on a libqmi log and an AT transcript, and the error decoder.
 * Needs the `diagnosis` section (src/ui/diagnosis/DiagnosisPage.svelte) in the app shell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { LIBQMI_TP1_UNSUPPORTED, SEED_MIXED } from '../../src/session/analysis/logs.fixture.ts';
import { SECTION_IDS } from './support/sections.ts';

// Runs once the shell mounts src/ui/diagnosis/DiagnosisPage.svelte as the `diagnosis` section.
const mounted = SECTION_IDS.includes('diagnosis');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function connect(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 20_000 });
}

async function findingIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="findings"] [data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding') ?? ''));
}

async function errorFindings(page: Page): Promise<string[]> {
  return page.locator('[data-testid="findings"] [data-severity="error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding') ?? ''));
}

async function check(page: Page): Promise<void> {
  await page.getByTestId('check-modem').click();
  await page.getByTestId('snapshot-card').waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getByTestId('check-modem').isEnabled(), { timeout: 20_000 }).toBe(true);
}

describe.skipIf(!mounted)('diagnosis (needs the `diagnosis` section in src/ui/sections.ts)', () => {
  it('seed story: check, see the carrier mismatch and the failing data, fix from the card, re-check clean', async () => {
    const app = await openApp(browser, { query: 'sim=seed', path: '/#/diagnosis' });
    const { page } = app;
    await connect(page);
    await page.goto(new URL('#/diagnosis', page.url()).toString());
    // The module camps on Orange a few seconds after boot.
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
    // Poll until camped on Orange (the operator shows in the card) with both findings.
    await expect
      .poll(
        async () => {
          await check(page);
          const camped = /Orange/.test((await page.getByTestId('snapshot-card').textContent()) ?? '');
          return camped ? findingIds(page) : [];
        },
        { timeout: 40_000, interval: 1000 },
      )
      .toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed']));
    const card = await page.getByTestId('snapshot-card').textContent();
    expect(card).toContain('RC7620-1');
    expect(card).toContain('SWI9X07H_00.08.07.00');
    expect(card).toContain('SIERRA');
    expect(card).toMatch(/Orange/);
    expect(card).not.toMatch(/\d{15}/); // IMEI masked by default
    const mismatch = page.locator('[data-finding="carrier-mismatch"]');
    expect(await mismatch.textContent()).toMatch(/SIERRA carrier image is not meant for Orange, SFR or Bouygues/);
    expect(await mismatch.textContent()).toMatch(/Release 9/);
    expect(await page.locator('[data-finding="data-call-failed"]').textContent()).toMatch(/"orange"/);
    expect(await page.getByTestId('signal-gauge').getAttribute('data-level')).toMatch(/excellent|good|fair|poor/);
    await screenshot(page, 'diagnosis-seed-before');
    expect(await axeViolations(page)).toEqual([]);

    await mismatch.locator('[data-action="set-impref-generic"]').click();
    await page.getByTestId('confirm-yes').click();
    await page.waitForSelector('[data-testid="connection-status"]:not([data-state="connected"])', { timeout: 20_000 });
    await connect(page);
    await page.goto(new URL('#/diagnosis', page.url()).toString());
    // Registered and attached on GENERIC: only the firmware-age warning remains.
    await expect
      .poll(
        async () => {
          await check(page);
          return findingIds(page);
        },
        { timeout: 90_000, interval: 2000 },
      )
      .toEqual(['firmware-outdated']);
    expect(await errorFindings(page)).toEqual([]);
    expect(await page.getByTestId('snapshot-card').textContent()).toContain('GENERIC');
    await screenshot(page, 'diagnosis-seed-after');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('paste analyser: a libqmi log and the seed AT transcript give the right cards', async () => {
    const app = await openApp(browser, { path: '/#/diagnosis' });
    const { page } = app;
    await page.getByTestId('paste-input').fill(LIBQMI_TP1_UNSUPPORTED);
    await page.getByTestId('paste-analyse').click();
    await expect.poll(() => page.getByTestId('paste-kind').getAttribute('data-kind')).toBe('log');
    expect(await findingIds(page)).toEqual(expect.arrayContaining(['download-protocol-failed', 'download-mode']));
    expect(await page.getByTestId('paste-errors').textContent()).toContain('unsupported download protocol');

    await page.getByTestId('paste-input').fill(SEED_MIXED);
    await page.getByTestId('paste-analyse').click();
    await expect.poll(() => page.getByTestId('paste-kind').getAttribute('data-kind')).toBe('mixed');
    expect(await findingIds(page)).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed', 'firmware-outdated']));
    expect(await page.locator('[data-finding="data-call-failed"]').textContent()).toContain('QMI error 14 = CallFailed');
    expect(await page.getByTestId('snapshot-card').textContent()).toContain('RC7620-1');
    // No session: fixes are described, not offered as buttons.
    expect(await page.locator('[data-action]').count()).toBe(0);
    await screenshot(page, 'diagnosis-paste');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('error decoder: QMI, +CME, +CMS, FDT2', async () => {
    const app = await openApp(browser, { path: '/#/diagnosis', locale: 'fr-FR' });
    const { page } = app;
    const input = page.getByTestId('decoder-input');
    await input.fill('QMI protocol error (14)');
    await expect.poll(() => page.getByTestId('decoder-results').textContent()).toContain('CallFailed');
    expect(await page.getByTestId('decoder-results').textContent()).toContain("L'appel de données");
    await input.fill('+CME ERROR: 30');
    await expect.poll(() => page.getByTestId('decoder-results').textContent()).toContain('No network service');
    await input.fill('+CMS ERROR: 500');
    await expect.poll(() => page.getByTestId('decoder-results').textContent()).toContain('Unknown error');
    await input.fill('primary error 82 secondary 5');
    await expect.poll(() => page.getByTestId('decoder-results').textContent()).toContain('Failed in checking modem mode.');
    expect(await page.getByTestId('decoder-results').textContent()).toContain('Neither NDIS adapter nor serial port is available.');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
