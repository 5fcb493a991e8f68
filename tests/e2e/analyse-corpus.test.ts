/**
 * The paste box gives what `boothold analyze --json` gives: a sample of real corpus files (one per
 * format: terminal prefixes, mmcli wrapping, answers without commands, FDT2, fwdwl-lite,
 * qmi-firmware-update + lsusb, dmesg, timestamps, several attempts) goes through the box, and
 * kind, tool, modem facts, errors, findings and their evidence lines must equal the CLI's report
 * of the same text. A file over 1 MB goes through the worker, with progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { SECTION_IDS } from './support/sections.ts';
import { analyzeText } from '../../src/session/analysis/analyze.ts';
import { toReport, type AnalysisReport } from '../../src/session/analysis/report.ts';
import { REAL_CASES } from '../../src/session/analysis/real-cases.fixture.ts';

const mounted = SECTION_IDS.includes('diagnosis');

/** One real case per way text arrives (names of shared/corpus files, quoted in real-cases.fixture.ts). */
const SAMPLE = [
  'at/mc7455-es_swi9x30c-02.33.03.00_ati-pcinfo-gobiimpref-empty-current.txt', // Send:/Recieve: prefixes
  'at/em7455_mmcli-command_gstatus-b25.txt', // mmcli --command response: '…'
  'at/rc7620-1_swi9x07h-00.08.07.00_ati-qti-baseline.txt', // ATI body without command
  'at/wp7607_swi9x07y-02.37.03.00_ati9-cgdcont-cgact-cgauth-ksrat-cgpaddr-timestamped.txt', // minicom timestamps + cm info
  'at/em7565_swi9x50c-01.00.02.00_impref-mismatch-lpm-ati-recovery.txt', // several attempts, collapsed spacing
  'at/rc7620_swi9x07h-00.08.19.00_ati9-cops-cgdcont-cgauth-scact-cme-error-no-network-service.txt', // verbose +CME
  'logs/em7565_fdt2_batch-multi_primary-51-secondary-201_boothold-qdl.txt', // FDT2 primary/secondary
  'logs/rc7620_qmi-firmware-update_endpoint-hangup_bootloop.txt', // lsusb appear/vanish + endpoint hangup
  'logs/rc7620_swi9x07h-00.08.24.02_crash-mpss-fs_device-nv-rebuild.txt', // crash log
  'logs/em9293_fw-download-tool_sahara-unresponsive-122.txt', // fw-download-tool
];

/** The corpus file as a customer pastes it (without its `# source/module/note/kind` header). */
function body(path: string): string {
  const c = REAL_CASES[path.replace(/^(?:at|logs)\//, '').replace(/\.txt$/, '')];
  if (!c) throw new Error(`${path} is not quoted in real-cases.fixture.ts`);
  return c.text;
}

interface Seen {
  kind: string | null;
  facts: Record<string, string>;
  errors: string[];
  findings: { id: string; lines: string }[];
}

async function seen(page: Page): Promise<Seen> {
  const kind = await page.getByTestId('paste-kind').getAttribute('data-kind');
  const facts = Object.fromEntries(
    await page.locator('[data-testid="paste-facts"] dd').evaluateAll((els) => els.map((e) => [e.getAttribute('data-field') ?? '', e.textContent ?? ''])),
  );
  const errors = await page.locator('[data-testid="paste-errors"] li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-source')}:${e.getAttribute('data-code')}`));
  const findings = await page
    .locator('[data-testid="findings"] [data-finding]')
    .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-finding') ?? '', lines: e.querySelector('[data-testid="finding-lines"]')?.getAttribute('data-lines') ?? '' })));
  return { kind, facts, errors, findings };
}

function expected(r: AnalysisReport): Seen {
  const m = r.modem;
  const facts: Record<string, string> = {};
  const put = (k: string, v: string | null) => v && (facts[k] = v);
  put('model', m.model);
  put('family', m.family ?? m.chipsetFamily);
  put('firmware', m.firmware ?? m.firmwareVersion);
  put('release', m.release);
  put('carrier', m.carrier.current);
  put('usb', m.usb ? `${m.usb.vid}:${m.usb.pid}` : null);
  put('tool', r.tool);
  return {
    kind: r.kind,
    facts,
    errors: r.errors.map((e) => `${e.source}:${e.code ?? ''}`),
    findings: r.findings.map((f) => ({ id: f.id, lines: f.evidence.join(',') })),
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.runIf(mounted)('paste box = CLI on real corpus files', () => {
  it('gives the CLI report on a sample of every format', async () => {
    const app = await openApp(browser, { path: '/#/diagnosis' });
    const { page } = app;
    for (const path of SAMPLE) {
      const text = body(path);
      const want = expected(toReport(analyzeText(text)));
      await page.getByTestId('paste-input').fill(text);
      await page.getByTestId('paste-analyse').click();
      // Consecutive samples may share a kind: wait for the whole card to be this text's.
      await expect.poll(() => seen(page), { message: path }).toEqual(want);
    }
    // Evidence lines are shown with the pasted text, highlighted.
    const lines = page.locator('[data-testid="finding-lines"]').first();
    await lines.locator('summary').click();
    expect(await lines.locator('mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'analyse-corpus-evidence');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('analyses a file over 1 MB in the worker, with the same result', async () => {
    const app = await openApp(browser, { path: '/#/diagnosis' });
    const { page } = app;
    // A 1.5 MB kernel log: a boot loop buried in noise, then the qmi-firmware-update failure.
    const noise = Array.from({ length: 24_000 }, (_, i) => `[ ${(i / 10).toFixed(6)}] eth0: link status poll ${i} ok ${'.'.repeat(24)}`).join('\n');
    const loop = Array.from({ length: 3 }, (_, i) => [
      `[ 9${i}01.000000] usb 1-1: new high-speed USB device number ${10 + i} using xhci_hcd`,
      `[ 9${i}01.100000] usb 1-1: New USB device found, idVendor=1199, idProduct=68c0, bcdDevice= 0.00`,
      `[ 9${i}03.000000] usb 1-1: USB disconnect, device number ${10 + i}`,
    ].join('\n')).join('\n');
    const text = `${noise}\n${loop}\nerror: couldn't open QMI device: endpoint hangup\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    await page.getByTestId('paste-file').setInputFiles({ name: 'big.log', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect.poll(() => page.getByTestId('paste-kind').getAttribute('data-kind'), { timeout: 30_000 }).toBe('log');
    expect(await seen(page)).toEqual(expected(toReport(analyzeText(text))));
    expect((await seen(page)).findings.map((f) => f.id)).toContain('boot-loop');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
