/**
 * Every click answers. One page load (virtual healthy modem, connected): each section is visited
 * and every enabled, visible button that is neither destructive, nor a write or flash starter,
 * nor a file chooser is clicked once; the click must produce a visible change — text changed, a
 * dialog, status or alert appeared, an ARIA state flipped, focus moved to another element, or the
 * page navigated. A silent button fails the test with its section and name.
 *
 * Skipped on purpose (SKIP): Disconnect and the virtual-modem toggle (they end the session the
 * audit runs in), resets and other writes to the module, anything that starts a write, flash,
 * update, rescue or batch (their own e2e files follow them), and file choosers (they open a
 * native dialog the virtual device cannot answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp } from './support/browser.ts';
import { SECTION_IDS } from './support/sections.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Names (accessible name, case-insensitive) the audit does not click, each with why. */
const SKIP: readonly (readonly [RegExp, string])[] = [
  [/^disconnect\b/i, 'ends the session the audit runs in'],
  [/virtual modem/i, 'starts or leaves the virtual bench the audit runs on'],
  [/\breset\b|\breboot\b|power/i, 'restarts the module'],
  [/^(fix|run fix)\b|^fix:/i, 'writes a setting to the module'],
  [/^start\b|^write\b|^flash\b|^update\b|^switch carrier|^rescue\b|^reflash|^send\b|^apply\b|^install\b/i, 'starts a write (followed by its own e2e file)'],
  [/^choose (a |an |the )?(file|image|package|log)|^browse|^open a file|^import/i, 'opens a native file chooser'],
  [/^(remove|delete|clear|forget)\b/i, 'destructive'],
];

interface Candidate {
  readonly key: string;
  readonly name: string;
}

/** The buttons of the page the audit may click, in document order, each with a stable key. */
async function candidates(page: Page): Promise<Candidate[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    const out: { key: string; name: string }[] = [];
    for (const b of document.querySelectorAll<HTMLButtonElement>('button:not([data-audited])')) {
      const r = b.getBoundingClientRect();
      const visible = r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden';
      if (!visible || b.disabled || b.getAttribute('aria-disabled') === 'true' || b.closest('[inert]')) continue;
      if (b.type === 'submit' && b.form && !b.form.checkValidity()) continue;
      const name = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      out.push({ key: `${name}#${n}`, name });
    }
    return out;
  });
}

/** What the page shows, to compare before and after a click. */
interface Signature {
  readonly text: string;
  readonly hash: string;
  readonly focus: string;
  readonly mutations: number;
  readonly dialogs: number;
}

async function installMutationCounter(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __mutations: number };
    w.__mutations = 0;
    new MutationObserver((list) => {
      for (const m of list) {
        // a visible change: content, or a state attribute (open, hidden, aria-*, class, value)
        if (m.type !== 'attributes' || /^(open|hidden|class|value|aria-|data-state|data-status)/.test(m.attributeName ?? '')) w.__mutations++;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

async function signature(page: Page): Promise<Signature> {
  return page.evaluate(() => {
    const a = document.activeElement;
    // the clicked button taking focus is the click itself, not an answer
    const target = (window as unknown as { __auditTarget?: Element }).__auditTarget;
    const focus = !a || a === document.body ? 'body' : a === target ? 'target' : `${a.tagName}|${a.id}|${a.getAttribute('data-testid') ?? ''}|${(a.textContent ?? '').slice(0, 40)}`;
    return {
      // textContent, not innerText: no layout pass on a page holding a long log (the session view)
      text: [...document.querySelectorAll('body > *')].map((e) => e.textContent ?? '').join('\n'),
      hash: location.hash,
      focus,
      mutations: (window as unknown as { __mutations: number }).__mutations,
      dialogs: document.querySelectorAll('dialog[open], [role="dialog"]:not([hidden]), [role="alertdialog"]').length,
    };
  });
}

/** Marks the button with this key (the n-th visible button of that name): 'gone' when it is not there any more. */
async function markKey(page: Page, c: Candidate): Promise<'gone' | null> {
  const index = Number(c.key.slice(c.key.lastIndexOf('#') + 1));
  const clicked = await page.evaluate(
    ({ name, index }) => {
      let n = 0;
      for (const b of document.querySelectorAll<HTMLButtonElement>('button:not([data-audited])')) {
        const r = b.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || b.disabled || b.getAttribute('aria-disabled') === 'true') continue;
        const bn = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (bn !== name) continue;
        if (n++ !== index) continue;
        b.setAttribute('data-audit-target', '1');
        // each button is clicked once, even when its label changes (Copy → Copied)
        b.setAttribute('data-audited', '1');
        (window as unknown as { __auditTarget?: Element }).__auditTarget = b;
        return true;
      }
      return false;
    },
    { name: c.name, index },
  );
  if (!clicked) return 'gone';
  return null;
}

/** Clicks the button `markKey` marked. */
async function clickMarked(page: Page): Promise<string | null> {
  const target = page.locator('[data-audit-target="1"]');
  try {
    await target.click({ timeout: 2_000 });
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? 'click failed';
  } finally {
    // the click may have removed the button: clear the mark without waiting for it
    await page.evaluate(() => document.querySelector('[data-audit-target]')?.removeAttribute('data-audit-target'));
  }
}

/** Lines shown after the click that were on the page neither before it nor while it sat idle (numbers masked: a ticking clock is not new). */
function newLines(before: string, after: string, idle: string): string[] {
  const mask = (t: string) => new Set(t.split('\n').map((l) => l.replace(/\d+/g, '#').trim()).filter(Boolean));
  const known = new Set([...mask(before), ...mask(idle)]);
  return [...mask(after)].filter((l) => !known.has(l));
}

describe('click audit', () => {
  it('every enabled, harmless button on every section answers its click with a visible change', async () => {
    const app = await openApp(browser, { query: 'sim=healthy' });
    const { page } = app;
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Connect modem' }).first().click();
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
    await installMutationCounter(page);
    const silent: string[] = [];
    const unclickable: string[] = [];
    const clickedNames: string[] = [];
    const skipped = new Set<string>();
    const started = Date.now();
    const mark = (what: string) => process.stderr.write(`[click-audit] +${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);
    for (const id of SECTION_IDS) {
      mark(`section ${id}`);
      await page.evaluate((s) => (location.hash = `#/${s}`), id);
      await page.waitForFunction((s) => location.hash === `#/${s}` && document.querySelector('main h2, main h1') !== null, id, { timeout: 10_000 });
      await page.waitForTimeout(300);
      const done = new Set<string>();
      for (let round = 0; round < 4; round++) {
        // buttons a click revealed (a report's Copy, a result's Close) come in the next round, once the page settled
        if (round > 0) await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], progress'), null, { timeout: 10_000 }).catch(() => undefined);
        const list = (await candidates(page)).filter((c) => !done.has(c.key));
        mark(`${id} round ${round}: ${list.length} buttons`);
        if (!list.length) break;
        for (const c of list) {
          done.add(c.key);
          const skip = SKIP.find(([re]) => re.test(c.name));
          if (skip || !c.name) {
            skipped.add(`${id}: ${c.name || '(no name)'} — ${skip?.[1] ?? 'no accessible name'}`);
            continue;
          }
          if ((await markKey(page, c)) === 'gone') continue;
          // what changes on its own (a live gauge, a clock) is not an answer: watch the page idle first
          const idle0 = await signature(page);
          await page.waitForTimeout(150);
          const before = await signature(page);
          const noisy = before.mutations > idle0.mutations || before.text !== idle0.text;
          const failed = await clickMarked(page);
          if (failed) {
            unclickable.push(`${id}: “${c.name}”: ${failed}`);
            process.stderr.write(`[click-audit] ${id}: ${c.name} → NOT CLICKABLE ${failed}\n`);
            continue;
          }
          const answeredNow = (after: Signature) =>
            after.hash !== before.hash ||
            after.dialogs !== before.dialogs ||
            (after.focus !== before.focus && after.focus !== 'target' && after.focus !== 'body') ||
            (!noisy && (after.text !== before.text || after.mutations > before.mutations)) ||
            (noisy && newLines(before.text, after.text, idle0.text).length > 0);
          // an answer may take a moment (a command to the virtual modem): up to 1.5 s
          let after = before;
          const t0 = Date.now();
          do {
            await page.waitForTimeout(100);
            after = await signature(page);
          } while (!answeredNow(after) && Date.now() - t0 < 1_200);
          const answered = answeredNow(after);
          clickedNames.push(`${id}: ${c.name}`);
          if (!answered) silent.push(`${id}: “${c.name}”`);
          process.stderr.write(`[click-audit] ${id}: ${c.name} → ${answered ? 'answered' : 'SILENT'} (${Date.now() - t0} ms${noisy ? ', page noisy' : ''})\n`);
          // put the page back: close a dialog, return to the section
          if (after.dialogs > 0) await page.keyboard.press('Escape');
          if ((await page.evaluate(() => location.hash)) !== `#/${id}`) {
            await page.evaluate((s) => (location.hash = `#/${s}`), id);
            await page.waitForTimeout(200);
          }
        }
      }
    }
    console.info(`[click-audit] clicked ${clickedNames.length} buttons:\n${clickedNames.join('\n')}\nskipped:\n${[...skipped].join('\n')}`);
    expect(clickedNames.length).toBeGreaterThan(10);
    expect(unclickable, 'buttons a user cannot click (covered, detached)').toEqual([]);
    expect(silent, 'buttons that did nothing visible').toEqual([]);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 180_000);
});
