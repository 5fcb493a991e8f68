import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { SECTION_IDS } from './support/sections.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility', () => {
  for (const locale of ['en-GB', 'fr-FR']) {
    it(`axe finds no violations on any section (${locale}, virtual modem connected)`, async () => {
      const app = await openApp(browser, { query: 'sim=healthy', locale });
      const { page } = app;
      await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
      await page.locator('header button').first().click();
      await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 15_000 });
      const report: string[] = [];
      for (const id of SECTION_IDS) {
        await page.goto(new URL(`#/${id}`, page.url()).toString());
        await page.waitForLoadState('domcontentloaded');
        // On state, not time: the section is the current one and its module has rendered.
        await page.waitForFunction(
          (sid) => document.querySelector(`a[href="#/${sid}"][aria-current="page"]`) !== null && document.querySelector('main > p.loading') === null,
          id,
          { timeout: 15_000 },
        );
        const violations = await axeViolations(page);
        for (const v of violations) report.push(`${id}: ${v.id} (${v.impact}, ${v.nodes} nodes) — ${v.help}`);
        await screenshot(page, `a11y-${locale}-${id}`);
      }
      expect(report).toEqual([]);
      await closeApp(app);
    });
  }

  it('axe finds no violations on the unsupported-browser page', async () => {
    const app = await openApp(browser, { initScript: 'delete Navigator.prototype.serial; delete Navigator.prototype.usb;' });
    await app.page.getByTestId('unsupported').waitFor();
    expect(await axeViolations(app.page)).toEqual([]);
    await closeApp(app);
  });

  it('connects and sends a command with the keyboard alone, and announces the connection', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page } = app;
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
    // Tab from the top of the page to the Connect button and press Enter.
    await page.keyboard.press('Tab');
    let focused = '';
    for (let i = 0; i < 15 && !focused.includes('Connect modem'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toContain('Connect modem');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 15_000 });
    expect(await page.getByTestId('connection-status').getAttribute('aria-live')).toBe('polite');
    for (let i = 0; i < 30; i++) {
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      if (id === 'at-input') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('at-input');
    await page.keyboard.type('ATI');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('Model: RC7620-1');
    await closeApp(app);
  });
});
