/**
 * The virtual modem panel in the app: the module's state follows the controls (cable, TP1,
 * power cycle, a second module in its boot loop), and the simulated port chooser answers a
 * real requestPort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const mode = (modem: Locator) => modem.getByTestId('sim-mode').textContent();

describe('virtual modem panel', () => {
  it('shows the module and drives it: cable, TP1, boot loop, chooser', async () => {
    const app = await openApp(browser, { path: '/#virtual-modem' });
    const { page } = app;
    const panel = page.getByTestId('virtual-modem-panel');
    for (let attempt = 0; !(await panel.isVisible()); attempt++) {
      await page.getByRole('button', { name: 'Try the virtual modem' }).first().click();
      await panel.waitFor({ timeout: 5_000 }).catch((e: unknown) => {
        if (attempt >= 2) throw e;
      });
    }
    const first = panel.getByTestId('sim-modem').first();
    await expect.poll(() => mode(first), { timeout: 15_000 }).toBe('Application mode');
    expect(await first.textContent()).toContain('1199:68C0, interfaces 0, 2, 3, 8');

    await first.getByRole('button', { name: 'Pull the USB cable' }).click();
    await expect.poll(() => mode(first)).toBe('Off');
    expect(await first.getByTestId('sim-current').textContent()).toBe('0 mA');

    await first.getByRole('button', { name: 'Plug the USB cable in' }).click();
    await first.getByLabel('Hold TP1 low (download mode at next power-on)').check();
    await first.getByRole('button', { name: 'Power cycle' }).click();
    await expect.poll(() => mode(first), { timeout: 15_000 }).toBe('Download mode (boot and hold)');
    expect(await first.textContent()).toContain('1199:68C0, interfaces 0');

    await panel.getByLabel('Scenario', { exact: true }).last().selectOption('boot-loop');
    await panel.getByRole('button', { name: 'Add a module' }).click();
    const second = panel.getByTestId('sim-modem').nth(1);
    await expect.poll(() => mode(second), { timeout: 15_000 }).toBe('Boot loop');
    await expect.poll(() => second.textContent(), { timeout: 15_000 }).toContain('About twice the normal draw');

    await panel.getByTestId('sim-show-chooser').check();
    const request = page.evaluate(() =>
      window.__bootholdBench!.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] }).then(
        () => 'chosen',
        (e: DOMException) => e.name,
      ),
    );
    const chooser = page.getByTestId('sim-chooser');
    await chooser.waitFor();
    expect(await chooser.getByRole('button').count()).toBeGreaterThan(1);
    await screenshot(page, 'sim-panel-chooser');
    await chooser.getByRole('button', { name: 'Cancel' }).click();
    expect(await request).toBe('NotFoundError');

    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
