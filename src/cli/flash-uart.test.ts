import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { smallRc76Package } from '../session/uart/packages.fixture.ts';
import { run, uartExitCode, UART_EXIT } from './flash-uart.ts';
import { captureOutput } from './output-capture.fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'boothold-flash-uart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const c = captureOutput();
  return { lines: c.jsonLines, restore: c.restore };
}

describe('boothold flash --uart', () => {
  it('runs the checks against the virtual RC7620 and prints the estimate (--check-only sends nothing)', async () => {
    const file = join(dir, 'r9.spk');
    writeFileSync(file, smallRc76Package());
    const c = capture();
    const code = await run(['--uart', 'sim:rc7620', '--check-only', '--json', file]).finally(c.restore);
    expect(code).toBe(UART_EXIT.ok);
    const ready = c.lines().find((l) => l.type === 'ready') as { estimates: { baudRate: number }[]; fastest: number } | undefined;
    expect(ready?.fastest).toBe(921600);
    expect(ready?.estimates.map((e) => e.baudRate)).toEqual(expect.arrayContaining([115200, 921600]));
  }, 30_000);

  it('refuses an image for another product line with exit 3', async () => {
    const file = join(dir, 'em74.spk');
    writeFileSync(file, smallRc76Package({ product: '9X30', platform: 'SWI9X30C', firmware: '02.24.05.06' }));
    const c = capture();
    const code = await run(['--uart', 'sim:rc7620', '--json', file]).finally(c.restore);
    expect(code).toBe(UART_EXIT.image);
    expect(c.lines().at(-1)).toMatchObject({ type: 'error', code: 'image-refused', phase: 'checks' });
  }, 30_000);

  it('a package of an unknown product line needs --confirm-model with the module name (as boothold flash)', async () => {
    const file = join(dir, 'zzzz.spk');
    writeFileSync(file, smallRc76Package({ product: 'ZZZZ', platform: 'SWIZZZZZ' }));
    const refused = capture();
    const code = await run(['--uart', 'sim:rc7620', '--check-only', '--json', file]).finally(refused.restore);
    expect(code).toBe(UART_EXIT.image);
    expect(refused.lines().at(-1)).toMatchObject({ type: 'error', code: 'image-refused', refusal: 'image-line-unknown', nextStep: expect.stringMatching(/--confirm-model RC7620-1/) });
    const wrong = capture();
    expect(await run(['--uart', 'sim:rc7620', '--check-only', '--json', '--confirm-model', 'EM7455', file]).finally(wrong.restore)).toBe(UART_EXIT.image);
    expect(wrong.lines().at(-1)).toMatchObject({ type: 'error', refusal: 'confirmation-mismatch' });
    const ok = capture();
    expect(await run(['--uart', 'sim:rc7620', '--check-only', '--json', '--confirm-model', 'RC7620', file]).finally(ok.restore)).toBe(UART_EXIT.ok);
    expect(ok.lines().find((l) => l.type === 'check' && l.id === 'image')).toMatchObject({ status: 'caution', detail: expect.stringMatching(/typed model name "RC7620"/) });
  }, 30_000);

  it('usage errors exit 2; every error code has an exit code', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['--uart', '/dev/null'])).toBe(UART_EXIT.usage);
    expect(await run(['--uart', '/dev/null', '--baud', 'fast', 'x.spk'])).toBe(UART_EXIT.usage);
    err.mockRestore();
    expect(uartExitCode('xmodem-too-many-retries')).toBe(UART_EXIT.link);
    expect(uartExitCode('install-not-applied')).toBe(UART_EXIT.device);
    expect(uartExitCode('no-local-update')).toBe(UART_EXIT.noUpdate);
    expect(uartExitCode('write-busy')).toBe(UART_EXIT.image);
  });
});
