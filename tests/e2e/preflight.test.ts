/**
 * The preflight pages for each system (chosen with ?os= so every page is testable here) and the
 * fleet policy generator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const EXPECTED: Record<string, string[]> = {
  linux: ['linux-dialout', 'linux-modemmanager', 'linux-udev', 'linux-snap-flatpak', 'linux-qcserial', 'data-cable', 'direct-port', 'close-others'],
  windows: ['windows-sierra-driver', 'windows-zadig', 'windows-undo-zadig', 'data-cable', 'direct-port', 'close-others'],
  macos: ['macos-serial', 'data-cable'],
  chromeos: ['chromeos-serial', 'data-cable'],
};

describe('preflight', () => {
  for (const [os, steps] of Object.entries(EXPECTED)) {
    it(`?os=${os} shows that system's steps and the common ones`, async () => {
      const app = await openApp(browser, { query: `os=${os}` });
      const { page } = app;
      await page.getByRole('link', { name: 'Before you connect' }).click();
      await page.getByTestId('preflight').waitFor();
      expect(await page.getByTestId('preflight').getAttribute('data-os')).toBe(os);
      const ids = await page.getByTestId('preflight-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
      expect(ids).toEqual(expect.arrayContaining(steps));
      if (os === 'linux') {
        const text = await page.getByTestId('preflight').textContent();
        expect(text).toContain('sudo systemctl stop ModemManager');
        expect(text).toContain('ATTR{idVendor}=="1199"');
        expect(text).toContain('snap connect chromium:raw-usb');
        expect(text).toContain('qcserial');
      }
      if (os === 'windows') expect(await page.getByTestId('preflight').textContent()).toContain('Zadig');
      await screenshot(page, `preflight-${os}`);
      expect(await axeViolations(page)).toEqual([]);
      expect(app.pageErrors).toEqual([]);
      await closeApp(app);
    });
  }

  it('switches system on the page and speaks French', async () => {
    const app = await openApp(browser, { query: 'os=windows', locale: 'fr-FR' });
    const { page } = app;
    await page.getByRole('link', { name: 'Avant de connecter' }).click();
    await page.getByTestId('preflight').waitFor();
    await page.getByLabel('Linux').check();
    expect(await page.getByTestId('preflight').getAttribute('data-os')).toBe('linux');
    expect(await page.getByTestId('preflight').textContent()).toContain('Faites partie du groupe dialout');
    await screenshot(page, 'preflight-linux-fr');
    await closeApp(app);
  });

  it('puts the steps for the last connection error first (port held by another program)', async () => {
    const app = await openApp(browser, { query: 'sim=healthy&os=linux' });
    const { page } = app;
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
    await page.evaluate(async () => {
      const port = await window.__bootholdBench!.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
      await port.open({ baudRate: 115200 });
    });
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await page.getByTestId('connection-problem').waitFor();
    await page.getByRole('link', { name: 'Before you connect' }).click();
    await page.getByTestId('preflight-after-error').waitFor();
    expect(await page.getByTestId('preflight-step').first().getAttribute('data-step')).toBe('linux-modemmanager');
    await screenshot(page, 'preflight-after-port-busy');
    await closeApp(app);
  });
});

describe('fleet policy', () => {
  it('generates the Chrome policy JSON for this origin and the Sierra identities', async () => {
    const app = await openApp(browser);
    const { page } = app;
    // reached from the preflight page (not from the navigation bar)
    await page.getByRole('link', { name: 'Before you connect' }).click();
    await page.getByRole('link', { name: /Generate a Chrome policy/ }).click();
    await page.getByTestId('policy-json').waitFor();
    const origin = new URL(page.url()).origin;
    const json = JSON.parse((await page.getByTestId('policy-json').textContent()) ?? '{}');
    expect(json.WebUsbAllowDevicesForUrls[0]).toEqual({ devices: [{ vendor_id: 0x1199 }], urls: [origin] });
    expect(json.SerialAllowUsbDevicesForUrls[0].urls).toEqual([origin]);
    await page.getByTestId('policy-exact').check();
    const exact = JSON.parse((await page.getByTestId('policy-json').textContent()) ?? '{}');
    expect(exact.WebUsbAllowDevicesForUrls[0].devices).toContainEqual({ vendor_id: 0x1199, product_id: 0x9078 });
    await page.getByTestId('policy-origin').fill('https://boothold.example.org/app');
    expect(await page.getByTestId('policy-json').textContent()).toContain('"https://boothold.example.org"');
    await screenshot(page, 'policy-exact');
    await page.getByTestId('policy-origin').fill('http://example.org');
    expect(await page.getByTestId('policy-error').textContent()).toContain('HTTPS');
    expect(await axeViolations(page)).toEqual([]);
    await closeApp(app);
  });
});
