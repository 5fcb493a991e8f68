import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './analyze.ts';
import { SEED_MIXED } from '../session/analysis/logs.fixture.ts';

function capture() {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return { out: () => out, err: () => err, restore: () => (o.mockRestore(), e.mockRestore()) };
}

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
    expect(json.errors[0]).toMatchObject({ source: 'qmi', code: 14, name: 'CallFailed', line: 2 });
    for (const f of json.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'detail', 'nextSteps']));
    expect(cap.out()).not.toContain('352653090123456');
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
