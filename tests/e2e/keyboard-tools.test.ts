/**
 * The non-wizard tools with the keyboard alone: Tab / Shift+Tab / Enter / Space / typing, no
 * mouse, no locator.click(), no element.focus(). Diagnosis (connect, check, fix from a finding
 * card through its confirmation dialog, reconnect, re-check; paste analysis; error decoder),
 * Images (open through the file chooser, verdict, keep, search, delete), Flash (pick an image,
 * choose the download device, flash to done) and Sessions (import, open, export, delete).
 * After every step the focus must sit on something sensible (never dropped to <body>), and the
 * progress and results must be in an aria-live region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { moduleStateMoves } from './support/bench-wait.ts';
import { focusedName, openChooserWithKey, tabTo } from './support/keyboard.ts';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { LIBQMI_TP1_UNSUPPORTED } from '../../src/session/analysis/logs.fixture.ts';
import { exportJson } from '../../src/session/logs/export-json.ts';
import { sampleJournal } from '../../src/session/logs/sample-journal.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (outsideGaps.length) console.warn(`Focus dropped to <body> outside these tools (known, reported): ${outsideGaps.join('; ')}`);
});

// ---- keyboard helpers (tabTo and focusedName are shared: ./support/keyboard.ts) ----

/** What has the focus, for messages and for "not lost" checks. */
async function focused(page: Page): Promise<{ tag: string; name: string; body: boolean }> {
  const tag = await page.evaluate(() => {
    const el = document.activeElement;
    return !el || el === document.body ? 'body' : el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : '');
  });
  return { tag, name: await focusedName(page), body: tag === 'body' };
}

/**
 * Focus losses caused by files these tools do not own, reported to their owners: ImagesPage.svelte
 * replaces "Keep in the library" by its confirmation. Flip to false once it keeps the focus: the
 * step is then held to the same rule as the rest.
 */
const OUTSIDE_DROPS_FOCUS = false;
const outsideGaps: string[] = [];

/** Like tabTo, for a button whose name a link or a heading shares ("Check my modem"). */
async function tabToControl(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await tabTo(page, name);
    if (await page.evaluate(() => document.activeElement?.tagName === 'BUTTON')) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab reached no button named ${name}`);
}

/** The focus sits on an element of the page, not on <body>, and its name matches when given. */
async function expectFocus(page: Page, step: string, name?: RegExp, owner: 'tool' | 'outside' = 'tool'): Promise<void> {
  // The page moves the focus once its state settles (after the write check, say); on a loaded
  // machine that can be a few frames after the announcement, so wait for it, up to 5 s.
  let f = await focused(page);
  for (const until = Date.now() + 5_000; (f.body || (name && !name.test(f.name))) && Date.now() < until; f = await focused(page)) {
    await page.waitForTimeout(50);
  }
  if (f.body && owner === 'outside' && OUTSIDE_DROPS_FOCUS) {
    outsideGaps.push(step);
    return;
  }
  expect(f.body, `${step}: focus was lost to <body>`).toBe(false);
  if (name) expect(f.name, `${step}: focus on ${f.tag}`).toMatch(name);
}

/** Text of every live region (aria-live, role=status/alert/log) on the page. */
async function announced(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]')]
      .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
      .join(' | '),
  );
}

async function expectAnnounced(page: Page, text: RegExp, timeout = 20_000): Promise<void> {
  await expect.poll(() => announced(page), { timeout }).toMatch(text);
}

async function atReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
}

async function connectByKeyboard(page: Page): Promise<void> {
  await tabTo(page, /^Connect modem$/, { backward: true });
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 20_000 });
  await expectAnnounced(page, /Connected to RC7620-1/);
}

/** Presses Enter on the focused control and answers the file chooser it opens. */
async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, key = 'Enter'): Promise<void> {
  const f = await focused(page);
  const chooser = await openChooserWithKey(page, key as 'Enter' | 'Space').catch((e: unknown) => Promise.reject(new Error(`${key} on ${f.tag} "${f.name}" opened no file chooser: ${String(e)}`)));
  await chooser.setFiles(file);
}

const GOLDEN = buildCwe(goldenTestImageSpec());
const spk = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
const CORRUPT = (() => {
  const b = GOLDEN.slice();
  b[2164 + 400 + 7] = 0; // inside DSP2
  return b;
})();

// ---- tests ----

describe('keyboard alone: the tools', () => {
  it('diagnosis: connect, check, fix from the card through its dialog, reconnect, re-check; paste analysis; error decoder', async () => {
    const app = await openApp(browser, { query: 'sim=seed&simSpeed=5', section: 'diagnosis' });
    const { page } = app;
    await atReady(page);
    await page.getByTestId('check-modem').waitFor();
    await connectByKeyboard(page);
    // The check is redrawn for the new session; focus never stays on <body>.
    await expectFocus(page, 'after connecting');

    // Check until the module camps on Orange and the carrier mismatch shows.
    await tabToControl(page, /^Check my modem$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('check-modem');
    for (let i = 0; ; i++) {
      await page.keyboard.press('Enter');
      await expectAnnounced(page, /Asking|\d+\s*\/\s*\d+/, 10_000).catch(() => undefined);
      await page.getByTestId('snapshot-card').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('check-modem').isEnabled(), { timeout: 20_000 }).toBe(true);
      await expectFocus(page, 'after a check', /^(Check again|Check my modem)$/);
      if (await page.locator('[data-finding="carrier-mismatch"] [data-action="set-impref-generic"]').count()) break;
      expect(i, 'the carrier mismatch never showed').toBeLessThan(30);
      // the finding needs the module registered on the SIM's network: check again once it moved
      await moduleStateMoves(page, ['sim', 'registration', 'operator'], 1000);
    }
    await screenshot(page, 'keyboard-diagnosis-findings');

    // The fix from the finding card: its button, then the confirmation dialog.
    await tabTo(page, /GENERIC/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('set-impref-generic');
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await expectFocus(page, 'dialog opened');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    await screenshot(page, 'keyboard-diagnosis-dialog');
    // Escape closes it and gives the focus back to the fix button.
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => undefined);
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    await expectFocus(page, 'dialog dismissed', /GENERIC/);
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await tabTo(page, /^Yes, send them$/, { max: 5 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'dialog confirmed');
    // The module resets: the connection drops, and that is announced.
    await page.waitForSelector('[data-testid="connection-status"]:not([data-state="connected"])', { timeout: 30_000 });
    // The check is redrawn without a session: the focus goes to its heading, and what to do next is said.
    await expectFocus(page, 'connection dropped', /^Check my modem$/);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await expectAnnounced(page, /The module is restarting; reconnect when it is back/);
    await screenshot(page, 'keyboard-diagnosis-reset');

    await atReady(page);
    await connectByKeyboard(page);
    await tabToControl(page, /^(Check my modem|Check again)$/);
    for (let i = 0; ; i++) {
      await page.keyboard.press('Enter');
      await page.getByTestId('snapshot-card').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('check-modem').isEnabled(), { timeout: 20_000 }).toBe(true);
      const ids = await page.locator('[data-testid="findings"] [data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
      if (!ids.includes('carrier-mismatch') && !ids.includes('data-call-failed')) break;
      expect(i, `still ${ids.join(', ')}`).toBeLessThan(40);
      await moduleStateMoves(page, ['carrier', 'preferredCarrier', 'registration', 'operator', 'dataActive'], 1500);
    }
    expect(await page.getByTestId('snapshot-card').textContent()).toContain('GENERIC');
    await screenshot(page, 'keyboard-diagnosis-rechecked');

    // Paste analysis: type into the text area, Tab to Analyse, Enter.
    await tabTo(page, /^Transcript or log$/);
    await page.keyboard.insertText(LIBQMI_TP1_UNSUPPORTED);
    await tabTo(page, /^Analyse$/, { max: 3 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('paste-kind').getAttribute('data-kind')).toBe('log');
    await expectAnnounced(page, /log/i);
    await expectFocus(page, 'after analysing', /^Analyse$/);

    // Error decoder: type, the count is announced.
    await tabTo(page, /^Error code or message$/);
    await page.keyboard.type('+CME ERROR: 30');
    await expect.poll(() => page.getByTestId('decoder-results').textContent()).toContain('No network service');
    await expectAnnounced(page, /result/i);
    await screenshot(page, 'keyboard-diagnosis-decoder');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 120_000);

  it('images: open a file through the chooser, read the verdict, keep it, find it in the library, delete it', async () => {
    const app = await openApp(browser, { section: 'images' });
    const { page } = app;
    await page.getByTestId('image-drop').waitFor();

    // A corrupt file first: refused, said in a live region.
    await tabTo(page, /^Choose a file…$/);
    await chooseFile(page, spk('corrupt.spk', CORRUPT));
    await page.getByTestId('image-verdict').waitFor({ timeout: 30_000 });
    await expectAnnounced(page, /Refused: The DSP2 image at offset 0x874 is corrupt/);
    await expectFocus(page, 'after the chooser', /^Choose a file…$/);
    await keep(page);

    // Then a good one (Space opens the chooser too).
    await tabTo(page, /^Choose a file…$/, { backward: true });
    await chooseFile(page, spk('RC76xx_Release9_GENERIC_GCF_7620.spk', GOLDEN), 'Space');
    await page.getByTestId('image-verdict').and(page.locator('[data-verdict="ok"]')).waitFor({ timeout: 30_000 });
    await expectAnnounced(page, /✓?\s*RC76xx Release 9 GENERIC/);
    // The verdict is said in words, not only by its colour.
    expect(await page.getByTestId('image-verdict').innerText()).toMatch(/all \d+ CRCs good/);
    await keep(page);
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(2);
    await screenshot(page, 'keyboard-images-kept');

    // Library search: type, the count is announced.
    await tabTo(page, /^Search by version, carrier, product or name$/);
    await page.keyboard.type('corrupt');
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(1);
    await expectAnnounced(page, /1 image\(s\) shown/);
    // Inspect it from the library, then delete it.
    await tabTo(page, /^Inspect corrupt\.spk$/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="image-report"] h2').filter({ hasText: 'corrupt.spk' }).waitFor({ timeout: 30_000 });
    await expectFocus(page, 'after inspecting from the library', /^Inspect corrupt\.spk$/);
    await tabTo(page, /^Delete corrupt\.spk$/, { max: 3 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(0);
    await expectAnnounced(page, /corrupt\.spk deleted from the library/);
    await expectFocus(page, 'after deleting the only match', /^Search by version/);
    // Clear the search: the other image is still there; delete it too, from its own row.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(1);
    await tabTo(page, /^Delete RC76xx_Release9/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(0);
    await expectFocus(page, 'after deleting the last entry', /^Search by version/);
    await screenshot(page, 'keyboard-images-deleted');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('flash: pick an image, choose the download device, flash to done', async () => {
    const app = await openApp(browser, { query: 'sim=tp1-download', section: 'flash' });
    const { page } = app;
    await page.getByTestId('flash-page').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });

    // The USB link at 1 MB/s: the write lasts long enough to look at the focus while it runs.
    await page.evaluate(() => window.__bootholdBench!.setFault({ kind: 'slow', bytesPerSecond: 1_000_000 }));
    await tabTo(page, /^Choose a file…$/);
    await chooseFile(page, spk('RC76xx_Release9_GENERIC_GCF_7620.spk', buildCwe(goldenTestImageSpec({ dsp2Size: 3_000_000 }))));
    await page.locator('[data-testid="flash-image"][data-writable="true"]').waitFor({ timeout: 20_000 });
    await expectAnnounced(page, /RC76xx Release 9 GENERIC firmware/);
    await expectFocus(page, 'after choosing the image', /^Choose a file…$/);

    // The download device, through the browser's chooser (the virtual bench answers it).
    await page.evaluate(() => (window.__bootholdBench!.picker.next = 'auto'));
    await tabTo(page, /^Over USB \(WebUSB\)$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('flash-start').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.__bootholdBench!.picker.history.length)).toBe(1);
    await expectAnnounced(page, /Connected: .*1199:68C0/);
    await expectFocus(page, 'device chosen', /^Start flashing$/);
    await screenshot(page, 'keyboard-flash-ready');

    await page.keyboard.press('Enter');
    await page.locator('[data-testid="flash-panel"][data-screen="running"]').waitFor({ timeout: 15_000 });
    await expectFocus(page, 'flashing', /^Stop the write$/);
    // The job screen's one Stop: once writing it asks first; the question takes the focus on the safe answer, and gives it back.
    await page.locator('[data-testid="flash-phase"][data-phase="write"]').waitFor({ timeout: 30_000 });
    await expectAnnounced(page, /Writing/);
    await expectFocus(page, 'writing', /^Stop the write$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('flash-confirm-stop').waitFor();
    await expectFocus(page, 'asked to confirm stopping', /^Keep flashing$/);
    await screenshot(page, 'keyboard-flash-confirm');
    // the job screen on a phone, mid-write (what the viewport shows)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/keyboard-flash-job-390.png' });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.keyboard.press('Enter');
    await page.getByTestId('job-stop').waitFor();
    await expectFocus(page, 'kept flashing', /^Stop the write$/);
    await expectAnnounced(page, /Detecting the download protocol|Greeting the module|Setting up the transfer|Writing|Module is checking|Restarting/);
    await page.locator('[data-testid="flash-panel"][data-screen="done"]').waitFor({ timeout: 60_000 });
    await expectAnnounced(page, /Firmware written/);
    await expectFocus(page, 'done', /^Firmware written$/);
    await screenshot(page, 'keyboard-flash-done');
    // The next thing to do is one Tab away.
    await tabTo(page, /^Flash another module$/, { max: 2 });
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('sessions: import through the chooser, open, export, delete (from the view and from the list)', async () => {
    const app = await openApp(browser, { section: 'sessions' });
    const { page } = app;
    await page.getByTestId('sessions-page').waitFor();
    const file = (id: string, day: number) => ({
      name: `boothold-session-${id}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(exportJson(sampleJournal(id, Date.UTC(2026, 10, day, 9)), { appVersion: '0.1.0' })),
    });

    // Import two sessions; each opens with the focus on its heading, Back returns to the list's.
    for (const [id, day] of [['kb-1', 20], ['kb-2', 21]] as const) {
      await tabTo(page, /^Choose a file$/);
      await chooseFile(page, file(id, day));
      await page.getByTestId('session-view').waitFor();
      await expect.poll(() => focusedName(page)).toMatch(/^Session of /);
      await tabTo(page, /^← Back to the list$/, { backward: true, max: 3 });
      await page.keyboard.press('Enter');
      await page.getByTestId('sessions-page').waitFor();
      await expectFocus(page, 'back to the list', /^Sessions$/);
    }
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);

    // Open the older one from the list.
    await tabTo(page, /^Open the session of Nov 20/);
    await page.keyboard.press('Enter');
    await page.getByTestId('session-view').waitFor();
    await expect.poll(() => focusedName(page)).toMatch(/^Session of Nov 20/);

    // Export it.
    await tabTo(page, /^Download JSON$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json).toMatchObject({ schema: 'boothold.session-log', redacted: true });
    expect(json.session.id).toBe('kb-1');
    await expectFocus(page, 'after the download', /^Download JSON$/);

    // Delete from the view: the question takes the focus, "Back" gives it back to Delete.
    await tabTo(page, /^Delete$/);
    await page.keyboard.press('Enter');
    await expectFocus(page, 'asked to confirm the deletion', /^Delete$/);
    expect(await page.evaluate(() => {
      const g = document.activeElement!;
      return `${g.getAttribute('role')}: ${document.getElementById(g.getAttribute('aria-describedby') ?? '')?.textContent}`;
    })).toBe('group: Delete this session? This cannot be undone.');
    await screenshot(page, 'keyboard-sessions-confirm');
    await tabTo(page, /^Cancel$/, { max: 3 });
    await page.keyboard.press('Enter');
    await expectFocus(page, 'deletion not confirmed', /^Delete$/);
    await page.keyboard.press('Enter');
    // The question (a group named "Delete") has the focus; its Delete button is the next Tab stop.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('danger');
    await expectFocus(page, 'on the confirming Delete', /^Delete$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('sessions-page').waitFor();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    await expectFocus(page, 'deleted from the view', /^Sessions$/);
    await expectAnnounced(page, /Session deleted\./);

    // Delete the other from its row.
    await tabTo(page, /^Delete the session of Nov 21/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(0);
    await expectFocus(page, 'deleted from the list', /^Sessions$/);
    await expectAnnounced(page, /Session deleted\./);
    await screenshot(page, 'keyboard-sessions-empty');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});

/** Tabs to "Keep in the library" once the hash is known, presses Enter, waits for the answer. */
async function keep(page: Page): Promise<void> {
  await page.getByTestId('image-save').and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
  await tabTo(page, /^Keep in the library$/);
  await page.keyboard.press('Enter');
  await page.getByTestId('image-saved').waitFor();
  await expectAnnounced(page, /Kept in the library|kept/i);
  // src/ui/images/ImagesPage.svelte replaces the button by the message (the lead's file): reported.
  await expectFocus(page, 'after keeping an image', undefined, 'outside');
}
