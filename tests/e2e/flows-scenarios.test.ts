/**
 * The flows in the built app, one module per download protocol: an update on an EM7455 (QDL;
 * the RC7620 over Sahara/Firehose is flows-update.test.ts's), and on one family added as data per protocol (MC7304
 * over QDL, EM9191 over Sahara/Firehose, whose SWIX55C line Boothold knows since the Sierra
 * forum named it); an image of a platform no table knows, written on the EM9191 only on the
 * model typed; a carrier switch where the SIM is the problem; the rescue of a module
 * already in download mode. The rest of the scenario × flow matrix runs with the same
 * outcome checks on a virtual clock: src/sim/scenario-flows.test.ts and
 * src/sim/profiles/families-flows.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { goldenImageBytes } from '../../src/session/download/image.fixture.ts';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import { rc76PackageSpec } from '../../src/codec/cwe/images.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Img {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly fw: string;
}

const RC76: Img = { name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', bytes: goldenImageBytes(400_000), fw: '00.08.24.02' };
const EM74: Img = {
  name: 'SWI9X30C_02.30.01.01_GENERIC_002.045_000.spk',
  bytes: buildCwe(rc76PackageSpec({ platform: 'SWI9X30C', product: '9X30', firmware: '02.30.01.01', carrier: 'GENERIC', config: '002.045_000', modemSize: 200_000 })),
  fw: '02.30.01.01',
};
// the new families (src/sim/profiles): 9x15 over QDL, SDX55/SDX65 and 9x06 over Sahara/Firehose
const MC73: Img = {
  name: 'SWI9X15C_05.05.63.01_GENERIC_005.026_000.spk',
  bytes: buildCwe(rc76PackageSpec({ platform: 'SWI9X15C', product: '9X15', firmware: '05.05.63.01', carrier: 'GENERIC', config: '005.026_000', modemSize: 40_000 })),
  fw: '05.05.63.01',
};
const EM91: Img = {
  name: 'SWIX55C_02.09.06.00_GENERIC_030.022_000.spk',
  bytes: buildCwe(rc76PackageSpec({ platform: 'SWIX55C', product: 'X55C', firmware: '02.09.06.00', carrier: 'GENERIC', config: '030.022_000', modemSize: 40_000 })),
  fw: '02.09.06.00',
};
// a made-up platform: no table knows its line, so the write waits for the model typed from the label
const UNKNOWN_LINE: Img = {
  name: 'SWIZZZZ_02.09.06.00_GENERIC_030.022_000.spk',
  bytes: buildCwe(rc76PackageSpec({ platform: 'SWIZZZZ', product: 'ZZZZ', firmware: '02.09.06.00', carrier: 'GENERIC', config: '030.022_000', modemSize: 40_000 })),
  fw: '02.09.06.00',
};
async function connect(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
  await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
}

async function choose(page: Page, id: string, img: Img): Promise<void> {
  await page
    .getByTestId(`image-file-${id}`)
    .setInputFiles({ name: img.name, mimeType: 'application/octet-stream', buffer: Buffer.from(img.bytes) })
    .catch(async (e: unknown) => {
      await screenshot(page, `flows-scenario-choose-${id}-stuck`);
      throw e;
    });
  await expect.poll(() => page.getByTestId(`image-chosen-${id}`).textContent(), { timeout: 20_000 }).toContain(`firmware ${img.fw}`);
}

async function done(page: Page, name: string): Promise<void> {
  try {
    await page.locator('[data-testid="flow-wizard"][data-status="done"]').waitFor({ timeout: 90_000 });
  } catch (e) {
    await screenshot(page, `${name}-stuck`);
    throw e;
  }
}

async function update(page: Page, img: Img, name: string, typeModel?: string): Promise<void> {
  await choose(page, 'update', img);
  await page.getByRole('button', { name: 'Start the update' }).click();
  const reconnect = page.locator('[data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"]');
  if (typeModel) {
    // an image line not in Boothold's tables: written only on the model typed from the label
    await page.locator('[data-prompt="type-model"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('type-model-refusal').textContent()).toContain('not in Boothold’s tables');
    await screenshot(page, `${name}-type-model`);
    await page.getByTestId('type-model-input').fill(typeModel);
    await page.getByRole('button', { name: 'Write on my word' }).click();
  }
  await page.locator('[data-prompt="confirm-image"], [data-testid="flow-wizard"][data-phase="wait-download"] [data-prompt="reconnect"]').first().waitFor({ timeout: 60_000 });
  if (await page.locator('[data-prompt="confirm-image"]').count()) {
    await screenshot(page, `${name}-confirm`);
    await page.getByRole('button', { name: 'Write this image' }).click();
  }
  await reconnect.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
  await done(page, name);
  expect(await page.getByTestId('flow-verified').textContent()).toContain(`firmware ${img.fw}`);
  await screenshot(page, name);
}

describe('update flow, one module per download protocol', () => {
  // The RC7620 over Sahara/Firehose at the module's own pace is flows-update.test.ts's (seed →
  // Release 9), and libqmi drives QDL at its own pace in tests/interop. Here the modules' boots
  // and the flow's waits run faster together (`simSpeed`: the protocol exchange is the same,
  // only the waits shrink, and the download engine keeps libqmi's timeouts, so it has more
  // room, not less): 4× for all (8× measured no faster on the loaded machine).
  const cases: [string, Img, number, string?][] = [
    ['em7455', EM74, 4],
    ['mc7304', MC73, 4],
    ['em9191', EM91, 4],
    ['em9191', UNKNOWN_LINE, 4, 'EM9191'],
  ];
  for (const [scenario, img, speed, typeModel] of cases) {
    const name = `flows-scenario-${scenario}-update${typeModel ? '-line-unknown' : ''}`;
    it(`${scenario}: update to ${img.fw}${typeModel ? ' (image line in no table: model typed)' : ''} and verify`, async () => {
      const app = await openApp(browser, { query: `sim=${scenario}&simSpeed=${speed}` });
      await connect(app.page);
      await update(app.page, img, name, typeModel);
      expect(app.pageErrors).toEqual([]);
      await closeApp(app);
    }, 180_000);
  }
});

describe('carrier switch when the SIM is the problem (the radio case: src/sim/scenario-flows.test.ts)', () => {
  for (const scenario of ['sim-pin']) {
    it(`${scenario}: already on GENERIC, the re-run check names the real problem`, async () => {
      // 4× the module's pace: the findings, not the boot, are what is checked here
      const app = await openApp(browser, { query: `sim=${scenario}&simSpeed=4` });
      const { page } = app;
      await connect(page);
      await page.getByRole('button', { name: 'Switch carrier image' }).click();
      await done(page, `flows-scenario-${scenario}-carrier`);
      expect(await page.locator('[data-testid="flow-findings"] [data-finding="carrier-mismatch"]').count()).toBe(0);
      expect(await page.locator('[data-testid="flow-findings"] [data-finding]').count()).toBeGreaterThan(0);
      await screenshot(page, `flows-scenario-${scenario}-carrier`);
      await closeApp(app);
    }, 120_000);
  }
});

describe('rescue of a module already in download mode', () => {
  it('tp1-download: straight to the chooser, flash, pick the AT port when it returns, verify', async () => {
    // 4× the module's pace (boots, re-enumeration, the flow's waits): the rescue's steps are what is checked
    const app = await openApp(browser, { query: 'sim=tp1-download&simSpeed=4' });
    const { page } = app;
    await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
    await choose(page, 'rescue', RC76);
    await page.getByRole('button', { name: 'Start the rescue' }).click();
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'It is already in download mode' }).first().click();
    await page.evaluate(() => window.__bootholdBench!.holdTp1(false));
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await page.locator('[data-testid="flow-wizard"][data-phase="wait-app"] [data-prompt="reconnect"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await done(page, 'flows-scenario-tp1-download');
    expect(await page.getByTestId('flow-verified').textContent()).toContain('firmware 00.08.24.02');
    await screenshot(page, 'flows-scenario-tp1-download-rescue');
    await closeApp(app);
  }, 180_000);
});
