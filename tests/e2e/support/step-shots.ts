/**
 * Screenshots of one resting state (a prompt, a result) at 1280 and 390 px in English and French
 * without replaying the path: 1280 EN, resize to 390, 390 EN, switch to French, 390 FR, back to
 * 1280, 1280 FR, then English again. The language is switched through the header's select by the
 * harness (a DOM change event, not a user action: it is not counted), so the shots show what a
 * French user would see in the same state. Files: `<prefix>-<step>-<width>-<lang>.png`.
 */
import type { Page } from 'playwright-core';
import { screenshot } from './browser.ts';

export const SHOT_WIDTHS = [1280, 390] as const;
const HEIGHTS: Record<number, number> = { 1280: 860, 390: 844 };

/** Sets the app's language as the header's select does; false when the page has no such select. */
export async function setLanguage(page: Page, lang: 'en' | 'fr'): Promise<boolean> {
  const ok = await page.evaluate((l) => {
    const select = [...document.querySelectorAll<HTMLSelectElement>('header select')].find((s) => [...s.options].some((o) => o.value === l));
    if (!select) return false;
    if (select.value !== l) {
      select.value = l;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return true;
  }, lang);
  if (ok) await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang, { timeout: 5_000 }).catch(() => undefined);
  return ok;
}

/** The four shots of a step; returns the files written (look at them). */
export async function stepShots(page: Page, step: string, prefix = 'seed'): Promise<string[]> {
  const files: string[] = [];
  const shoot = async (width: number, lang: 'en' | 'fr') => {
    // let the re-render (and any layout change) land before the picture
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    files.push(await screenshot(page, `${prefix}-${step}-${width}-${lang}`));
  };
  await shoot(1280, 'en');
  await page.setViewportSize({ width: 390, height: HEIGHTS[390]! });
  await shoot(390, 'en');
  const french = await setLanguage(page, 'fr');
  if (french) await shoot(390, 'fr');
  await page.setViewportSize({ width: 1280, height: HEIGHTS[1280]! });
  if (french) {
    await shoot(1280, 'fr');
    await setLanguage(page, 'en');
  }
  return files;
}
