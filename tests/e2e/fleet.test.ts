/**
 * Several modems in the built app: three virtual RC7620s on one bench (same VID:PID), each
 * connected through the chooser, one card per IMEI; then a batch update of all three with a
 * generated CWE image, the second module carrying a download fault: 2 updated, 1 failed with
 * a named error, and the CSV/JSON exports carry those rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { nextAttachOrDetach } from './support/bench-wait.ts';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../src/codec/cwe/images.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const IMAGE = {
  name: 'RC76xx_Release9_GENERIC_GCF_7620.spk',
  bytes: buildCwe(rc76PackageSpec({ firmware: '00.08.24.02', carrier: 'GENERIC', modemSize: 200_000 })),
  fw: '00.08.24.02',
};

/** The chooser picks this bench modem's AT port, then the connect button is pressed. */
async function connectBenchModem(page: Page, modemId: string, button: string): Promise<void> {
  await page.evaluate((id) => {
    window.__bootholdBench!.picker.next = (c) => c.findIndex((x) => x.modemId === id && x.function === 'at');
  }, modemId);
  await page.getByRole('button', { name: button }).first().click();
}

async function imeis(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__bootholdBench!.modems.map((m) => m.identity.imei));
}

describe('several modems', () => {
  it('three modules: three cards keyed by IMEI, a batch update with one failure, CSV and JSON summaries', async () => {
    const app = await openApp(browser, { query: 'sim=healthy&simSpeed=4' });
    const { page } = app;
    await page.waitForFunction(() => !!window.__bootholdBench, null, { timeout: 15_000 });
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.addModem('healthy');
      b.addModem('seed');
    });
    await page.waitForFunction(() => window.__bootholdBench!.snapshots().every((s) => s.atReady), null, { timeout: 60_000 });

    await connectBenchModem(page, 'modem-1', 'Connect modem');
    await expect.poll(() => page.getByTestId('modem-card').count(), { timeout: 15_000 }).toBe(1);
    await connectBenchModem(page, 'modem-2', 'Connect another modem');
    await expect.poll(() => page.getByTestId('modem-card').count(), { timeout: 15_000 }).toBe(2);
    await connectBenchModem(page, 'modem-3', 'Connect another modem');
    await expect.poll(() => page.locator('[data-testid="modem-card"][data-state="connected"]').count(), { timeout: 15_000 }).toBe(3);

    // one card per IMEI, masked to its last four digits (Boothold's one style); the newest is selected; the header counts
    const ids = await imeis(page);
    expect(new Set(ids).size).toBe(3);
    const shown = await page.getByTestId('modem-card-id').allTextContents();
    expect(shown).toEqual(ids.map((i) => `${'•'.repeat(i.length - 4)}${i.slice(-4)}`));
    expect(await page.getByTestId('fleet-count').textContent()).toContain('3 modems connected');
    expect(await page.locator('[data-testid="modem-card"][data-selected="true"]').getAttribute('data-member')).toBe('modem-3');
    expect(await page.getByTestId('connection-status').textContent()).toContain('Connected to RC7620-1');
    // "Show IMEI" on the first card reveals it in full; selecting it makes it the modem every page talks to
    const first = page.getByTestId('modem-card').first();
    await first.getByRole('button', { name: 'Show IMEI' }).click();
    expect(await first.getByTestId('modem-card-id').textContent()).toBe(ids[0]);
    await first.getByRole('button', { name: 'Select' }).click();
    expect(await first.getAttribute('data-selected')).toBe('true');
    await screenshot(page, 'fleet-three-cards');

    // the batch: image from a file, all three ticked, one after another; modem-2 refuses a block
    await page.evaluate(() => window.__bootholdBench!.setDownloadFaults('error@chunk:2', 'modem-2'));
    await page.getByRole('link', { name: 'Batch update' }).click();
    await page.getByTestId('image-file-batch').setInputFiles({ name: IMAGE.name, mimeType: 'application/octet-stream', buffer: Buffer.from(IMAGE.bytes) });
    await expect.poll(() => page.getByTestId('image-chosen-batch').textContent(), { timeout: 20_000 }).toContain(`firmware ${IMAGE.fw}`);
    const ticks = page.getByTestId('batch-tick');
    expect(await ticks.count()).toBe(3);
    for (let i = 0; i < 3; i++) await ticks.nth(i).check();
    // the two healthy modules already run R9: skipped unless re-flashed anyway (#16)
    expect(await page.getByTestId('batch-start').textContent()).toBe('Update 1 modem');
    for (const r of await page.getByTestId('batch-reflash').all()) await r.check();
    await page.getByRole('radio', { name: 'One after another' }).check();
    await page.getByRole('button', { name: 'Update 3 modems' }).click();

    // each module's download-mode device needs a pick in the chooser (a user gesture in Chrome)
    const deadline = Date.now() + 240_000;
    let shot = false;
    while (!(await page.getByTestId('batch-summary').count())) {
      if (Date.now() > deadline) {
        await screenshot(page, 'fleet-batch-stuck');
        throw new Error('the batch did not finish');
      }
      const reconnect = page.getByTestId('batch-reconnect').first();
      if (await reconnect.count()) {
        // members were connected in bench order, so member modem-N is bench modem-N: pick its device
        const member = await page.locator('[data-testid="batch-row"]:has([data-testid="batch-reconnect"])').first().getAttribute('data-member');
        const ready = await page.evaluate((id) => {
          const s = window.__bootholdBench!.snapshot(id!);
          return s.mode === 'download' && s.usb !== null;
        }, member);
        if (ready) {
          if (!shot) {
            await screenshot(page, 'fleet-batch-running');
            shot = true;
          }
          await page.evaluate((id) => {
            window.__bootholdBench!.picker.next = (c) => c.findIndex((x) => x.modemId === id);
          }, member);
          await reconnect.click().catch(() => undefined);
        }
      }
      await nextAttachOrDetach(page, 250);
    }

    await screenshot(page, 'fleet-batch-finished');
    expect(await page.getByTestId('batch-summary').textContent()).toContain('2 updated, 1 failed of 3');
    const rows = page.getByTestId('batch-row');
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-member'), e.getAttribute('data-result')]))).toEqual([
      ['modem-1', 'ok'],
      ['modem-2', 'flash-failed'],
      ['modem-3', 'ok'],
    ]);
    expect(await rows.nth(2).textContent()).toContain('00.08.07.00');
    // the updated modules are back on their cards with the new firmware; the failed one is not connected
    await expect
      .poll(() => page.getByTestId('modem-card-firmware').allTextContents(), { timeout: 15_000 })
      .toEqual([IMAGE.fw, expect.any(String), IMAGE.fw]);
    expect(await page.getByTestId('modem-card').count()).toBe(3);
    await screenshot(page, 'fleet-batch-summary');

    // the exports, intercepted as downloads
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await csvDl.path())!, 'utf8').trim().split('\r\n');
    expect(csvDl.suggestedFilename()).toMatch(/^boothold-batch-.*\.csv$/);
    // IMEIs masked in the file by default, and the file says so (issue 17)
    expect(csv[0]).toBe('model,imei,fsn,before_firmware,after_firmware,result,duration_ms,message,identifiers');
    expect(csv.slice(1).map((l) => l.split(',').slice(1, 2)[0])).toEqual(ids.map((i) => `${'•'.repeat(i.length - 4)}${i.slice(-4)}`));
    expect(csv.slice(1).every((l) => l.endsWith(',masked'))).toBe(true);
    expect(csv.slice(1).map((l) => l.split(',')[5])).toEqual(['ok', 'flash-failed', 'ok']);
    expect(csv[3]).toContain(',00.08.07.00,00.08.24.02,ok,');

    // …in full only when asked for
    await page.getByTestId('batch-include-ids').check();
    const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const json = JSON.parse(readFileSync((await jsonDl.path())!, 'utf8')) as {
      identifiers: string;
      counts: { ok: number; failed: number };
      modems: { imei: string; result: string; beforeFirmware: string | null; afterFirmware: string | null; durationMs: number }[];
    };
    expect(json.identifiers).toBe('included');
    expect(json.counts).toMatchObject({ ok: 2, failed: 1 });
    expect(json.modems.map((r) => [r.imei, r.result])).toEqual([
      [ids[0], 'ok'],
      [ids[1], 'flash-failed'],
      [ids[2], 'ok'],
    ]);
    expect(json.modems[2]).toMatchObject({ beforeFirmware: '00.08.07.00', afterFirmware: '00.08.24.02' });
    expect(json.modems.every((r) => r.durationMs > 0)).toBe(true);

    expect(await axeViolations(page)).toEqual([]);

    // each modem has its own session log, found by its IMEI; the failed one says why
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByTestId('sessions-page').waitFor();
    const search = page.getByLabel('Search sessions');
    for (const imei of ids) {
      await search.fill(imei);
      await expect.poll(() => page.getByTestId('session-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await search.fill(ids[1]!);
    await expect.poll(() => page.getByTestId('session-row').first().textContent(), { timeout: 10_000 }).toContain('Failed — the write failed'); // flash-failed, in words (#16)
    await screenshot(page, 'fleet-sessions-failed-modem');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 300_000);

  it('all at once: a refused image cannot be batched; three modules updated in parallel, each back on its own card', async () => {
    const app = await openApp(browser, { query: 'sim=healthy&simSpeed=4', section: 'batch' });
    const { page } = app;
    await page.waitForFunction(() => !!window.__bootholdBench, null, { timeout: 15_000 });
    await page.evaluate(() => {
      const b = window.__bootholdBench!;
      b.addModem('seed');
      b.addModem('healthy');
    });
    await page.waitForFunction(() => window.__bootholdBench!.snapshots().every((s) => s.atReady), null, { timeout: 60_000 });
    await connectBenchModem(page, 'modem-1', 'Connect modem');
    await expect.poll(() => page.getByTestId('modem-card').count(), { timeout: 15_000 }).toBe(1);
    await connectBenchModem(page, 'modem-2', 'Connect another modem');
    await expect.poll(() => page.getByTestId('modem-card').count(), { timeout: 15_000 }).toBe(2);
    await connectBenchModem(page, 'modem-3', 'Connect another modem');
    await expect.poll(() => page.locator('[data-testid="modem-card"][data-state="connected"]').count(), { timeout: 15_000 }).toBe(3);
    const ids = await imeis(page);

    // a damaged image is refused by inspection: no batch with it
    const bad = IMAGE.bytes.slice();
    bad[bad.length - 1000] = (bad[bad.length - 1000]! + 1) & 0xff;
    await page.getByTestId('image-file-batch').setInputFiles({ name: 'damaged.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(bad) });
    await page.getByTestId('batch-refused').waitFor({ timeout: 20_000 });
    const ticks = page.getByTestId('batch-tick');
    for (let i = 0; i < 3; i++) await ticks.nth(i).check();
    expect(await page.getByTestId('batch-start').isDisabled()).toBe(true);

    await page.getByTestId('image-file-batch').setInputFiles({ name: IMAGE.name, mimeType: 'application/octet-stream', buffer: Buffer.from(IMAGE.bytes) });
    await expect.poll(() => page.getByTestId('image-chosen-batch').textContent(), { timeout: 20_000 }).toContain(`firmware ${IMAGE.fw}`);
    // a new image clears the re-flash choices: the healthy ones are asked for again
    for (const r of await page.getByTestId('batch-reflash').all()) await r.check();
    await page.getByRole('radio', { name: 'All at once' }).check();
    await page.getByRole('button', { name: 'Update 3 modems' }).click();

    const deadline = Date.now() + 240_000;
    let most = 0;
    while (!(await page.getByTestId('batch-summary').count())) {
      if (Date.now() > deadline) {
        await screenshot(page, 'fleet-parallel-stuck');
        throw new Error('the batch did not finish');
      }
      const statuses = await page.getByTestId('batch-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      most = Math.max(most, statuses.filter((st) => st === 'running' || st === 'needs-reconnect').length);
      const waiting = await page.locator('[data-testid="batch-row"]:has([data-testid="batch-reconnect"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-member')!));
      for (const member of waiting) {
        const ready = await page.evaluate((id) => {
          const s = window.__bootholdBench!.snapshot(id);
          return s.mode === 'download' && s.usb !== null;
        }, member);
        if (!ready) continue;
        await page.evaluate((id) => {
          window.__bootholdBench!.picker.next = (c) => c.findIndex((x) => x.modemId === id);
        }, member);
        await page.locator(`[data-testid="batch-row"][data-member="${member}"] [data-testid="batch-reconnect"]`).click().catch(() => undefined);
      }
      await nextAttachOrDetach(page, 200);
    }
    expect(most).toBeGreaterThan(1);
    await screenshot(page, 'fleet-parallel-summary');
    expect(await page.getByTestId('batch-summary').textContent()).toContain('3 updated, 0 failed of 3');
    await expect
      .poll(() => page.getByTestId('modem-card-firmware').allTextContents(), { timeout: 15_000 })
      .toEqual([IMAGE.fw, IMAGE.fw, IMAGE.fw]);
    // each card still carries its own module
    expect(await page.evaluate(() => window.__bootholdBench!.modems.map((m) => m.identity.imei))).toEqual(ids);
    const shown = await page.getByTestId('modem-card-id').allTextContents();
    expect(shown).toEqual(ids.map((i) => `${'•'.repeat(i.length - 4)}${i.slice(-4)}`));
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  }, 300_000);
});
