import type { Page } from 'playwright-core';

/**
 * The Flash page's short-window catch, as the e2e test and bench/download-window.ts both drive it:
 * choose the image, pre-grant the module's identity (as a policy would), hold TP1 and power-cycle
 * the virtual boot-loop module so its next appearance is in download mode, then read what the page
 * measured from that appearance (ms to the claim, ms to the first byte read).
 */
export async function catchDownloadWindow(page: Page, image: Uint8Array): Promise<{ claim: number; first: number }> {
  await page.waitForFunction(() => window.__bootholdBench !== undefined, null, { timeout: 30_000 });
  await page.getByTestId('image-input').setInputFiles({ name: 'RC76xx_Release9_GENERIC_GCF_7620.spk', mimeType: 'application/octet-stream', buffer: Buffer.from(image) });
  await page.locator('[data-testid="flash-image"][data-writable="true"]').waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const b = window.__bootholdBench!;
    b.setPolicyGrants([{ vendorId: 0x1199 }]);
    b.holdTp1(true);
    b.powerCycle();
  });
  const caught = page.getByTestId('flash-caught');
  await page.waitForFunction(() => (document.querySelector('[data-testid="flash-caught"]')?.getAttribute('data-first-byte-ms') ?? '') !== '', null, { timeout: 60_000 });
  return { claim: Number(await caught.getAttribute('data-caught-ms')), first: Number(await caught.getAttribute('data-first-byte-ms')) };
}
