/**
 * `boothold flash --uart PTY IMAGE` as a user runs it: the CLI opens a real pseudo-terminal
 * (serialport, RTS/CTS requested) made by socat; behind it this test wires the virtual RC7620's
 * UART (the simulated line at 115200, real time). Full update with exit 0; and exit 3 with
 * nothing sent for a package of another product line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRc76Package } from '../../src/session/uart/packages.fixture.ts';
import { RealClock } from '../../src/sim/clock.ts';
import { createUartRig } from '../../src/sim/uart/index.ts';
import { BOOTHOLD, socatUnavailable } from './support/paths.ts';

const unavailable = socatUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI needs socat: ${unavailable}`);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'boothold-uart-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withModule(body: (pty: string, rig: ReturnType<typeof createUartRig>) => Promise<void>) {
  const rig = createUartRig({ profile: 'rc7620', clock: new RealClock(), timeScale: 0.01, moduleFlowControl: true });
  const pty = join(dir, `tty-${Math.random().toString(36).slice(2)}`);
  const socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0`, 'STDIO'], { stdio: ['pipe', 'pipe', 'ignore'] });
  rig.line.onHostReceive = (b) => socat.stdin!.write(b);
  socat.stdout!.on('data', (d: Buffer) => void rig.line.hostWrite(new Uint8Array(d)));
  try {
    for (let i = 0; i < 1000 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200)); // the module boots (3 s × 0.01)
    await body(pty, rig);
  } finally {
    socat.kill();
    rig.dispose();
  }
}

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn('node', [BOOTHOLD, 'flash', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(unavailable !== null)('boothold flash --uart over a PTY', () => {
  it('updates the virtual RC7620 behind a PTY: exit 0, new version read back', async () => {
    const file = join(dir, 'r9.spk');
    writeFileSync(file, smallRc76Package({ size: 30_000 }));
    await withModule(async (pty, rig) => {
      const r = await cli(['--uart', pty, '--json', file]);
      if (r.code !== 0) console.log(r.err, r.out.slice(-1500));
      expect(r.code, r.err).toBe(0);
      const done = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; after?: { firmware: string } }).find((l) => l.type === 'done');
      expect(done?.after?.firmware).toBe('00.08.24.02');
      expect(rig.module.snapshot().firmware).toBe('00.08.24.02');
    });
  }, 90_000);

  it('a package for another product: exit 3, nothing sent', async () => {
    const file = join(dir, 'em74.spk');
    writeFileSync(file, smallRc76Package({ product: '9X30', platform: 'SWI9X30C', firmware: '02.24.05.06' }));
    await withModule(async (pty, rig) => {
      const r = await cli(['--uart', pty, file]);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/Nothing was sent/);
      expect(rig.module.snapshot().received).toBe(0);
    });
  }, 60_000);
});
