/**
 * Steps of the guided update as a user takes them in the built app, shared by the update-flow
 * e2e files: connect the virtual modem, open Update & rescue, choose the Release 9 image, and
 * start it as far as the module waiting in download mode.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.ts';
import { goldenImageBytes } from '../../../src/session/download/image.fixture.ts';

export const R9_NAME = 'RC76xx_Release9_GENERIC_GCF_7620.spk';
const r9 = Buffer.from(goldenImageBytes(600_000));

export async function connect(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Connect modem' }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
}

export async function openFlows(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Update & rescue', exact: true }).click();
  await page.getByTestId('flow-card-update').waitFor();
}

export async function chooseImage(page: Page, id: string): Promise<void> {
  await page.getByTestId(`image-file-${id}`).setInputFiles({ name: R9_NAME, mimeType: 'application/octet-stream', buffer: r9 });
  await expect.poll(() => page.getByTestId(`image-chosen-${id}`).textContent(), { timeout: 20_000 }).toContain('firmware 00.08.24.02, carrier GENERIC');
}

export async function prompt(page: Page, kind: string, timeout = 60_000): Promise<void> {
  await page.locator(`[data-testid="flow-prompt"][data-prompt="${kind}"]`).waitFor({ timeout });
}

export async function inDownloadMode(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.mode === 'download' && s.usb !== null) ?? false, null, { timeout: 30_000 });
}

export async function status(page: Page, s: string, timeout = 90_000): Promise<void> {
  try {
    await page.locator(`[data-testid="flow-wizard"][data-status="${s}"]`).waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `flows-failure-waiting-${s}`);
    throw e;
  }
}

/** Connected, the image chosen and confirmed: the module has gone to download mode and the flow asks to reconnect. */
export async function updateUntilDownloadMode(page: Page): Promise<void> {
  await connect(page);
  await openFlows(page);
  await chooseImage(page, 'update');
  await page.getByRole('button', { name: 'Start the update' }).click();
  await prompt(page, 'confirm-image');
  await page.getByRole('button', { name: 'Write this image' }).click();
  await prompt(page, 'reconnect');
  await inDownloadMode(page);
}
