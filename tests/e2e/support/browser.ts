/**
 * Drives Debian's Chromium with playwright-core (no browser download). Each test file gets one
 * browser; each test a fresh context. Every page is watched for requests leaving its origin,
 * and `closeApp` fails the test if one happened: the app must be fully self-contained.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium.ts';

export { CHROMIUM, CHROMIUM_ARGS };
export const RESULTS_DIR = path.resolve('test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

export interface AppHandle {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Requests the page tried to send outside its own origin (blocked). */
  readonly foreignRequests: string[];
  /** Uncaught page errors and console errors. */
  readonly pageErrors: string[];
}

export interface OpenOptions {
  /** Query string without `?`, e.g. `sim=seed` to start with the virtual modem. */
  readonly query?: string;
  /** Script run before any page script (e.g. delete navigator.serial). */
  readonly initScript?: string;
  readonly locale?: string;
  readonly viewport?: { width: number; height: number };
  /** Path under the app, default "/". */
  readonly path?: string;
  /** Section to open, e.g. `console` (the app routes on `#/<section>`). */
  readonly section?: string;
}

export async function openApp(browser: Browser, options: OpenOptions = {}): Promise<AppHandle> {
  const origin = new URL(baseUrl()).origin;
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 1280, height: 860 },
  });
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      foreignRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  const url = new URL(options.path ?? '/', baseUrl());
  if (options.query) url.search = options.query;
  if (options.section) url.hash = `#/${options.section}`;
  await page.goto(url.toString());
  return { page, context, foreignRequests, pageErrors };
}

export async function closeApp(app: AppHandle): Promise<void> {
  await app.context.close();
  if (app.foreignRequests.length) {
    throw new Error(`The page sent requests outside its origin: ${app.foreignRequests.join(', ')}`);
  }
}

/** Saves a full-page screenshot under test-results/ and returns its path (look at it!). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs axe-core (injected from node_modules) on the page; returns the violations. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: number; help: string }[]> {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[]; help: string }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
}
