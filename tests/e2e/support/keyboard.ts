/**
 * Keyboard-only driving for e2e tests: what has focus (as a screen reader would name it) and
 * Tab until the wanted control has it. Names come from Chromium's own accessibility tree
 * (CDP Accessibility domain), not from a re-implementation of accname.
 *
 *   await tabTo(page, /^Start the update$/);   // presses Tab until that control has focus
 *   await page.keyboard.press('Enter');
 *   expect(await focusedName(page)).toMatch(/Done/);
 */
import type { CDPSession, FileChooser, Page } from 'playwright-core';

export interface TabToOptions {
  /** Give up after this many key presses (default 40). */
  readonly max?: number;
  /** Shift+Tab instead of Tab. */
  readonly backward?: boolean;
}

interface Focused {
  /** `<body>` when nothing (or the document) has focus. */
  readonly role: string;
  readonly name: string;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

async function focused(page: Page): Promise<Focused> {
  const session = await cdp(page);
  const { result } = (await session.send('Runtime.evaluate', {
    expression: 'document.activeElement && document.activeElement !== document.body ? document.activeElement : null',
  })) as { result: { objectId?: string } };
  if (!result.objectId) return { role: '<body>', name: '' };
  try {
    const { nodes } = (await session.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false })) as {
      nodes: { role?: { value?: string }; name?: { value?: string } }[];
    };
    const node = nodes[0];
    return { role: String(node?.role?.value ?? '?'), name: String(node?.name?.value ?? '').trim() };
  } finally {
    await session.send('Runtime.releaseObject', { objectId: result.objectId }).catch(() => undefined);
  }
}

/** The accessible name of the focused element; '' when focus is on <body> (lost). */
export async function focusedName(page: Page): Promise<string> {
  return (await focused(page)).name;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's accessible name matches `name`;
 * returns that name. Does not press at all when the focused element already matches. Fails
 * listing every element focus passed through, so a broken tab order reads off the message.
 */
export async function tabTo(page: Page, name: RegExp, opts: TabToOptions = {}): Promise<string> {
  const max = opts.max ?? 40;
  const key = opts.backward ? 'Shift+Tab' : 'Tab';
  const seen: string[] = [];
  let f = await focused(page);
  for (let i = 0; ; i++) {
    if (f.role !== '<body>' && name.test(f.name)) return f.name;
    seen.push(f.role === '<body>' ? '<body>' : `${f.role} "${f.name}"`);
    if (i >= max) break;
    await page.keyboard.press(key);
    f = await focused(page);
  }
  throw new Error(`${key} ×${max} never focused ${name}; focus went: ${seen.join(' → ')}`);
}

const intercepting = new WeakSet<Page>();

/**
 * Presses `key` on the focused control and returns the file chooser it opens. Playwright turns
 * chooser interception on when the first 'filechooser' listener is added and off when the last
 * goes, asynchronously both ways: a key press right after a one-off listener can beat it, and
 * the chooser then opens natively (nothing, headless). One listener kept for the page's life
 * keeps interception on, so every press is seen.
 */
export async function openChooserWithKey(page: Page, key: 'Enter' | 'Space' = 'Enter', timeout = 10_000): Promise<FileChooser> {
  if (!intercepting.has(page)) {
    intercepting.add(page);
    page.on('filechooser', () => undefined);
    // a round trip to the page: the interception request is processed before the key press
    await page.evaluate(() => undefined);
  }
  const chooser = page.waitForEvent('filechooser', { timeout });
  await page.keyboard.press(key);
  return chooser;
}
