/**
 * The boot-loop rescue in the built app against the virtual modem: caught in its window (on
 * the first appearance once the catch has begun), and the loop that only TP1 breaks.
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

const r9 = Buffer.from(goldenImageBytes(600_000));

async function chooseImage(page: Page, id: string): Promise<void> {
  await page.getByTestId(`image-file-${id}`).setInputFiles({ name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', mimeType: 'application/octet-stream', buffer: r9 });
  await expect.poll(() => page.getByTestId(`image-chosen-${id}`).textContent(), { timeout: 20_000 }).toContain('firmware 00.08.24.02');
}

/** The chooser lists a looping module only while it is up: click then. */
async function pickWhileUp(page: Page): Promise<void> {
  const prompt = page.locator('[data-prompt="pick-loop-port"]');
  await prompt.waitFor({ timeout: 30_000 });
  // the module is up well under a second at simSpeed=4: a click that lands after it went again
  // finds an empty chooser, the wizard says so, and the user clicks again once it is back
  for (let missed = 0; await prompt.count(); missed++) {
    expect(missed, 'picks that found the chooser empty').toBeLessThan(5);
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'boot-loop' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Pick the modem’s port' }).click();
    await Promise.race([
      prompt.waitFor({ state: 'detached', timeout: 5_000 }),
      page.locator(`[data-testid="pick-loop-missed"][data-missed="${missed + 1}"]`).waitFor({ timeout: 5_000 }),
    ]).catch(() => undefined);
  }
}

async function waitStatus(page: Page, s: string, timeout: number): Promise<void> {
  try {
    await page.locator(`[data-testid="flow-wizard"][data-status="${s}"]`).waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `flows-rescue-failure-waiting-${s}`);
    throw e;
  }
}

/** What the page saw, in its own clock: the module's bus log and the wizard's phases. */
interface Timeline {
  readonly bus: { readonly at: number; readonly line: string }[];
  readonly phases: { readonly at: number; readonly phase: string }[];
}

/** Records the bench's log lines and every change of the wizard's phase from now on. */
async function recordTimeline(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench !== undefined);
  await page.evaluate(() => {
    const t: Timeline = { bus: [], phases: [] };
    (window as unknown as { __timeline: Timeline }).__timeline = t;
    window.__bootholdBench!.events.on('log', (line: string) => t.bus.push({ at: performance.now(), line }));
    const note = () => {
      const phase = document.querySelector('[data-testid="flow-wizard"]')?.getAttribute('data-phase');
      if (phase && t.phases.at(-1)?.phase !== phase) t.phases.push({ at: performance.now(), phase });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}

describe('boot-loop rescue', () => {
  it('shows the loop live, catches it with AT!BOOTHOLD on the first appearance, flashes the known-good image and verifies', async () => {
    const app = await openApp(browser, { query: 'sim=boot-loop' });
    const { page } = app;
    await recordTimeline(page);
    await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
    await chooseImage(page, 'rescue');
    await page.getByRole('button', { name: 'Start the rescue' }).click();
    await pickWhileUp(page);
    // two short appearances make a loop (the module is down 10–15 s between them)
    await expect.poll(() => page.getByTestId('loop-live').textContent(), { timeout: 60_000 }).toMatch(/Seen [2-9] times in 60 s, up for about \d\.\d s each/);
    await screenshot(page, 'flows-rescue-loop-live');
    await page.getByTestId('catching').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('catching').textContent()).toContain('try 1 of 3');
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    await screenshot(page, 'flows-rescue-caught');
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await waitStatus(page, 'done', 90_000);
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02 with carrier image GENERIC');

    // Caught on the first appearance: from the moment the catch began, the module enumerated
    // once as the looping application, and that appearance took AT!BOOTHOLD (next on the bus:
    // boot-and-hold). One try, as the wizard and its log say.
    const t = await page.evaluate(() => (window as unknown as { __timeline: Timeline }).__timeline);
    const catchStart = t.phases.find((p) => p.phase === 'catch')?.at;
    expect(catchStart, JSON.stringify(t.phases)).toBeDefined();
    const after = t.bus.filter((b) => b.at >= catchStart! && /enumerated .*\((boot-loop|download|application)|AT!BOOTHOLD: switching/.test(b.line));
    const kinds = after.map((b) => (/AT!BOOTHOLD/.test(b.line) ? 'boothold' : /\(boot-loop/.test(b.line) ? 'loop' : /\(download/.test(b.line) ? 'download' : 'application'));
    // the flow repeats AT!BOOTHOLD until the port goes: the module may take several before it leaves
    const steps = kinds.filter((k, i) => k !== kinds[i - 1]);
    expect(steps.slice(0, 3), after.map((b) => b.line).join('\n')).toEqual(['loop', 'boothold', 'download']);
    const windowMs = after[1]!.at - after[0]!.at;
    console.info(`[flows-rescue] appearance → AT!BOOTHOLD taken: ${Math.round(windowMs)} ms (the module stays up 1–3 s)`);
    expect(windowMs).toBeLessThan(3000);
    const log = await page.getByTestId('flow-log').textContent();
    expect(log).toContain('appearance 1: sending AT!BOOTHOLD');
    expect(log).not.toContain('appearance 2');
    expect(log).toMatch(/download device claimed \d+ ms after it appeared/);
    expect(await page.evaluate(() => window.__bootholdBench!.snapshot().flashHealth)).toBe('ok');
    await screenshot(page, 'flows-rescue-done');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 180_000);

  it('a loop that cannot be caught leads to the TP1 guide; with TP1 held at power-on the module is flashed', async () => {
    // three missed appearances, 10–15 s apart at the module's pace: run the loop 4× faster (the
    // caught rescue above keeps the real window)
    const app = await openApp(browser, { query: 'sim=boot-loop&simSpeed=4' });
    const { page } = app;
    // the application dies before its AT server starts: AT!BOOTHOLD never lands
    await page.waitForFunction(() => window.__bootholdBench !== undefined);
    await page.evaluate(() => (window.__bootholdBench!.modem().flash.loopUncatchable = true));
    await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
    await page.getByRole('button', { name: 'Start the rescue' }).click();
    // the first click lands while the module is down: the chooser is empty, and the wizard says why
    await page.locator('[data-prompt="pick-loop-port"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().every((s) => s.usb === null) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Pick the modem’s port' }).click();
    await page.getByTestId('pick-loop-missed').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('pick-loop-missed').textContent()).toContain('the modem had gone again: click again the moment it is back');
    // "it keeps disconnecting" before any grant: the catch could not see it appear, so the port is asked for first
    await page.getByRole('button', { name: 'It keeps disconnecting' }).click();
    await expect.poll(() => page.locator('[data-prompt="pick-loop-port"]').textContent(), { timeout: 5_000 }).toContain('Boothold will catch it, but first it needs the modem’s port');
    expect(await page.getByRole('button', { name: 'It keeps disconnecting' }).count()).toBe(0);
    await screenshot(page, 'flows-rescue-pick-missed');
    // picked while up: the catch starts by itself
    await pickWhileUp(page);
    await page.getByTestId('tp1-guide').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('tp1-guide').textContent()).toContain('pin 47');
    await screenshot(page, 'flows-rescue-tp1');
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.holdTp1(true);
      b.powerCycle();
    });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    // TP1 stays held through the write (the user forgets to let go)
    await page.getByRole('button', { name: 'I held TP1 low at power-on' }).click();
    await page.locator('[data-prompt="reconnect"]').waitFor();
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.locator('[data-prompt="choose-image"]').waitFor({ timeout: 30_000 });
    await chooseImage(page, 'flow');
    await page.getByRole('button', { name: 'Write this image' }).click();
    // after the write the module restarts — in download mode again: the wizard says TP1 may be held and looks for it there
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-app"] [data-testid="tp1-maybe-held"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Look for it in download mode' }).click();
    await page.getByTestId('held-in-tp1').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('held-in-tp1').textContent()).toContain('The module is back in download mode: TP1 is still held');
    expect(await page.getByTestId('module-state').getAttribute('data-state')).toBe('held-in-tp1');
    // the stepper marks TP1 done: it was used
    expect(await page.locator('[data-step="tp1"]').getAttribute('class')).toContain('done');
    await screenshot(page, 'flows-rescue-held-in-tp1');
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.holdTp1(false);
      b.powerCycle();
    });
    await waitStatus(page, 'done', 90_000);
    expect(await page.getByTestId('flow-verified').textContent()).toContain('00.08.24.02');
    await screenshot(page, 'flows-rescue-tp1-done');
    // the session log keeps the bus timeline of the rescue (the flow's journal note, drawn in the session view)
    await page.evaluate(() => (location.hash = '#/sessions'));
    await page.getByTestId('session-row').first().waitFor({ timeout: 15_000 });
    let found = false;
    for (let i = 0; i < Math.min(3, await page.getByTestId('session-row').count()) && !found; i++) {
      await page.getByTestId('session-row').nth(i).getByRole('button', { name: /^Open the session/ }).click();
      await page.getByTestId('session-view').waitFor();
      found = await page.getByTestId('session-bus').waitFor({ timeout: 3_000 }).then(() => true, () => false);
      if (!found) await page.getByRole('button', { name: /Back/ }).first().click();
    }
    expect(found).toBe(true);
    expect(await page.getByTestId('session-bus').textContent()).toMatch(/Download-mode device: seen \d+ times?/);
    await page.getByTestId('session-bus').scrollIntoViewIfNeeded();
    await screenshot(page, 'flows-rescue-session-bus');
    await closeApp(app);
  }, 240_000);

  it('a second tab cannot start a flow on the module another tab works on, and says which tab holds it', async () => {
    const app = await openApp(browser, { query: 'sim=boot-loop' });
    const { page, context } = app;
    await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
    await page.getByRole('button', { name: 'Start the rescue' }).click();
    await page.locator('[data-prompt="pick-loop-port"]').waitFor();
    const second = await context.newPage();
    await second.goto(page.url());
    await second.getByTestId('flow-card-rescue').waitFor();
    await second.getByRole('button', { name: 'Start the rescue' }).click();
    await second.getByTestId('flow-blocked').waitFor();
    expect(await second.getByTestId('flow-blocked').textContent()).toContain('Another Boothold tab is using this modem (rescue — Boothold)');
    expect(await second.getByTestId('flow-wizard').count()).toBe(0);
    await screenshot(second, 'flows-second-tab-blocked');
    await second.close();
    await closeApp(app);
  });

  it('Connect on a boot-looping module names the boot loop and offers the rescue, which shows the bus timeline', async () => {
    const app = await openApp(browser, { query: 'sim=boot-loop&simSpeed=4' });
    const { page } = app;
    await page.waitForFunction(() => window.__bootholdBench !== undefined);
    // click while the port is up (a fraction of a second at this pace): the chooser lists it only then
    await page.evaluate(async () => {
      const up = () => window.__bootholdBench!.snapshots().some((s) => s.mode === 'boot-loop' && s.usb !== null);
      while (up()) await new Promise((r) => setTimeout(r, 10));
      while (!up()) await new Promise((r) => setTimeout(r, 10));
      [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Connect modem')!.click();
    });
    // it comes and goes: first "appeared and vanished", then, at the next short appearance, a boot loop
    await page.locator('[data-testid="module-notice"][data-kind="loop"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('module-notice').textContent()).toContain('This looks like a boot loop');
    expect(await page.getByTestId('connection-problem').count()).toBe(0);
    await screenshot(page, 'watch-boot-loop-named');
    await page.getByRole('button', { name: 'Rescue this modem' }).click();
    await page.locator('[data-testid="flow-wizard"][data-kind="rescue"]').waitFor();
    // the port is granted already: no chooser, the rescue watches and shows what the bus did
    await expect.poll(() => page.getByTestId('loop-live').textContent(), { timeout: 30_000 }).toMatch(/Seen [2-9] times in 60 s, up for about \d\.\d s each/);
    const caption = await page.locator('[data-testid="flow-wizard"] [data-testid="bus-timeline"] figcaption').textContent();
    expect(caption).toMatch(/Application port: seen \d+ times, up about \d\.\d s each time/);
    expect(await page.locator('[data-testid="flow-wizard"] [data-testid="bus-timeline"] rect.bar.app').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'flows-rescue-timeline-1280');
    // the notice read, the rescue under way: no "nothing answered AT" comes back
    expect(await page.getByTestId('connection-problem').count()).toBe(0);
    expect(await page.getByTestId('module-notice').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('bus-timeline').first().scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'flows-rescue-timeline-390');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 90_000);
});
