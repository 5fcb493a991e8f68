import { preview, type PreviewServer } from 'vite';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * Serves the production build (dist/, made by `vite build` before this suite) on a free
 * loopback port, so every e2e test drives exactly what users get.
 */
let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  // BOOTHOLD_DIST lets several checkouts' worth of work (or engineers) test their own build side by side.
  const outDir = process.env['BOOTHOLD_DIST'] || 'dist';
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run \`vite build${outDir === 'dist' ? '' : ` --outDir ${outDir}`}\` before the e2e suite.`);
  server = await preview({ build: { outDir }, preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false }, logLevel: 'error' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
