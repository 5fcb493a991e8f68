/**
 * The tty transport claims the port the way other serial tools on the machine look for it,
 * over a real pseudo-terminal (socat): a UUCP lock file (minicom, cu, lockdev) with our PID,
 * taken over when its owner is gone, and flock(2) (picocom, tio), whose holder is named from
 * /proc/locks. A port another live program holds is refused with `port-busy` and its PID, by
 * the transport and by `boothold flash --tty` (exit 4, nothing sent). The lock files go to a
 * private directory (BOOTHOLD_LOCK_DIR), not the machine's /run/lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenImageBytes } from '../../src/session/download/image.fixture.ts';
import { isTransportError } from '../../src/transport/errors.ts';
import { openNodeTty } from '../../src/transport/node-tty.ts';
import { hdbPid, lockFileName } from '../../src/transport/tty-lock.ts';
import { BOOTHOLD, socatUnavailable } from './support/paths.ts';
import { runCommand } from './support/run.ts';

const unavailable = socatUnavailable();

describe.skipIf(unavailable !== null)('tty lock over a socat PTY', () => {
  let dir = '';
  let lockDir = '';
  let pty = '';
  let socat: ChildProcess | null = null;
  const others: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'boothold-lock-'));
    lockDir = join(dir, 'lock');
    mkdirSync(lockDir);
    pty = join(dir, 'tty');
    // a PTY whose other side swallows what it gets: a port that stays attached
    socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0`, 'EXEC:cat'], { stdio: 'ignore' });
    for (let i = 0; i < 500 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(() => {
    for (const p of others) p.kill();
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const lockFile = () => join(lockDir, lockFileName(realpathSync(pty)));

  /** A process that stays alive (a stand-in for minicom), and one that has already exited. */
  function live(cmd = 'sleep', args = ['60']): ChildProcess {
    const p = spawn(cmd, args, { stdio: 'ignore' });
    others.push(p);
    return p;
  }
  async function deadPid(): Promise<number> {
    const p = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => p.once('exit', r));
    return p.pid!;
  }

  it('writes LCK..<pts> with our PID in HDB form and takes flock; both go on close', async () => {
    const t = await openNodeTty(pty, { lock: { lockDir } });
    expect(lockFileName(realpathSync(pty))).toMatch(/^LCK\.\.pts_\d+$/);
    expect(readFileSync(lockFile(), 'latin1')).toBe(hdbPid(process.pid));
    expect(t.lock?.flocked).toBe(true);
    await t.close();
    expect(existsSync(lockFile())).toBe(false);
    // and the port opens again at once
    const again = await openNodeTty(pty, { lock: { lockDir } });
    await again.close();
  });

  it('refuses a port whose lock file names a live program, with its PID, and leaves the file alone', async () => {
    const minicom = live();
    writeFileSync(lockFile(), hdbPid(minicom.pid!));
    const err = await openNodeTty(pty, { lock: { lockDir } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isTransportError(err, 'port-busy')).toBe(true);
    expect((err as Error).message).toContain(`in use by PID ${minicom.pid}`);
    expect(readFileSync(lockFile(), 'latin1')).toBe(hdbPid(minicom.pid!));
    minicom.kill();
    await new Promise((r) => minicom.once('exit', r));
    rmSync(lockFile(), { force: true });
  });

  it('takes over a stale lock file (its owner is gone)', async () => {
    writeFileSync(lockFile(), hdbPid(await deadPid()));
    const t = await openNodeTty(pty, { lock: { lockDir } });
    expect(readFileSync(lockFile(), 'latin1')).toBe(hdbPid(process.pid));
    await t.close();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a port another program holds with flock (as picocom does), naming it from /proc/locks', async () => {
    const picocom = live('flock', ['-x', realpathSync(pty), 'sleep', '60']);
    // flock takes the lock, then starts sleep: wait until /proc/locks shows it
    for (let i = 0; i < 200 && !readFileSync('/proc/locks', 'utf8').includes(` ${picocom.pid} `); i++) await new Promise((r) => setTimeout(r, 10));
    const err = await openNodeTty(pty, { lock: { lockDir } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isTransportError(err, 'port-busy')).toBe(true);
    expect((err as Error).message).toContain(`in use by PID ${picocom.pid}`);
    // refused before taking anything: no lock file of ours is left behind
    expect(existsSync(lockFile())).toBe(false);
    picocom.kill();
    await new Promise((r) => picocom.once('exit', r));
  });

  it('boothold flash --tty says who holds the port and sends nothing (exit 4)', async () => {
    const minicom = live();
    writeFileSync(lockFile(), hdbPid(minicom.pid!));
    const image = join(dir, 'r9.spk');
    writeFileSync(image, goldenImageBytes());
    const res = await runCommand('node', [BOOTHOLD, 'flash', '--tty', pty, '--model', 'RC7620-1', image], { timeoutMs: 60_000, env: { ...process.env, BOOTHOLD_LOCK_DIR: lockDir } });
    expect(res.code, res.stderr + res.stdout).toBe(4);
    expect(res.stdout + res.stderr).toContain(`in use by PID ${minicom.pid}`);
    minicom.kill();
    rmSync(lockFile(), { force: true });
  });
});
