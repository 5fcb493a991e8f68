/**
 * Issue 17, CLI rows: inherited property names as commands, a directory as the file, a closed
 * pipe, and a transcript whose Model line holds terminal escapes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCwe } from '../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../codec/cwe/images.fixture.ts';
import { deflateSync } from 'fflate';
import { buildZip } from '../session/images/zip.fixture.ts';
import { EXIT_USAGE, main } from './main.ts';
import { captureOutput } from './output-capture.fixture.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'boothold-main-'));
  writeFileSync(path.join(dir, 'good.spk'), buildCwe(goldenTestImageSpec()));
  writeFileSync(
    path.join(dir, 'evil.txt'),
    'ATI\r\nManufacturer: Sierra Wireless, Incorporated\r\nModel: RC7620\x1b]0;owned\x07\x1b[31m-1\x9b2J\r\nRevision: SWI9X07H_00.08.24.02\r\nIMEI: 352653090123456\r\nOK\r\nAT+CPIN?\r\n+CME ERROR: 10\r\n',
  );
});
beforeAll(() => {
  // A zip holding 2 GiB of zeros, as the directory of the real one declares it.
  const zeros = deflateSync(new Uint8Array(4 << 20), { level: 9 });
  writeFileSync(path.join(dir, 'zeros.zip'), buildZip([{ name: 'zeros.cwe', data: zeros, method: 8, declaredSize: 2 ** 31 }]));
  writeFileSync(path.join(dir, 'many.zip'), buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.cwe`, data: new Uint8Array(0) }))));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const capture = captureOutput;

describe('boothold main', () => {
  let cap: ReturnType<typeof capture> | null = null;
  afterEach(() => cap?.restore());

  it('treats inherited property names as unknown commands (exit 2, no TypeError)', async () => {
    cap = capture();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(await main([name])).toBe(EXIT_USAGE);
    }
    expect(cap.err()).toContain("unknown command 'constructor'");
    expect(cap.err()).not.toMatch(/TypeError|at main/);
  });

  it('says a directory is a directory, with exit 2, not an EISDIR stack trace', async () => {
    cap = capture();
    expect(await main(['inspect', dir])).toBe(2);
    expect(cap.err()).toMatch(/is a directory/);
    expect(cap.err()).not.toMatch(/\n\s+at /);
  });

  it('says an unreadable path is unreadable (exit 2)', async () => {
    cap = capture();
    expect(await main(['inspect', path.join(dir, 'good.spk', 'inside')])).toBe(2);
    expect(await main(['inspect', path.join(dir, 'missing.spk')])).toBe(2);
    expect(cap.err()).not.toMatch(/\n\s+at /);
  });

  it('refuses a zip bomb and a 20,000-entry zip by name (exit 1)', async () => {
    cap = capture();
    expect(await main(['inspect', '--no-sha256', path.join(dir, 'zeros.zip')])).toBe(1);
    expect(cap.out()).toMatch(/\[zip-ratio\]/);
    expect(await main(['inspect', '--no-sha256', path.join(dir, 'many.zip')])).toBe(1);
    expect(cap.out()).toMatch(/\[zip-too-many-entries\] The zip holds 20000 files/);
    expect(cap.out()).not.toMatch(/call stack/);
  });

  it('strips terminal escapes from a transcript before printing its Model line', async () => {
    cap = capture();
    await main(['analyze', path.join(dir, 'evil.txt')]);
    const out = cap.out();
    expect(out).toContain('RC7620');
    expect(out).not.toMatch(/[\x1b\x07\x9b]/);
    cap.restore();
    cap = capture();
    await main(['analyze', path.join(dir, 'evil.txt'), '--json']);
    expect(cap.out()).not.toMatch(/[\x1b\x07\x9b]/);
    expect(() => JSON.parse(cap!.out())).not.toThrow();
  });

  it('ends quietly with its own exit code when the reader closes the pipe (| head)', async () => {
    const bin = path.resolve('bin/boothold.mjs');
    const child = spawn(process.execPath, [bin, 'inspect', '--json', path.join(dir, 'good.spk')], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Close our end at once: every write the child makes meets EPIPE.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  }, 30_000);
});
