/**
 * Every guided flow — update, carrier switch, boot-loop rescue (caught in its window, and the
 * TP1 path) — completed with the keyboard alone against the virtual modem: Tab / Shift+Tab,
 * Enter, typing; the file chooser opened from a focused button; the device chooser answered by
 * the virtual modem's picker (which, as Chrome does, refuses a request without a user gesture,
 * so each pick proves the key press carried one). At every step focus must sit on something
 * sensible (never <body>), and the flow's progress and outcome must be said in a live region.
 *
 * The only calls into the page besides keys are observations (waiting for the virtual modem
 * to be in a state) and the hands-on part of the TP1 rescue (holding TP1, cycling power),
 * which is hardware, not UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { focusedName, openChooserWithKey, tabTo } from './support/keyboard.ts';
import { goldenImageBytes } from '../../src/session/download/image.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const R9 = { name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(goldenImageBytes(400_000)) };
const SPEED = 4;

/** The virtual modem's device chooser, made as strict as Chrome's: no user gesture, no chooser. */
async function strictPicker(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench !== undefined);
  await page.evaluate(() => (window.__bootholdBench!.picker.requireUserGesture = true));
}

async function bench(page: Page, what: 'atReady' | 'download' | 'loop-up', timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (w) =>
      window.__bootholdBench?.snapshots().some((s) => (w === 'atReady' ? s.atReady : w === 'download' ? s.mode === 'download' && s.usb !== null : s.mode === 'boot-loop' && s.usb !== null)) ?? false,
    what,
    { timeout },
  );
}

/**
 * Records every text the page's live regions (role=status/alert/log, aria-live) take, as they
 * take it: a screen reader hears changes, and a short-lived one (a fast write's progress) must
 * count too.
 */
const RECORD_ANNOUNCEMENTS = `
  window.__announced = [];
  const last = new WeakMap();
  const sel = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
  new MutationObserver(() => {
    for (const el of document.querySelectorAll(sel)) {
      const text = (el.textContent || '').replace(/\\s+/g, ' ').trim();
      if (text && last.get(el) !== text) window.__announced.push(text);
      last.set(el, text);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

/** Everything live regions said since the page opened. */
async function announced(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __announced: string[] }).__announced.join(' | '));
}

async function expectAnnounced(page: Page, text: RegExp, timeout = 15_000): Promise<void> {
  await expect.poll(() => announced(page), { timeout, message: `a live region says ${text}` }).toMatch(text);
}

/** Focus is on a real element (not lost to <body>) whose name matches. */
async function expectFocus(page: Page, name: RegExp, timeout = 5_000): Promise<void> {
  await expect.poll(() => focusedName(page), { timeout, message: `focus on ${name}` }).toMatch(name);
}

async function waitFor(page: Page, selector: string, name: string, timeout = 60_000): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `kbd-${name}-stuck`);
    throw e;
  }
}

const wizard = (attrs: string) => `[data-testid="flow-wizard"]${attrs}`;

/** Skip link → header's Connect modem → Enter; the header announces the connection. */
async function connectByKeyboard(page: Page): Promise<void> {
  await bench(page, 'atReady');
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toMatch(/skip/i);
  await tabTo(page, /^Connect modem$/);
  await page.keyboard.press('Enter');
  await expectAnnounced(page, /Connected to/);
  expect(await page.getByTestId('connection-status').getAttribute('aria-live')).toBe('polite');
}

async function openFlowsByKeyboard(page: Page): Promise<void> {
  await tabTo(page, /^Update & rescue$/);
  await page.keyboard.press('Enter');
  await page.getByTestId('flow-card-update').waitFor();
}

/** From the current focus, Tab to the next "Choose a file…" and pick the image in the chooser it opens (Enter or Space). */
async function chooseFileByKeyboard(page: Page, id: string, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, /^Choose a file…$/);
  const chooser = await openChooserWithKey(page, key);
  await chooser.setFiles(R9);
  await expect.poll(() => page.getByTestId(`image-chosen-${id}`).textContent(), { timeout: 20_000 }).toContain('firmware 00.08.24.02');
  await expectAnnounced(page, /RC76xx_Release9_GENERIC_GCF_7620\.spk: firmware 00\.08\.24\.02, carrier GENERIC/);
  // the chooser closed: focus is back where the user was, and the next Tab leaves the picker's
  // button for real (no second, invisible stop on the hidden file input behind it)
  expect(await focusedName(page)).toBe('Choose a file…');
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).not.toMatch(/^(Choose a file…)?$/);
}

async function done(page: Page, name: string, timeout = 90_000): Promise<void> {
  await waitFor(page, wizard('[data-status="done"]'), name, timeout);
  // the outcome takes focus and is said
  await expectFocus(page, /^Done$/);
  await expectAnnounced(page, /done.*Verified/);
}

/** The download wait's Reconnect button comes once the module should be on the bus (not at once). */
async function reconnectOffered(page: Page, name: string): Promise<void> {
  await waitFor(page, '[data-prompt="reconnect"] [data-testid="reconnect-why"][data-due="true"]', name, 20_000);
}

/** Close the finished flow: focus returns to the page's heading, not to <body>. */
async function closeByKeyboard(page: Page): Promise<void> {
  await tabTo(page, /^Close$/);
  await page.keyboard.press('Enter');
  await page.getByTestId('flow-card-update').waitFor();
  await expectFocus(page, /^Update and rescue$/);
}

describe('guided flows with the keyboard alone', () => {
  it('firmware update: connect, choose the image, start, confirm, reconnect in download mode, write, verify', async () => {
    const app = await openApp(browser, { initScript: RECORD_ANNOUNCEMENTS, query: `sim=seed&simSpeed=${SPEED}` });
    const { page } = app;
    await strictPicker(page);
    await connectByKeyboard(page);
    await openFlowsByKeyboard(page);
    await chooseFileByKeyboard(page, 'update');
    await tabTo(page, /^Start the update$/);
    await page.keyboard.press('Enter');
    // the card (and the button pressed) gave way to the wizard: its heading takes focus (or,
    // when the checks are already through, the confirmation's)
    await expectFocus(page, /^firmware update — |^Check before writing$/i);
    await waitFor(page, '[data-prompt="confirm-image"]', 'update-confirm');
    await expectFocus(page, /^Check before writing$/);
    await expectAnnounced(page, /your turn.*Check before writing/);
    expect(await page.getByTestId('flow-prompt').textContent()).toContain('Carrier configuration changes from SIERRA to GENERIC');
    await screenshot(page, 'kbd-update-confirm');
    await tabTo(page, /^Write this image$/);
    await page.keyboard.press('Enter');
    // the prompt is gone: focus goes to the wizard's heading, not <body>
    await expectFocus(page, /^firmware update — |^Wait for the download device$/i);
    await waitFor(page, wizard('[data-phase="wait-download"] [data-prompt="reconnect"]'), 'update-reconnect');
    await expectFocus(page, /^Wait for the download device$/);
    // the module restarts first: Boothold says it watches the bus, and asks for the click (the
    // browser's chooser) only once the download device should be there
    await expectAnnounced(page, /restarting in download mode/);
    await bench(page, 'download');
    await reconnectOffered(page, 'update-reconnect-offered');
    await tabTo(page, /^Reconnect$/);
    await screenshot(page, 'kbd-update-reconnect');
    await page.keyboard.press('Enter');
    await expectAnnounced(page, /Writing \d+ %/, 30_000);
    await done(page, 'update');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02 with carrier image GENERIC');
    await screenshot(page, 'kbd-update-done');
    await closeByKeyboard(page);
    expect(await page.evaluate(() => window.__bootholdBench!.picker.history.length)).toBeGreaterThanOrEqual(2);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('carrier switch: type the carrier, start, verify and re-run the check', async () => {
    const app = await openApp(browser, { initScript: RECORD_ANNOUNCEMENTS, query: `sim=seed&simSpeed=${SPEED}` });
    const { page } = app;
    await strictPicker(page);
    await connectByKeyboard(page);
    await openFlowsByKeyboard(page);
    await tabTo(page, /^Switch carrier image$/);
    // back to the field with Shift+Tab, retype the carrier, forward to the button again
    await tabTo(page, /^Carrier image to prefer$/, { backward: true, max: 3 });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('GENERIC');
    await tabTo(page, /^Switch carrier image$/, { max: 1 });
    await page.keyboard.press('Enter');
    await expectFocus(page, /^carrier switch — /i);
    await expectAnnounced(page, /carrier switch — /);
    await done(page, 'carrier');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('GENERIC');
    await screenshot(page, 'kbd-carrier-done');
    await closeByKeyboard(page);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  /** Presses Enter on the focused "Pick the modem’s port" while the looping module is up, until the grant took. */
  async function pickWhileUp(page: Page): Promise<void> {
    await tabTo(page, /^Pick the modem’s port$/);
    for (let i = 0; i < 10 && (await page.locator('[data-prompt="pick-loop-port"]').count()); i++) {
      await bench(page, 'loop-up');
      await page.keyboard.press('Enter');
      // the grant took when the prompt goes; if the module vanished first, try on its next appearance
      await page.locator('[data-prompt="pick-loop-port"]').waitFor({ state: 'detached', timeout: 300 }).catch(() => undefined);
    }
    expect(await page.locator('[data-prompt="pick-loop-port"]').count()).toBe(0);
  }

  it('rescue caught in its window: image on the card, pick the port while up, reconnect, write, verify', async () => {
    const app = await openApp(browser, { initScript: RECORD_ANNOUNCEMENTS, query: `sim=boot-loop&simSpeed=${SPEED}` });
    const { page } = app;
    await strictPicker(page);
    await page.keyboard.press('Tab');
    await openFlowsByKeyboard(page);
    // past the update card (its Start is disabled: not connected) to the rescue card's picker
    await tabTo(page, /^Carrier image to prefer$/);
    await chooseFileByKeyboard(page, 'rescue');
    await tabTo(page, /^Start the rescue$/);
    await page.keyboard.press('Enter');
    await waitFor(page, '[data-prompt="pick-loop-port"]', 'rescue-pick');
    await expectFocus(page, /^Give Boothold the modem’s port$/);
    await expectAnnounced(page, /your turn.*Give Boothold the modem’s port/);
    await pickWhileUp(page);
    await expectFocus(page, /^rescue — |^Wait for the download device$/i);
    await expectAnnounced(page, /Seen [2-9] times in 60 s/, 60_000);
    await screenshot(page, 'kbd-rescue-loop');
    await waitFor(page, wizard('[data-phase="wait-download"] [data-prompt="reconnect"]'), 'rescue-caught');
    await expectFocus(page, /^Wait for the download device$/);
    await bench(page, 'download');
    await reconnectOffered(page, 'rescue-reconnect-offered');
    await tabTo(page, /^Reconnect$/);
    await page.keyboard.press('Enter');
    await done(page, 'rescue');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02 with carrier image GENERIC');
    await screenshot(page, 'kbd-rescue-done');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('rescue through TP1: report the loop, follow the guide, reconnect, choose the image in the flow, write, verify', async () => {
    const app = await openApp(browser, { initScript: RECORD_ANNOUNCEMENTS, query: `sim=boot-loop-tp1-only&simSpeed=${SPEED}` });
    const { page } = app;
    await strictPicker(page);
    await page.keyboard.press('Tab');
    await openFlowsByKeyboard(page);
    await tabTo(page, /^Start the rescue$/);
    await page.keyboard.press('Enter');
    await waitFor(page, '[data-prompt="pick-loop-port"]', 'tp1-pick');
    await expectFocus(page, /^Give Boothold the modem’s port$/);
    await pickWhileUp(page);
    // watching: the user says it keeps disconnecting
    await tabTo(page, /^It keeps disconnecting$/);
    await page.keyboard.press('Enter');
    await expectFocus(page, /^rescue — /i);
    await waitFor(page, '[data-testid="tp1-guide"]', 'tp1-guide', 90_000);
    await expectFocus(page, /^TP1: force download mode by hardware$/);
    await expectAnnounced(page, /your turn.*TP1: force download mode by hardware/);
    await screenshot(page, 'kbd-tp1-guide');
    // the hands-on part: TP1 held to ground while the module powers on
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.holdTp1(true);
      b.powerCycle();
    });
    await bench(page, 'download');
    await page.evaluate(() => window.__bootholdBench!.holdTp1(false));
    await tabTo(page, /^I held TP1 low at power-on$/);
    await page.keyboard.press('Space');
    await waitFor(page, '[data-prompt="reconnect"]', 'tp1-reconnect');
    await expectFocus(page, /^Wait for the download device$/);
    await tabTo(page, /^Reconnect$/);
    await page.keyboard.press('Enter');
    await waitFor(page, '[data-prompt="choose-image"]', 'tp1-choose', 30_000);
    await expectFocus(page, /^Choose the image to write$/);
    await expectAnnounced(page, /your turn.*Choose the known-good image/);
    await chooseFileByKeyboard(page, 'flow', 'Space');
    await tabTo(page, /^Write this image$/);
    await screenshot(page, 'kbd-tp1-choose');
    await page.keyboard.press('Space');
    await done(page, 'tp1');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('00.08.24.02');
    await screenshot(page, 'kbd-tp1-done');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
