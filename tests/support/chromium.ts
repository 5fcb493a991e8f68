/**
 * Debian's Chromium and the flags every headless run here uses (e2e, Lighthouse, the browser
 * benches): no sandbox as root in CI, no GPU, and nothing that phones home or updates itself.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
