import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './analyze.ts';
import { captureOutput } from './output-capture.fixture.ts';
import { SEED_MIXED } from '../session/analysis/logs.fixture.ts';

const capture = captureOutput;

describe('boothold analyze', () => {
  let cap: ReturnType<typeof capture> | null = null;
  afterEach(() => cap?.restore());

  it('prints the documented JSON schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boothold-'));
    const file = join(dir, 'seed.txt');
    writeFileSync(file, SEED_MIXED);
    cap = capture();
    const code = await run([file, '--json']);
    const json = JSON.parse(cap.out());
    expect(code).toBe(1);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['kind', 'modem', 'tool', 'errors', 'findings']));
    expect(Object.keys(json.modem)).toEqual(
      expect.arrayContaining(['model', 'family', 'firmware', 'firmwareVersion', 'release', 'imei', 'iccid', 'carrier', 'sim', 'cfun', 'usb']),
    );
    expect(json.modem.carrier).toEqual({ current: 'SIERRA', preferred: 'SIERRA' });
    expect(json.tool).toBe('qmicli');
    for (const f of json.findings) expect(Array.isArray(f.evidence)).toBe(true);
    expect(json.findings.find((f: { id: string }) => f.id === 'data-call-failed').evidence).toContain(2);
    expect(json.errors[0]).toMatchObject({ source: 'qmi', code: 14, name: 'CallFailed', line: 2 });
    for (const f of json.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'detail', 'nextSteps']));
    // --json prints identifiers as found (the user's own file); --redact masks them.
    expect(json.modem.imei).toBe('352653090123456');
    expect(json.identifiers).toBe('as-found');
    cap.restore();
    cap = capture();
    await run([file, '--json', '--redact']);
    const masked = JSON.parse(cap.out());
    expect(masked.modem.imei).toBe('•••••••••••3456');
    expect(masked.identifiers).toBe('masked');
    expect(cap.out()).not.toContain('352653090123456');
  });

  it('says in the human output whether identifiers are masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boothold-'));
    const file = join(dir, 'seed.txt');
    writeFileSync(file, SEED_MIXED);
    cap = capture();
    await run([file]);
    expect(cap.out()).toMatch(/Identifiers: as found; --redact masks them/);
    expect(cap.out()).toContain('IMEI: 352653090123456');
    expect(cap.out()).toMatch(/Lines: \d+/);
    cap.restore();
    cap = capture();
    await run([file, '--redact']);
    expect(cap.out()).toMatch(/Identifiers: masked \(--redact\)/);
    expect(cap.out()).not.toContain('352653090123456');
  });

  it('streams a file with CRLF, CR and LF line ends and a chunk boundary inside a line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boothold-'));
    const file = join(dir, 'big.txt');
    const filler = 'x'.repeat(70_000);
    writeFileSync(file, `${filler}\r\nATI\r\nModel: EM7455\rRevision: SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 06:23:09\nOK\r\n`);
    cap = capture();
    await run([file, '--json']);
    const json = JSON.parse(cap.out());
    expect(json.modem).toMatchObject({ model: 'EM7455', firmwareVersion: '02.24.05.06' });
    expect(json.lineCount).toBe(5);
  });

  it('prints a readable card in French', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boothold-'));
    const file = join(dir, 'seed.txt');
    writeFileSync(file, SEED_MIXED);
    cap = capture();
    await run([file, '--lang', 'fr']);
    expect(cap.out()).toMatch(/Constats/);
    expect(cap.out()).toMatch(/carrier-mismatch/);
  });

  it('reports usage and read errors', async () => {
    cap = capture();
    expect(await run([])).toBe(2);
    expect(await run(['a', 'b'])).toBe(2);
    expect(await run(['--bogus', 'x'])).toBe(2);
    expect(await run(['/nonexistent/file.log'])).toBe(3);
    expect(await run(['--help'])).toBe(0);
  });
});
