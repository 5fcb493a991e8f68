/**
 * The Flash section (expert path: the module already sits in download mode) in the built app,
 * against the virtual modem over the fake WebUSB and the fake WebSerial: both download protocols
 * (Firehose on the RC7620 held by TP1, Sierra QDL on an EM7455 after AT!BOOTHOLD), unplug and
 * silence on both transports, a driver holding the interface, and images that are never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import type { CweContainerSpec } from '../../src/codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot, type AppHandle } from './support/browser.ts';

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
}

/** RC76xx Release 9 shape (BOOT, MODM/DSP2, FILE/NVUP), product 9X07, 2 MB of modem image. */
const RC76: Img = { name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', bytes: buildCwe(goldenTestImageSpec({ dsp2Size: 2_000_000 })) };

/** An EM74xx package, product 9X30: modem image and carrier configuration. */
function em74Spec(): CweContainerSpec {
  const pkg = '9999999_9904609_SWI9X30C_02.30.01.01_00_GENERIC_002.045_000';
  const build = 'SWI9X30C_02.30.01.01 r8 jenkins 2020/01/02';
  const date = '01/02/20';
  const p = '9X30';
  return {
    type: 'SPKG', product: p, version: pkg, date,
    children: [
      { type: 'MODM', product: p, version: build, date, children: [{ type: 'DSP2', product: p, version: build, date, payload: { synthetic: 'random', size: 1_500_000, seed: 7455 } }] },
      { type: 'FILE', product: p, version: pkg, date, children: [{ type: 'NVUP', product: p, version: pkg, date, payload: { synthetic: 'random', size: 60_000, seed: 7456 } }] },
    ],
  };
}
const EM74: Img = { name: 'SWI9X30C_02.30.01.01_GENERIC_002.045_000.spk', bytes: buildCwe(em74Spec()) };

/** The RC76 image with one byte of the DSP2 payload changed: its CRC no longer matches. */
const CORRUPT: Img = (() => {
  const b = RC76.bytes.slice();
  const at = 2164 + 400 + 5000;
  b[at] = b[at]! ^ 0xff;
  return { name: 'RC76xx_corrupt.spk', bytes: b };
})();

type Bench = NonNullable<Window['__bootholdBench']>;

async function openFlash(scenario: string, locale?: string): Promise<AppHandle> {
  const app = await openApp(browser, { query: `sim=${scenario}`, section: 'flash', ...(locale ? { locale } : {}) });
  await app.page.getByTestId('flash-page').waitFor({ timeout: 15_000 });
  await app.page.waitForFunction(() => window.__bootholdBench !== undefined, null, { timeout: 15_000 });
  return app;
}

async function inDownloadMode(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
}

/**
 * Download faults are read when the download device enumerates: set them, then replug the
 * cable (TP1 stays held, so the module comes back in download mode with the faults armed).
 */
async function armFaults(page: Page, spec: string): Promise<void> {
  await page.evaluate((f) => {
    const b = window.__bootholdBench as Bench;
    b.setDownloadFaults(f);
    b.pullCable();
    b.plugCable();
  }, spec);
  await page.waitForFunction((f) => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null && s.downloadFaults === f) ?? false, spec, { timeout: 30_000 });
}

/** EM7455 in application mode → AT!ENTERCND, AT!BOOTHOLD on its AT port → download mode (QDL). */
async function bootholdEm7455(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 30_000 });
  await page.evaluate(async () => {
    const bench = window.__bootholdBench as Bench;
    const at = bench.connectMemory('at');
    const enc = (s: string) => new TextEncoder().encode(s);
    const dec = new TextDecoder();
    let seen = '';
    const until = async (want: string) => {
      while (!seen.includes(want)) seen += dec.decode(await at.read({ signal: AbortSignal.timeout(5000) }));
    };
    await at.write(enc('AT!ENTERCND="A710"\r'));
    await until('OK');
    seen = '';
    await at.write(enc('AT!BOOTHOLD\r'));
    await until('OK');
  });
  await inDownloadMode(page);
}

async function choose(page: Page, img: Img): Promise<void> {
  await page.getByTestId('image-input').setInputFiles({ name: img.name, mimeType: 'application/octet-stream', buffer: Buffer.from(img.bytes) });
  await page.locator(`[data-testid="flash-image"][data-name="${img.name}"]`).waitFor({ timeout: 20_000 });
}

async function chooseWritable(page: Page, img: Img): Promise<void> {
  await choose(page, img);
  expect(await page.getByTestId('flash-image').getAttribute('data-writable')).toBe('true');
}

async function connect(page: Page, via: 'usb' | 'serial'): Promise<void> {
  await page.getByTestId(`flash-via-${via}`).click();
  await page.getByTestId('flash-start').waitFor({ timeout: 15_000 });
}

async function waitScreen(page: Page, screen: string, name: string, timeout = 60_000): Promise<void> {
  try {
    await page.locator(`[data-testid="flash-panel"][data-screen="${screen}"]`).waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `flash-${name}-stuck`);
    throw e;
  }
}

/** Waits until the engine is writing and a tenth of the image went out, then shows it. */
async function whileWriting(page: Page, name: string): Promise<void> {
  await page
    .waitForFunction(
    () => {
      const p = document.querySelector('[data-testid="flash-phase"]');
      const bar = document.querySelector('[data-testid="flash-panel"] progress') as HTMLProgressElement | null;
      return p?.getAttribute('data-phase') === 'write' && !!bar && bar.value / bar.max > 0.1;
    },
    null,
    { timeout: 30_000, polling: 20 },
  )
    .catch(async (e: unknown) => {
      await screenshot(page, `${name}-stuck`);
      throw e;
    });
  await screenshot(page, name);
}

async function snapshot(page: Page): Promise<{ downloadBytes: number; flashHistory: readonly string[]; mode: string; pickerRequests: number }> {
  return page.evaluate(() => {
    const b = window.__bootholdBench as Bench;
    const s = b.snapshots()[0]!;
    return { downloadBytes: s.downloadBytes, flashHistory: s.flashHistory, mode: s.mode, pickerRequests: b.picker.history.length };
  });
}

async function expectDownloadError(page: Page, code: string, name: string): Promise<string> {
  await waitScreen(page, 'download-error', name);
  const err = page.getByTestId('flash-error');
  expect(await err.getAttribute('data-code')).toBe(code);
  await page.getByText('Session log').click();
  const log = await page.getByTestId('flash-log').innerText();
  expect(log.length).toBeGreaterThan(50);
  await screenshot(page, name);
  return (await err.innerText()).trim();
}

describe('Flash section', () => {
  it('flashes the RC7620 held in download mode over WebUSB (Sahara → Firehose), with progress and the done screen', async () => {
    const app = await openFlash('tp1-download');
    const { page } = app;
    await inDownloadMode(page);
    // TP1 let go once it is in download mode (as the TP1 guide says): after the write's reset the
    // module boots the new firmware instead of coming back in download mode, where its byte count
    // would start over before the done screen is read on a slow machine.
    await page.evaluate(() => (window.__bootholdBench as Bench).holdTp1(false));
    // A link fault (not a download one): the fake USB pipe then takes the host's writes at the link's pace.
    await page.evaluate(() => (window.__bootholdBench as Bench).setFault({ kind: 'slow', bytesPerSecond: 1_000_000 }));
    await chooseWritable(page, RC76);
    await screenshot(page, 'flash-usb-chosen');
    await connect(page, 'usb');
    expect(await page.getByRole('status').filter({ hasText: 'Connected:' }).innerText()).toMatch(/1199:68C0/);
    await page.getByTestId('flash-start').click();
    await whileWriting(page, 'flash-usb-progress');
    expect(await page.getByTestId('flash-phase').innerText()).toContain('Sahara → Firehose');
    // The image cannot be swapped under a running flash.
    expect(await page.getByTestId('image-drop').locator('button').isDisabled()).toBe(true);
    await waitScreen(page, 'done', 'usb-done');
    expect(await page.getByTestId('flash-done').innerText()).toMatch(/Firmware written/);
    await screenshot(page, 'flash-usb-done');
    const s = await snapshot(page);
    expect(s.flashHistory.at(-1)).toBe('flashed: firmware 00.08.24.02, carrier GENERIC 001.081');
    expect(s.downloadBytes).toBeGreaterThan(RC76.bytes.length);
    expect(s.mode).not.toBe('download');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('flashes an EM7455 put in download mode with AT!BOOTHOLD over WebSerial (Sierra QDL), in French', async () => {
    // The EM7455's boots (5–7 s, twice here) run ten times faster: what is tested is the QDL
    // exchange and the French screens, not the module's pace. The sim's link runs on the same
    // scaled clock, so 100 kB/s of virtual time is 1 MB/s on the wall.
    const app = await openFlash('em7455&simSpeed=10', 'fr-FR');
    const { page } = app;
    await page.evaluate(() => (window.__bootholdBench as Bench).setDownloadFaults('slow:100000'));
    await bootholdEm7455(page);
    await chooseWritable(page, EM74);
    await page.getByTestId('flash-module').selectOption('SWI9X30C');
    await connect(page, 'serial');
    await page.getByTestId('flash-start').click();
    // Read while it shows: at 1 MB/s the write can end before a slow screenshot returns.
    await page.getByTestId('flash-phase').filter({ hasText: 'QDL Sierra' }).waitFor({ timeout: 30_000 });
    await whileWriting(page, 'flash-serial-progress-fr');
    await waitScreen(page, 'done', 'serial-done');
    expect(await page.getByTestId('flash-done').innerText()).toMatch(/Firmware écrit/);
    await screenshot(page, 'flash-serial-done-fr');
    // The module restarts into the firmware that was written.
    await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode !== 'download' && (s.firmwareVersion ?? '').includes('02.30.01.01')) ?? false, null, { timeout: 30_000 });
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('unplugged mid-write, then silent, over WebUSB: each named, with its note, next step and log; back to the start between', async () => {
    // The same screens over WebSerial (QDL) and the silence at Firehose configure are the write
    // job's, on the virtual clock: src/session/write/flash-faults.test.ts.
    const app = await openFlash('tp1-download');
    const { page } = app;
    await inDownloadMode(page);
    await armFaults(page, 'unplug-after:600000');
    await chooseWritable(page, RC76);
    await connect(page, 'usb');
    await page.getByTestId('flash-start').click();
    const lost = await expectDownloadError(page, 'device-lost', 'flash-usb-unplug');
    expect(lost).toContain('The module disappeared');
    expect(lost).toContain('Writing had started');
    expect(lost).toContain('Reconnect it and start the flash again');
    expect(await page.getByTestId('flash-error').getAttribute('data-phase')).toBe('write');

    // Back to the start: the module comes back (TP1 still held), now silent after the Sahara hello
    // (a 3 s step timeout at libqmi's pace, where Firehose configure waits 10 s).
    await page.getByTestId('flash-error').getByRole('button', { name: 'Back to the start' }).click();
    await armFaults(page, 'silence@command-ready');
    await connect(page, 'usb');
    await page.getByTestId('flash-start').click();
    const silent = await expectDownloadError(page, 'timeout', 'flash-usb-timeout');
    expect(silent).toContain('The module stopped answering');
    expect(silent).toContain('Unplug and replug the module');
    expect(silent).not.toContain('Writing had started');
    expect(app.pageErrors.filter((e) => !/NetworkError|NotFoundError|device/i.test(e))).toEqual([]);
    await closeApp(app);
  });

  it('qcserial holds the download interface: WebUSB cannot claim it, the advice is the serial path or unbinding', async () => {
    const app = await openFlash('tp1-download');
    const { page } = app;
    await inDownloadMode(page);
    await page.evaluate(() => (window.__bootholdBench as Bench).setUsbDriverPolicy('bound'));
    await chooseWritable(page, RC76);
    // A serial port carries no product string, and 1199:68C0 is shared by three lines: say which module it is.
    await page.getByTestId('flash-module').selectOption('SWI9X07H');
    await page.getByTestId('flash-via-usb').click();
    const err = page.getByTestId('flash-link-error');
    await err.waitFor({ timeout: 15_000 });
    expect(await err.getAttribute('data-code')).toBe('claim-failed');
    const text = await err.innerText();
    expect(text).toContain('held by a driver');
    expect(text).toContain('Over a serial port (WebSerial)');
    expect(text).toContain('qcserial/unbind');
    // The unbind command stays one step, shown as a command to copy.
    expect(await err.locator('ol > li').count()).toBe(3);
    expect(await err.locator('ol > li code').innerText()).toMatch(/^sudo sh -c '.*qcserial\/unbind; done'$/);
    await screenshot(page, 'flash-usb-claim-failed');
    expect((await snapshot(page)).downloadBytes).toBe(0);
    // The advice works: the serial path flashes the same module.
    await page.getByRole('button', { name: 'Back to the start' }).click();
    await connect(page, 'serial');
    await page.getByTestId('flash-start').click();
    await waitScreen(page, 'done', 'claim-then-serial');
    await closeApp(app);
  });

  it('takes an image kept in the library and flashes it', async () => {
    const app = await openApp(browser, { query: 'sim=tp1-download', section: 'images' });
    const { page } = app;
    await page.getByTestId('image-input').setInputFiles({ name: RC76.name, mimeType: 'application/octet-stream', buffer: Buffer.from(RC76.bytes) });
    await page.getByTestId('image-save').and(page.locator(':enabled')).click({ timeout: 20_000 });
    await page.getByTestId('image-saved').waitFor();
    await page.getByRole('link', { name: 'Flash', exact: true }).click();
    await page.getByTestId('flash-page').waitFor();
    await inDownloadMode(page);
    const sha = await page.getByTestId('flash-library').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('flash-library').selectOption(sha ?? '');
    await page.locator(`[data-testid="flash-image"][data-name="${RC76.name}"][data-writable="true"]`).waitFor({ timeout: 20_000 });
    await connect(page, 'usb');
    await page.getByTestId('flash-start').click();
    await waitScreen(page, 'done', 'library-done');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('refuses a corrupt image and an image for another product: nothing is sent', async () => {
    const app = await openFlash('tp1-download');
    const { page } = app;
    await inDownloadMode(page);
    await choose(page, CORRUPT);
    expect(await page.getByTestId('flash-image').getAttribute('data-verdict')).toBe('refused');
    await page.getByTestId('flash-refused').waitFor();
    expect(await page.getByTestId('image-verdict').innerText()).toMatch(/corrupt/);
    expect(await page.getByTestId('flash-panel').count()).toBe(0);
    await screenshot(page, 'flash-refused-corrupt');

    await choose(page, EM74);
    await page.getByTestId('flash-image').and(page.locator('[data-writable="true"]')).waitFor();
    await page.getByTestId('flash-module').selectOption('SWI9X07H');
    await page.getByTestId('flash-wrong-product').waitFor();
    expect(await page.getByTestId('flash-wrong-product').innerText()).toContain('for product 9X30, but RC76xx modules take 9X07');
    expect(await page.getByTestId('flash-panel').count()).toBe(0);
    await screenshot(page, 'flash-refused-wrong-product');

    const s = await snapshot(page);
    expect(s.downloadBytes).toBe(0);
    expect(s.pickerRequests).toBe(0);
    expect(s.mode).toBe('download');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });
});
