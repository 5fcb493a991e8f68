/**
 * The Images section end to end in Chromium, on the production build: drop files, read the
 * verdict and the tree, use the library across a reload. Files come from the CWE writer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, zipSync } from 'fflate';
import { buildCwe, streamCwe } from '../../src/codec/cwe/writer.ts';
import { goldenTestImageSpec, rc76PackageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { buildZip } from '../../src/session/images/zip.fixture.ts';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot, type AppHandle } from './support/browser.ts';

let browser: Browser;
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'boothold-e2e-images-'));
  // A package shaped like RC76xx_Release9_GENERIC_GCF_7620.spk (33.3 MiB), streamed to disk.
  const out = createWriteStream(file('RC76xx_Release9_GENERIC_GCF_7620.spk'));
  for (const c of streamCwe(rc76PackageSpec())) if (!out.write(Buffer.from(c))) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  const golden = buildCwe(goldenTestImageSpec());
  const corrupt = golden.slice();
  corrupt[2164 + 400 + 7] = 0; // inside DSP2
  writeFileSync(file('corrupt.spk'), corrupt);
  writeFileSync(file('truncated.spk'), golden.subarray(0, 2000));
  writeFileSync(
    file('SWI9X30C_02.30.01.01.cwe'),
    buildCwe({ type: 'SPKG', product: '9X30', version: '9999999_9904609_SWI9X30C_02.30.01.01_00_GENERIC_002.045_000', date: '01/02/20', children: [{ type: 'MODM', product: '9X30', version: 'SWI9X30C_02.30.01.01', payload: new Uint8Array(500) }] }),
  );
  // Issue 17: a zip whose directory says 2 GiB of zeros, and one whose directory lies (says
  // 8 KiB) about 32 MiB of zeros; and a zip of 20,000 entries.
  const zeros = deflateSync(new Uint8Array(32 << 20), { level: 9 });
  writeFileSync(file('bomb.zip'), buildZip([{ name: 'firmware.cwe', data: zeros, method: 8, declaredSize: 2 ** 31 }]));
  writeFileSync(file('liar.zip'), buildZip([{ name: 'firmware.cwe', data: zeros, method: 8, declaredSize: 8192 }]));
  writeFileSync(file('many.zip'), buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.cwe`, data: new Uint8Array(0) }))));
  writeFileSync(file('bundle.zip'), zipSync({ 'RC76/test-image.spk': golden, 'RC76/GENERIC.nvu': buildCwe(rc76PackageSpec({ carrierOnly: true })), 'notes.txt': new Uint8Array(4) }));
  const exe = new Uint8Array(8192);
  exe.set([0x4d, 0x5a]);
  exe[0x3c] = 0x80;
  exe.set([0x50, 0x45, 0, 0], 0x80);
  exe.set(Uint8Array.from([...'Sierra Wireless'].flatMap((c) => [c.charCodeAt(0), 0])), 4000);
  writeFileSync(file('FDT2_RC76xx.exe'), exe);
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openImages(options: Parameters<typeof openApp>[1] = {}): Promise<AppHandle> {
  const app = await openApp(browser, { ...options, path: '/#/images' });
  await app.page.getByTestId('image-drop').waitFor();
  return app;
}

async function inspect(page: Page, name: string): Promise<{ verdict: string; text: string }> {
  const before = await page.getByTestId('image-verdict').count();
  await page.getByTestId('image-input').setInputFiles(file(name));
  const verdict = page.getByTestId('image-verdict');
  await page.waitForFunction(
    ([n, b]) => {
      const el = document.querySelector('[data-testid="image-report"] h2');
      return (el?.textContent ?? '').includes(n as string) && document.querySelectorAll('[data-testid="image-verdict"]').length >= (b as number);
    },
    [name, Math.min(before, 1)],
    { timeout: 30_000 },
  );
  return { verdict: (await verdict.getAttribute('data-verdict')) ?? '', text: (await verdict.innerText()).trim() };
}

describe('Images section', () => {
  it('shows the verdict and the nested tree of a real-shaped Release 9 package', async () => {
    const app = await openImages();
    // How fast is measured by `npm run bench -- images`; a wall-clock bound here would be flaky.
    const r = await inspect(app.page, 'RC76xx_Release9_GENERIC_GCF_7620.spk');
    expect(r.verdict).toBe('ok');
    expect(r.text).toMatch(/RC76xx Release 9 GENERIC firmware \+ carrier config, 33\.3 MiB, all 22 CRCs good/);
    const nodes = app.page.getByTestId('image-node');
    expect(await nodes.count()).toBe(11);
    expect(await nodes.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}@${e.getAttribute('data-offset')}`))).toEqual([
      'SPKG@0', 'BOOT@400', 'QPAR@800', 'SBL1@7680', 'MODM@426084', 'DSP2@426484', 'APPL@26178380', 'APPS@26178780', 'SYST@29179180', 'FILE@34758432', 'NVUP@34758832',
    ]);
    await app.page.getByTestId('image-sha256').filter({ hasText: /^[0-9a-f]{64}$/ }).waitFor({ timeout: 30_000 });
    await screenshot(app.page, 'images-r9-package');
    // With a report and its tree on screen, not only the empty page the suite-wide axe run sees.
    expect(await axeViolations(app.page)).toEqual([]);
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('refuses zip bombs and a 20,000-entry zip in the worker by name, and the page stays alive', async () => {
    const app = await openImages();
    const { page } = app;
    const bomb = await inspect(page, 'bomb.zip');
    expect(bomb.verdict).toBe('refused');
    expect(bomb.text).toMatch(/zip bomb, it was not unpacked/);
    const liar = await inspect(page, 'liar.zip');
    expect(liar.text).toMatch(/zip bomb|past its declared size/);
    const many = await inspect(page, 'many.zip');
    expect(many.text).toMatch(/The zip holds 20[,. \u202f]?000 files; a firmware package holds at most 1[,. \u202f]?000/);
    await screenshot(page, 'images-zip-refusals');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('gives each bad case its specific message', async () => {
    const app = await openImages();
    const { page } = app;
    const corrupt = await inspect(page, 'corrupt.spk');
    expect(corrupt.verdict).toBe('refused');
    expect(corrupt.text).toMatch(/Refused: The DSP2 image at offset 0x874 is corrupt \(CRC stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}\)/);
    await screenshot(page, 'images-corrupt');
    const cut = await inspect(page, 'truncated.spk');
    expect(cut.text).toMatch(/Refused: The file is incomplete: the SPKG image should end at byte 3[,. ]?714 but the file ends at 2[,. ]?000/);
    const zip = await inspect(page, 'bundle.zip');
    expect(zip.verdict).toBe('ok');
    expect(zip.text).toMatch(/^✓\s*Zip with 2 firmware file\(s\): RC76xx Release 9 GENERIC/);
    expect(await page.getByTestId('image-zip-entries').innerText()).toContain('RC76/GENERIC.nvu');
    const exe = await inspect(page, 'FDT2_RC76xx.exe');
    expect(exe.verdict).toBe('refused');
    expect(exe.text).toContain('Sierra Wireless Windows installer');
    expect(exe.text).toContain('.spk');
    await screenshot(page, 'images-exe');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('refuses an image for another product than the connected modem', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', path: '/#/images' });
    const { page } = app;
    await page.waitForFunction(() => (window as unknown as { __bootholdBench?: { snapshots(): { atReady: boolean }[] } }).__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
    await page.locator('header button').first().click();
    await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 15_000 });
    await page.getByTestId('image-drop').waitFor();
    const wrong = await inspect(page, 'SWI9X30C_02.30.01.01.cwe');
    expect(wrong.verdict).toBe('refused');
    expect(wrong.text).toMatch(/Refused: This image is for EM\/MC74xx modules \(SWI9X30C\); the modem is .*RC76xx/);
    const right = await inspect(page, 'RC76xx_Release9_GENERIC_GCF_7620.spk');
    expect(right.text).toMatch(/compatible with the connected RC76/);
    await screenshot(page, 'images-compatible');
    await closeApp(app);
  });

  it('compares the carrier the connected modem runs now with the image’s (seed: SIERRA vs GENERIC)', async () => {
    const app = await openApp(browser, { query: 'sim=seed', path: '/#/images' });
    const { page } = app;
    await page.waitForFunction(() => (window as unknown as { __bootholdBench?: { snapshots(): { atReady: boolean }[] } }).__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
    await page.locator('header button').first().click();
    await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 15_000 });
    await page.getByTestId('image-drop').waitFor();
    const generic = await inspect(page, 'RC76xx_Release9_GENERIC_GCF_7620.spk');
    expect(generic.text).toMatch(/compatible with the connected RC76/);
    expect(generic.text).toMatch(/Carrier configuration changes from SIERRA to GENERIC/);
    await screenshot(page, 'images-carrier-differs');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('keeps images in the library across a reload, searches and deletes them', async () => {
    const app = await openImages();
    const { page } = app;
    await inspect(page, 'bundle.zip');
    await page.getByTestId('image-save').filter({ hasNotText: 'Waiting' }).click({ timeout: 30_000 });
    await page.getByTestId('image-saved').waitFor();
    await inspect(page, 'corrupt.spk');
    await page.getByTestId('image-save').filter({ hasNotText: 'Waiting' }).click({ timeout: 30_000 });
    await page.getByTestId('image-saved').waitFor();
    await page.reload();
    await page.getByTestId('library-entry').first().waitFor();
    expect(await page.getByTestId('library-entry').count()).toBe(2);
    expect(await page.getByTestId('library-usage').innerText()).toMatch(/Library: .* in 2 file\(s\)/);
    await page.getByTestId('library-search').fill('corrupt');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-entry"]').length === 1);
    await page.getByTestId('library-search').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-entry"]').length === 2);
    // The same content dropped again is recognised as already kept.
    await inspect(page, 'bundle.zip');
    await page.getByTestId('image-saved').filter({ hasText: 'Already in the library' }).waitFor({ timeout: 30_000 });
    // Open from the library re-inspects the stored file.
    await page.getByRole('button', { name: 'Inspect corrupt.spk' }).click();
    await page.getByTestId('image-verdict').filter({ hasText: 'DSP2' }).waitFor();
    await page.getByRole('button', { name: 'Delete corrupt.spk' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-entry"]').length === 1);
    // The file on screen was the one deleted: it can be kept again.
    await page.getByTestId('image-save').waitFor();
    await screenshot(page, 'images-library');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('warns before storing past a private-window-sized quota', async () => {
    const app = await openImages({
      initScript: 'StorageManager.prototype.estimate = async () => ({ usage: 1048576, quota: 20 * 1048576 });',
    });
    const { page } = app;
    await inspect(page, 'RC76xx_Release9_GENERIC_GCF_7620.spk');
    await page.getByTestId('image-save').filter({ hasNotText: 'Waiting' }).click({ timeout: 30_000 });
    const warning = page.getByRole('alert').filter({ hasText: 'would exceed' });
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/Storing this file \(33\.\d MiB\) would exceed .*\(19 MiB free\).*private window/s);
    expect(await page.getByTestId('image-library').innerText()).toMatch(/looks like a private window/);
    await closeApp(app);
  });

  it('a new file replaces an inspection still running', async () => {
    const app = await openImages();
    const { page } = app;
    await page.getByTestId('image-input').setInputFiles(file('RC76xx_Release9_GENERIC_GCF_7620.spk'));
    const r = await inspect(page, 'corrupt.spk');
    expect(r.verdict).toBe('refused');
    // Wait on state, not on time: the replacing file's SHA-256 is worked out after its inspection,
    // by the same worker the replaced inspection ran on; once it shows, that one has settled too.
    await page.getByTestId('image-sha256').filter({ hasText: /^[0-9a-f]{64}$/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { name: /Inspection of/ }).innerText()).toBe('Inspection of corrupt.spk');
    expect(app.pageErrors.join('\n')).toBe('');
    await closeApp(app);
  });

  it('speaks French', async () => {
    const app = await openImages({ locale: 'fr-FR' });
    const r = await inspect(app.page, 'corrupt.spk');
    expect(r.text).toMatch(/Refusé\u202f: L’image DSP2 à l’offset 0x874 est corrompue/);
    const ok = await inspect(app.page, 'bundle.zip');
    expect(ok.text).toContain('firmware + configuration opérateur');
    await closeApp(app);
  });
});
