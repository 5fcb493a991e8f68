/**
 * Third-party AT clients, which no one here wrote, against `boothold sim --stdio --at
 * --profile rc7620` behind a pseudo-terminal (socat):
 *
 * - gammu (Debian `gammu`): identify, getsecuritystatus, networkinfo, monitor 1, getallsms;
 * - gsmlib (Debian `gsm-utils`): `gsmctl ALL` (identity, operators, facility locks, passwords,
 *   PIN, CLIP, call forwarding, battery, SMS centre, character sets, signal) and `gsmsmsstore -l`.
 *   gsmlib was chosen as the second client because it is a separate AT client library (C++, not a
 *   gammu relative) that probes a wide, different set of 27.007/27.005 commands. It drops DTR
 *   with TIOCMBIC before opening, which a PTY refuses (it has no modem-control lines, a USB
 *   tty does): a tiny LD_PRELOAD shim built here answers those ioctls as a USB tty would.
 *
 * Every command each client sends is read from socat's traffic log: each gets a final result
 * code, and the only ERRORs are for other vendors' commands (Siemens AT+MODE, Nokia/Sony
 * Ericsson AT+CPROT, AT+SYNCML, AT$TSSPCSW), which a Sierra module answers with ERROR too.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTHOLD, socatUnavailable } from './support/paths.ts';
import { runCommand } from './support/run.ts';

function missing(): string | null {
  const s = socatUnavailable();
  if (s) return s;
  for (const [tool, pkg] of [['gammu', 'gammu'], ['gsmctl', 'gsm-utils'], ['cc', 'gcc']] as const) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return `${tool} is not installed (Debian package ${pkg})`;
    }
  }
  return null;
}

const unavailable = missing();
if (unavailable && process.env.CI) throw new Error(`CI needs gammu, gsm-utils, gcc and socat: ${unavailable}`);
if (unavailable) console.warn(`AT client interop skipped: ${unavailable}`);

/** Vendor commands of other manufacturers: a Sierra module does not know them either. */
const FOREIGN = new Set(['AT+MODE=2', 'AT+CPROT=?', 'AT+SYNCML=?', 'AT$TSSPCSW=?']);

interface Sim {
  readonly pty: string;
  readonly log: string;
  readonly socat: ChildProcess;
}

let dir = '';
let shim = '';

/** socat: a PTY (link in dir) and the simulator on its stdio; resolves once the AT port answers. */
async function startSim(name: string): Promise<Sim> {
  const pty = join(dir, `tty-${name}`);
  const log = join(dir, `traffic-${name}.txt`);
  const script = join(dir, `sim-${name}.sh`);
  writeFileSync(script, `#!/bin/sh\nexec node '${BOOTHOLD}' sim --stdio --at --profile rc7620\n`, { mode: 0o755 });
  const socat = spawn('socat', ['-v', `PTY,link=${pty},rawer,echo=0`, `EXEC:${script}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  socat.stderr!.on('data', (d: Buffer) => {
    err += d.toString('latin1');
    writeFileSync(log, err);
  });
  const t0 = Date.now();
  while (!err.includes('sim: AT ready')) {
    if (Date.now() - t0 > 30_000) throw new Error(`the simulator never answered: ${err.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pty, log, socat };
}

/** Command lines the host sent and the final result code of each, in order, from `socat -v`. */
function exchanges(log: string): { command: string; final: string; lines: string[] }[] {
  const text = readFileSync(log, 'latin1');
  const parts = text.split(/([<>]) \d{4}\/\d\d\/\d\d [\d:.]+\s+length=\d+ from=\d+ to=\d+\n/);
  let host = '';
  let dev = '';
  for (let i = 1; i < parts.length; i += 2) {
    const chunk = parts[i + 1]!.replace(/\\r/g, '\r').replace(/\\n/g, '\n');
    if (parts[i] === '>') host += chunk;
    else dev += chunk;
  }
  // socat -v shows every other control byte as '.'; strip what the module ignores too
  const commands = host
    .split('\r')
    .map((c) => c.replace(/\n/g, '').replace(/\.$/, '').replace(/^[^A]*(?=AT)/i, '').trim())
    .filter((c) => /^AT/i.test(c));
  const out: { command: string; final: string; lines: string[] }[] = [];
  let cur: string[] = [];
  let i = 0;
  for (const line of dev.split(/\r\n|\r|\n/)) {
    if (!line.trim()) continue;
    if (cur.length === 0 && /^AT/i.test(line)) continue; // the echo
    cur.push(line);
    if (/^(OK|ERROR|NO CARRIER|\+CME ERROR:.*|\+CMS ERROR:.*)$/.test(line)) {
      out.push({ command: commands[i++] ?? '?', final: line, lines: cur.slice(0, -1) });
      cur = [];
    }
  }
  return out;
}

function checkEveryAnswer(sim: Sim): { command: string; final: string }[] {
  const x = exchanges(sim.log);
  expect(x.length).toBeGreaterThan(10);
  const refused = x.filter((e) => e.final !== 'OK' && !FOREIGN.has(e.command.toUpperCase()));
  expect(refused, 'commands answered with an error').toEqual([]);
  return x;
}

describe.skipIf(unavailable !== null)('real AT clients against boothold sim --at --profile rc7620', () => {
  let gammuSim: Sim;
  let gsmSim: Sim;
  let gammurc = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'boothold-atclients-'));
    shim = join(dir, 'modem-lines.so');
    const src = join(dir, 'modem-lines.c');
    writeFileSync(
      src,
      [
        '#define _GNU_SOURCE',
        '#include <dlfcn.h>',
        '#include <stdarg.h>',
        '#include <sys/ioctl.h>',
        '/* A PTY has no modem-control lines; a USB tty has: answer as it would. */',
        'static int lines = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR | TIOCM_CD;',
        'int ioctl(int fd, unsigned long req, ...) {',
        '  va_list ap; va_start(ap, req); void *arg = va_arg(ap, void *); va_end(ap);',
        '  static int (*real)(int, unsigned long, ...);',
        '  if (!real) real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");',
        '  int r = real(fd, req, arg);',
        '  if (r == 0) return 0;',
        '  if (req == TIOCMGET) { *(int *)arg = lines; return 0; }',
        '  if (req == TIOCMSET) { lines = *(int *)arg; return 0; }',
        '  if (req == TIOCMBIS) { lines |= *(int *)arg; return 0; }',
        '  if (req == TIOCMBIC) { lines &= ~*(int *)arg; return 0; }',
        '  return r;',
        '}',
      ].join('\n'),
    );
    execFileSync('cc', ['-shared', '-fPIC', '-o', shim, src, '-ldl']);
    [gammuSim, gsmSim] = await Promise.all([startSim('gammu'), startSim('gsm')]);
    gammurc = join(dir, 'gammurc');
    writeFileSync(gammurc, `[gammu]\ndevice = ${gammuSim.pty}\nconnection = at\n`);
  }, 60_000);

  afterAll(() => {
    gammuSim?.socat.kill();
    gsmSim?.socat.kill();
    if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });

  const gammu = (...args: string[]) => runCommand('gammu', ['-c', gammurc, ...args], { timeoutMs: 60_000 });

  it.concurrent('gammu: identify, security status, network, monitor and the SMS on the SIM', async () => {
    const id = await gammu('identify');
    expect(id.code, id.stdout + id.stderr).toBe(0);
    expect(id.stdout).toMatch(/Manufacturer\s+: Sierra Wireless, Incorporated/);
    expect(id.stdout).toMatch(/Model\s+: .*RC7620-1/);
    expect(id.stdout).toMatch(/Firmware\s+: SWI9X07H_00\.08\.24\.02 f90cbd jenkins 2022\/03\/21 03:47:54/);
    expect(id.stdout).toMatch(/IMEI\s+: 352653090412884/);
    expect(id.stdout).toMatch(/SIM IMSI\s+: 208013302714859/);

    const sec = await gammu('getsecuritystatus');
    expect(sec.code, sec.stderr).toBe(0);
    expect(sec.stdout).toContain('Nothing to enter.');

    const net = await gammu('networkinfo');
    expect(net.code, net.stderr).toBe(0);
    expect(net.stdout).toMatch(/Network state\s+: home network/);
    expect(net.stdout).toMatch(/Network\s+: 208 01 .*LAC 0E62, CID 02AC60[23]/);
    expect(net.stdout).toMatch(/GPRS\s+: attached/);

    const mon = await gammu('monitor', '1');
    expect(mon.code, mon.stderr).toBe(0);
    expect(mon.stdout).toMatch(/Signal strength\s+: -67 dBm/);
    expect(mon.stdout).toMatch(/SIM SMS status\s+: 1 used, 0 unread, 30 locations/);
    expect(mon.stdout).toMatch(/SIM phonebook\s+: +0 used, 250 free/);
    expect(mon.stdout).toMatch(/Enabling info about USSD\s*: No error./);

    const sms = await gammu('getallsms');
    expect(sms.code, sms.stderr).toBe(0);
    expect(sms.stdout).toMatch(/Remote number\s+: "\+33612345678"/);
    expect(sms.stdout).toContain('Bienvenue chez Orange');
    expect(sms.stdout).toContain('1 SMS parts in 1 SMS sequences');

    const x = checkEveryAnswer(gammuSim);
    const sent = new Set(x.map((e) => e.command.toUpperCase()));
    for (const c of ['ATE1', 'AT+CGMR', 'AT+CGSN', 'AT+CIMI', 'AT+CPIN?', 'AT+CREG?', 'AT+COPS?', 'AT+CSQ', 'AT+CPMS=?', 'AT+CNMI=?', 'AT+CMGL=4', 'AT+CSCS=?']) expect(sent).toContain(c);
  }, 120_000);

  it.concurrent('gsmlib: gsmctl ALL and gsmsmsstore', async () => {
    const env = { ...process.env, LD_PRELOAD: shim };
    const all = await runCommand('gsmctl', ['-d', gsmSim.pty, 'ALL'], { timeoutMs: 60_000, env });
    expect(all.code, all.stdout + all.stderr).toBe(0);
    expect(all.stdout).toContain('<ME0>  Manufacturer: Sierra Wireless, Incorporated');
    expect(all.stdout).toContain('<ME1>  Model: RC7620-1');
    expect(all.stdout).toContain('<ME3>  Serial Number: 352653090412884');
    expect(all.stdout).toContain('<FUN>  Functionality Level: 1');
    expect(all.stdout).toMatch(/<CURROP0>  Long name: 'Orange F'.*Numeric name: 20801/);
    expect(all.stdout).toContain('<PIN0> READY');
    expect(all.stdout).toContain('<SCA0>  +33689004000');
    expect(all.stdout).toMatch(/<SIG0>  2[0-9]/);

    const store = await runCommand('gsmsmsstore', ['-s', gsmSim.pty, '-t', 'SM', '-l'], { timeoutMs: 60_000, env });
    expect(store.code, store.stdout + store.stderr).toBe(0);
    expect(store.stdout).toContain("User data: 'Bienvenue chez Orange'");
    expect(store.stdout).toContain("Originating address: '33612345678'");

    const x = checkEveryAnswer(gsmSim);
    const sent = new Set(x.map((e) => e.command.toUpperCase()));
    for (const c of ['ATZ', 'ATE0', 'AT+CMEE=1', 'AT+COPS=?', 'AT+CLCK=?', 'AT+CPWD=?', 'AT+CBC', 'AT+CSCA?', 'AT+CSCS=?', 'AT+CMGR=1']) expect(sent).toContain(c);
  }, 120_000);
});
