/**
 * Waiting on the virtual modem instead of the clock: e2e loops that re-check something the
 * module changes (a device appearing in download mode, a registration) wait for the bench's
 * next event or for a state to move, bounded by the delay they used to sleep. The loop goes
 * round as soon as the module moved, and never waits longer than before.
 */
import type { Page } from 'playwright-core';
import type { VirtualModemState } from '../../../src/sim/virtual-modem.ts';

/** Resolves on the bench's next `attach` or `detach` (a module enumerating or leaving), or after `maxMs`. */
export async function nextAttachOrDetach(page: Page, maxMs: number): Promise<void> {
  await page.evaluate(
    (max) =>
      new Promise<void>((resolve) => {
        const bench = window.__bootholdBench;
        const offs: (() => void)[] = [];
        const done = () => {
          for (const off of offs) off();
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, max);
        if (bench) offs.push(bench.events.on('attach', done), bench.events.on('detach', done));
      }),
    maxMs,
  );
}

type Field = keyof VirtualModemState;

/** Resolves once any of `fields` of the (first) module differs from now, or after `maxMs`. */
export async function moduleStateMoves(page: Page, fields: readonly Field[], maxMs: number): Promise<void> {
  const before = await page.evaluate((fs) => {
    const s = window.__bootholdBench?.snapshot() as unknown as Record<string, unknown> | undefined;
    return JSON.stringify(fs.map((f) => s?.[f] ?? null));
  }, fields as string[]);
  await page
    .waitForFunction(
      ([fs, was]) => {
        const s = window.__bootholdBench?.snapshot() as unknown as Record<string, unknown> | undefined;
        return JSON.stringify((fs as string[]).map((f) => s?.[f] ?? null)) !== was;
      },
      [fields as string[], before] as const,
      { timeout: maxMs, polling: 50 },
    )
    .catch(() => undefined);
}
