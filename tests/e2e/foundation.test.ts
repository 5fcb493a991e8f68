import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function connectVirtual(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the virtual modem' }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to RC7620-1/);
}

/** The virtual module boots for a few seconds before its AT port enumerates, like a real one. */
async function waitForAtPort(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
}

async function connectNow(page: Page): Promise<void> {
  await waitForAtPort(page);
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
}

async function sendAt(page: Page, command: string): Promise<void> {
  await page.getByLabel('AT command').fill(command);
  await page.getByLabel('AT command').press('Enter');
}

describe('app shell', () => {
  it('first load shows the connect and virtual-modem buttons with no modem attached', async () => {
    const app = await openApp(browser);
    const { page } = app;
    await expect.poll(() => page.title()).toBe('Boothold');
    expect(await page.getByRole('button', { name: 'Connect modem' }).first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Try the virtual modem' }).first().isVisible()).toBe(true);
    expect(await page.getByTestId('connection-status').textContent()).toContain('Disconnected');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await screenshot(page, 'foundation-first-load');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('explains which browsers work when WebSerial and WebUSB are missing', async () => {
    const app = await openApp(browser, {
      initScript: 'delete Navigator.prototype.serial; delete Navigator.prototype.usb;',
    });
    const { page } = app;
    await page.getByTestId('unsupported').waitFor();
    const text = await page.getByTestId('unsupported').textContent();
    expect(text).toContain('This browser cannot talk to a modem');
    expect(text).toContain('Google Chrome, Microsoft Edge');
    expect(await page.getByRole('button', { name: 'Connect modem' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try the virtual modem' }).first().isVisible()).toBe(true);
    await screenshot(page, 'foundation-unsupported');
    await closeApp(app);
  });

  it('connects to the virtual modem, sends ATI and shows the model', async () => {
    const app = await openApp(browser, { section: 'console' });
    const { page } = app;
    await connectVirtual(page);
    await sendAt(page, 'ATI');
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('Model: RC7620-1');
    await expect.poll(() => page.getByTestId('transcript').textContent()).toMatch(/OK/);
    await screenshot(page, 'foundation-console-ati');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('puts a URC that arrives while idle in the URC lane, and renders markup as text', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page } = app;
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await connectNow(page);
    await page.evaluate(() => window.__bootholdBench!.injectUrc('+CREG: 1'));
    await expect.poll(() => page.getByTestId('urcs').textContent()).toContain('+CREG: 1');
    expect(await page.getByTestId('transcript').textContent()).not.toContain('+CREG: 1');

    const hostile = '<img src=x onerror=alert(1)>';
    await page.evaluate((line) => window.__bootholdBench!.injectUrc(line), hostile);
    await expect.poll(() => page.getByTestId('urcs').textContent()).toContain(hostile);
    expect(await page.locator('[data-testid="urcs"] img').count()).toBe(0);
    expect(dialogs).toBe(0);
    await screenshot(page, 'foundation-urc-lane');
    await closeApp(app);
  });

  it('returns to idle without an error banner when the port picker is cancelled', async () => {
    const app = await openApp(browser, { query: 'sim=healthy' });
    const { page } = app;
    await waitForAtPort(page);
    await page.evaluate(() => (window.__bootholdBench!.picker.next = 'cancel'));
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toContain('Disconnected');
    expect(await page.getByTestId('connection-problem').count()).toBe(0);
    await closeApp(app);
  });

  it('names a port held by another program and says what to do', async () => {
    const app = await openApp(browser, { query: 'sim=healthy' });
    const { page } = app;
    await waitForAtPort(page);
    await page.evaluate(async () => {
      const bench = window.__bootholdBench!;
      const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
      await port.open({ baudRate: 115200 });
    });
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await page.getByTestId('connection-problem').waitFor();
    expect(await page.getByTestId('connection-problem').getAttribute('data-code')).toBe('port-busy');
    expect(await page.getByTestId('connection-problem').textContent()).toContain('ModemManager');
    await screenshot(page, 'foundation-port-busy');
    await closeApp(app);
  });

  it('times out a command with no final result and stays usable', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page } = app;
    await connectNow(page);
    await page.getByLabel('Timeout (s)').fill('1');
    await page.evaluate(() => window.__bootholdBench!.setFault({ kind: 'silence' }));
    await sendAt(page, 'AT+CGMR');
    await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout: 10_000 }).toContain('No final result for AT+CGMR after 1 s');
    await page.evaluate(() => window.__bootholdBench!.setFault(null));
    await sendAt(page, 'ATI');
    await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout: 10_000 }).toContain('Model: RC7620-1');
    await screenshot(page, 'foundation-timeout');
    await closeApp(app);
  });

  it('reports an unplug as device-lost with next steps', async () => {
    const app = await openApp(browser, { query: 'sim=healthy' });
    const { page } = app;
    await connectNow(page);
    await page.evaluate(() => window.__bootholdBench!.pullCable());
    await page.getByTestId('connection-problem').waitFor();
    expect(await page.getByTestId('connection-problem').getAttribute('data-code')).toBe('device-lost');
    await screenshot(page, 'foundation-unplugged');
    await closeApp(app);
  });

  it('reloads offline once the service worker has installed', async () => {
    const app = await openApp(browser);
    const { page, context } = app;
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first load is not yet controlled; reload once so the worker serves the page.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 }).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Try the virtual modem' }).first().waitFor();
    await connectVirtual(page);
    await screenshot(page, 'foundation-offline');
    await context.setOffline(false);
    await closeApp(app);
  });
});
