/**
 * The guided update and carrier-switch flows in the built app against the virtual modem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { chooseImage, connect, inDownloadMode, openFlows, prompt, status, updateUntilDownloadMode } from './support/update-flow.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * While the flow writes: the job screen shows bytes of total, the rate and the time left; the tab
 * title the percent; the header what runs, with its Connect inert like the nav. At 1280 and 390 px.
 */
async function whileWriting(page: Page): Promise<void> {
  const line = page.getByTestId('job-transfer');
  await page.waitForFunction(() => /\/s · about \d+:\d\d left/.test(document.querySelector('[data-testid="job-transfer"]')?.textContent ?? ''), null, { timeout: 30_000, polling: 50 });
  expect(await line.innerText()).toMatch(/^\d+ % — [\d.]+ (bytes|KiB|MiB) of [\d.]+ (KiB|MiB) · [\d.]+ (bytes|KiB|MiB)\/s · about \d+:\d\d left$/);
  expect(await page.getByTestId('job-doing').innerText()).toMatch(/Writing/);
  expect(await page.getByTestId('job-stop').innerText()).toBe('Stop the update');
  expect(await page.title()).toMatch(/^\d+ % · Writing — Boothold$/);
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
  expect(await page.getByTestId('connection-status').innerText()).toContain('Writing firmware to RC7620-1 (download mode)');
  expect(await page.getByTestId('sections-nav').evaluate((n) => (n as HTMLElement).inert)).toBe(true);
  // the header's Connect/Disconnect cannot take a click or the focus while the job holds the module
  const held = await page.getByTestId('header-link-controls').evaluate((box) => {
    const b = box.querySelector('button')!;
    b.focus();
    const r = b.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inert: (box as HTMLElement).inert, focused: document.activeElement === b, hit: hit === b || b.contains(hit) };
  });
  expect(held).toEqual({ inert: true, focused: false, hit: false });
  // only one way to stop on the page
  expect(await page.getByRole('button', { name: /^(Cancel|Stop)/ }).count()).toBe(1);
  await page.getByTestId('job-screen').scrollIntoViewIfNeeded();
  await screenshot(page, 'job-screen-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'job-screen-390');
  await page.setViewportSize({ width: 1280, height: 860 });
}

/** Notifications allowed, each one recorded (headless Chromium shows none). */
const RECORD_NOTIFICATIONS = `
  window.__notified = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title) { window.__notified.push(title); }
    close() {}
  };
`;

describe('update flow', () => {
  it('updates the seed modem to Release 9: confirm the carrier change, reconnect in download mode, flash, verify', async () => {
    const app = await openApp(browser, { query: 'sim=seed', initScript: RECORD_NOTIFICATIONS });
    const { page } = app;
    await connect(page);
    await openFlows(page);
    await chooseImage(page, 'update');
    await screenshot(page, 'flows-update-start');
    await page.getByRole('button', { name: 'Start the update' }).click();
    await prompt(page, 'confirm-image');
    expect(await page.getByTestId('flow-prompt').textContent()).toContain('Carrier configuration changes from SIERRA to GENERIC');
    await screenshot(page, 'flows-update-confirm');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Write this image' }).click();
    await prompt(page, 'reconnect');
    await screenshot(page, 'flows-update-reconnect');
    await inDownloadMode(page);
    // a slow line (about 4 s for the image) so the job screen can be read while it writes
    await page.evaluate(() => window.__bootholdBench!.setFault({ kind: 'slow', bytesPerSecond: 150_000 }));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await whileWriting(page);
    // the user switches to another tab: the end comes as a notification, and the tab title keeps it
    await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }));
    await status(page, 'done');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02 with carrier image GENERIC');
    expect(await page.evaluate(() => (window as unknown as { __notified: string[] }).__notified)).toEqual(['Firmware update — RC7620-1: done.']);
    expect(await page.title()).toBe('✓ Done — Boothold');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    // back on the tab: a moment later the app's own title and icon again
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Boothold');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    expect(await page.getByTestId('sections-nav').evaluate((n) => (n as HTMLElement).inert)).toBe(false);
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
    await screenshot(page, 'flows-update-done');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('the user cancels the chooser; a reload mid-flow offers to continue, and continuing finishes the update', async () => {
    const app = await openApp(browser, { query: 'sim=seed' });
    const { page } = app;
    await updateUntilDownloadMode(page);
    await page.evaluate(() => (window.__bootholdBench!.picker.next = 'cancel'));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    // a chooser closed without a pick does not end the wait: the wizard says so and keeps waiting
    await page.getByTestId('missed-pick').waitFor();
    expect(await page.locator('[data-testid="flow-wizard"]').getAttribute('data-status')).toBe('needs-user');
    await screenshot(page, 'flows-update-picker-cancelled');
    // the page goes away mid-flow: the beforeunload guard asks first; the record survives in IndexedDB
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.type());
      await d.accept();
    });
    await page.reload();
    expect(dialogs).toContain('beforeunload');
    // On any other page, the shell says a flow was interrupted.
    await page.evaluate(() => (location.hash = '#/console'));
    await page.getByTestId('resume-notice').waitFor();
    expect(await page.getByTestId('resume-notice').textContent()).toMatch(/interrupted/);
    await screenshot(page, 'flows-resume-notice');
    await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
    await page.getByTestId('flow-resume').waitFor();
    expect(await page.getByTestId('flow-resume').textContent()).toMatch(/interrupted/);
    await screenshot(page, 'flows-resume-banner');
    // the virtual modem restarted with the page: put it back where the real one would be (download mode)
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.holdTp1(true);
      b.powerCycle();
    });
    await inDownloadMode(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await prompt(page, 'reconnect');
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await prompt(page, 'choose-image');
    await page.evaluate(() => window.__bootholdBench!.holdTp1(false));
    await chooseImage(page, 'flow');
    await page.getByRole('button', { name: 'Write this image' }).click();
    // this page never had the AT port granted (the virtual modem is new with the page): pick it again
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-app"] [data-prompt="reconnect"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await status(page, 'done');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02');
    await screenshot(page, 'flows-resume-done');
    await closeApp(app);
  });

  it('refuses a device that is not this module in download mode (another module picked), then flashes the right one', async () => {
    const app = await openApp(browser, { query: 'sim=seed' });
    const { page } = app;
    await connect(page);
    await page.evaluate(() => window.__bootholdBench!.addModem('healthy', { id: 'other' }));
    await openFlows(page);
    await chooseImage(page, 'update');
    await page.getByRole('button', { name: 'Start the update' }).click();
    await prompt(page, 'confirm-image');
    await page.getByRole('button', { name: 'Write this image' }).click();
    await prompt(page, 'reconnect');
    await inDownloadMode(page);
    await page.evaluate(() => (window.__bootholdBench!.picker.next = (c) => c.findIndex((x) => x.modemId === 'other')));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.locator('[data-testid="flow-failure"][data-code="wrong-device"]').waitFor();
    await screenshot(page, 'flows-update-wrong-device');
    await page.evaluate(() => (window.__bootholdBench!.picker.next = (c) => c.findIndex((x) => x.modemId === 'modem-1')));
    await page.getByRole('button', { name: 'Reconnect and try again' }).click();
    await status(page, 'done');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('00.08.24.02');
    await closeApp(app);
  });

  it('unplugged mid-flash: says so, and the rescue is offered', async () => {
    const app = await openApp(browser, { query: 'sim=seed' });
    const { page } = app;
    await updateUntilDownloadMode(page);
    await page.evaluate(() => window.__bootholdBench!.setFault({ kind: 'unplug-after', bytes: 200_000 }));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.locator('[data-testid="flow-failure"][data-code="unplugged-mid-flash"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Rescue the module' }).isVisible()).toBe(true);
    await screenshot(page, 'flows-update-unplugged');
    await closeApp(app);
  });

  it('refuses a Release 9 RC76xx image on an EM7455', async () => {
    const app = await openApp(browser, { query: 'sim=em7455' });
    const { page } = app;
    await connect(page);
    await openFlows(page);
    await chooseImage(page, 'update');
    await page.getByRole('button', { name: 'Start the update' }).click();
    await page.locator('[data-testid="flow-failure"][data-code="wrong-product"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'flows-update-wrong-product');
    expect(await page.getByTestId('flow-failure').textContent()).toContain('another product line');
    await closeApp(app);
  });
});

describe('carrier switch flow', () => {
  it('switches the seed modem to GENERIC, verifies and re-runs the check', async () => {
    const app = await openApp(browser, { query: 'sim=seed' });
    const { page } = app;
    await connect(page);
    await openFlows(page);
    await page.getByRole('button', { name: 'Switch carrier image' }).click();
    await status(page, 'done', 90_000);
    expect(await page.getByTestId('flow-verified').textContent()).toContain('GENERIC');
    expect(await page.locator('[data-testid="flow-findings"] [data-finding="carrier-mismatch"]').count()).toBe(0);
    await screenshot(page, 'flows-carrier-done');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});

describe('the app watches the module', () => {
  it('its own AT!RESET is expected (no failure) and it reconnects by itself; Connect while the module boots answers and connects when ready', async () => {
    // the module's restarts at 4× their pace (the watcher's own limits are generous wall-clock ones)
    const app = await openApp(browser, { query: 'sim=seed&simSpeed=4' });
    const { page } = app;
    await connect(page);
    // the app's own reset, from the console on the connected modem's session
    await page.evaluate(() => (location.hash = '#/console'));
    await page.getByLabel('AT command').fill('AT!RESET');
    await page.getByLabel('AT command').press('Enter');
    await page.locator('[data-testid="module-notice"][data-kind="resetting"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('module-notice').textContent()).toContain('reconnects by itself');
    expect(await page.getByTestId('connection-problem').count()).toBe(0);
    // the header names the expected restart while the port is gone, never "Disconnected"
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000, interval: 50 }).toMatch(/RC7620\S* restarting, as asked — reconnecting…/);
    await screenshot(page, 'watch-own-reset');
    // back without a chooser: the grant of its AT port survives the reset
    const picks = await page.evaluate(() => window.__bootholdBench!.picker.history.length);
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 40_000 }).toMatch(/Connected to/);
    expect(await page.evaluate(() => window.__bootholdBench!.picker.history.length)).toBe(picks);
    expect(await page.getByTestId('connection-problem').count()).toBe(0);
    expect(await page.getByTestId('module-notice').count()).toBe(0);

    // power lost (not asked for): then "Connect modem" while it boots says why nothing is listed, and it connects once up
    await page.evaluate(() => window.__bootholdBench!.powerCycle());
    await page.getByTestId('connection-problem').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await page.locator('[data-testid="module-notice"][data-kind="nothing-picked"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('module-notice').textContent()).toContain('starting up');
    await screenshot(page, 'watch-connect-while-booting');
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 40_000 }).toMatch(/Connected to/);
    expect(await page.getByTestId('module-notice').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 120_000);
});
