/**
 * The Node CLI over a real pseudo-terminal: `boothold flash --tty PTY` against
 * `boothold sim --stdio` behind socat. Full flashes in both protocols, JSON progress, exit
 * codes by error class, refusals that send nothing, and device timing: a port held open before
 * the host opens it (as a tty whose module stays attached), so the module's hello is already
 * waiting, or was taken, when the host arrives.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenTestImageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { buildCwe } from '../../src/codec/cwe/writer.ts';
import type { SimReport } from '../../src/cli/sim.ts';
import { imageBytesOf } from '../../src/session/write/write-images.fixture.ts';
import { BOOTHOLD, socatUnavailable } from './support/paths.ts';
import { runCommand } from './support/run.ts';

const unavailable = socatUnavailable();

let dir = '';
let n = 0;

/** socat: a PTY on one side (link in dir), the simulator on the other, started when the PTY is opened. */
async function withSim<T>(protocol: string, fault: string | null, body: (pty: string, report: string) => Promise<T>, profile = 'rc7620'): Promise<{ result: T; report: SimReport | null }> {
  const id = n++;
  const pty = join(dir, `tty-${id}`);
  const report = join(dir, `report-${id}.json`);
  // socat's EXEC splits on ':' and ',', which fault plans contain: go through a script.
  const script = join(dir, `sim-${id}.sh`);
  writeFileSync(script, `#!/bin/sh\nexec node '${BOOTHOLD}' sim --stdio --protocol ${protocol} --profile ${profile} --report '${report}'${fault ? ` --fault '${fault}'` : ''}\n`, { mode: 0o755 });
  const socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0,wait-slave`, `EXEC:${script}`], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 500 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 10));
    const result = await body(pty, report);
    for (let i = 0; i < 250 && !existsSync(report); i++) await new Promise((r) => setTimeout(r, 20));
    return { result, report: existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as SimReport) : null };
  } finally {
    socat.kill();
  }
}

/**
 * Like withSim, but the PTY is opened (and held, never read) before the host opens it: the
 * simulator starts then and greets into the port's input queue; the host opens it `waitMs`
 * after the greeting. The simulator's --verbose log says what it received first.
 */
async function withHeldSim<T>(protocol: string, fault: string | null, waitMs: number, body: (pty: string) => Promise<T>): Promise<{ result: T; report: SimReport | null; simLog: string }> {
  const id = n++;
  const pty = join(dir, `tty-${id}`);
  const report = join(dir, `report-${id}.json`);
  const simLog = join(dir, `sim-${id}.log`);
  const script = join(dir, `sim-${id}.sh`);
  writeFileSync(script, `#!/bin/sh\nexec node '${BOOTHOLD}' sim --stdio --verbose --protocol ${protocol} --report '${report}'${fault ? ` --fault '${fault}'` : ''} 2>'${simLog}'\n`, { mode: 0o755 });
  const socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0,wait-slave`, `EXEC:${script}`], { stdio: 'ignore' });
  let holder: number | null = null;
  try {
    for (let i = 0; i < 500 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 10));
    holder = openSync(pty, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    // The simulator logs its start just before it greets.
    for (let i = 0; i < 1500 && !(existsSync(simLog) && /download mode/.test(readFileSync(simLog, 'utf8'))); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, waitMs));
    const result = await body(pty);
    for (let i = 0; i < 250 && !existsSync(report); i++) await new Promise((r) => setTimeout(r, 20));
    return { result, report: existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as SimReport) : null, simLog: existsSync(simLog) ? readFileSync(simLog, 'utf8') : '' };
  } finally {
    if (holder !== null) closeSync(holder);
    socat.kill();
  }
}

const flash = (args: string[]) => runCommand('node', [BOOTHOLD, 'flash', ...args], { timeoutMs: 60_000 });

describe.skipIf(unavailable !== null)('boothold flash --tty over a PTY against boothold sim --stdio', () => {
  let multi = '';
  let multiBytes: Uint8Array = new Uint8Array();
  let badCrc = '';
  let em74 = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'boothold-pty-'));
    multiBytes = buildCwe(goldenTestImageSpec({ dsp2Size: 2_500_000 }));
    multi = join(dir, 'multi.spk');
    writeFileSync(multi, multiBytes);
    // An EM74xx (9X30) image for the EM7455 case: the product check refuses the RC76xx one there.
    em74 = join(dir, 'em74.spk');
    writeFileSync(em74, imageBytesOf('other-line', 300));
    badCrc = join(dir, 'bad.spk');
    writeFileSync(badCrc, buildCwe({ ...goldenTestImageSpec(), fault: { imageCrc: 0x12345678 } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.concurrent.each(['firehose', 'qdl'])('%s: full flash, exit 0, the virtual flash holds the image', async (protocol) => {
    const { result, report } = await withSim(protocol, null, (pty) => flash(['--tty', pty, '--model', 'RC7620', multi]));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Reset sent, device gone as expected\./);
    expect(report?.images[0]).toMatchObject({ complete: true, writtenSize: multiBytes.length, sha256: createHash('sha256').update(multiBytes).digest('hex') });
    expect(report?.boot.mode).toBe('application');
  });

  // The module's hello was sent before the host opened the port: it must not be flushed away
  // (the serialport package did), so the first thing the module hears is the hello response.
  it.concurrent('hello sent before the host opens: kept, answered, flashed', async () => {
    const { result, report, simLog } = await withHeldSim('firehose', null, 500, (pty) => flash(['--tty', pty, '--model', 'RC7620', '--json', multi]));
    expect(result.code, result.stderr).toBe(0);
    expect(report?.images[0]).toMatchObject({ complete: true, writtenSize: multiBytes.length });
    const heard = simLog.split('\n').filter((l) => /sahara/.test(l));
    expect(heard[0], simLog).toMatch(/sahara hello-response/);
    expect(simLog).not.toMatch(/sahara: /);
  });

  it.concurrent.each([
    ['hello-consumed', /sahara: .*\n(.*\n)*.*sahara hello-response/],
    ['already-firehose', /garbage from host/],
  ])('%s (port held open first): recovered and flashed', async (fault, simSays) => {
    const { result, report, simLog } = await withHeldSim('firehose', fault, 200, (pty) => flash(['--tty', pty, '--model', 'RC7620', multi]));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Reset sent, device gone as expected\./);
    expect(report?.images[0]).toMatchObject({ complete: true, writtenSize: multiBytes.length, sha256: createHash('sha256').update(multiBytes).digest('hex') });
    expect(simLog).toMatch(simSays);
  });

  // libqmi's own timings: a hello at 6 s (after the 5 s listen) is still Sahara, and the 2 s
  // settle keeps a module that refuses an early switch happy. The port is held first, so the
  // module's clock starts before the host's (as with a module that stays attached).
  it.concurrent.each(['hello-delay:6000', 'settle:2000'])('%s with the real timings: flashed', async (fault) => {
    const { result, report } = await withHeldSim('firehose', fault, 0, (pty) => flash(['--tty', pty, '--model', 'RC7620', multi]));
    expect(result.code, result.stderr).toBe(0);
    expect(report?.images[0]).toMatchObject({ complete: true, writtenSize: multiBytes.length });
  });

  it.concurrent('a QDL-only model skips the 5 s Sahara listen', async () => {
    const { result } = await withSim('qdl', null, (pty) => flash(['--tty', pty, '--model', 'EM7455', '--log', em74]), 'em7455');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/model EM7455 is a QDL module/);
    expect(result.stderr).not.toMatch(/listening for a Sahara hello/);
  });

  it.concurrent('--transfer-size must be a multiple of 4096 (exit 2)', async () => {
    const r = await flash(['--tty', '/dev/null-not-opened', '--transfer-size', '5000', multi]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/multiple of 4096/);
  });

  it.concurrent('--json emits typed events as JSON lines', async () => {
    const { result } = await withSim('firehose', null, (pty) => flash(['--tty', pty, '--model', 'RC7620', '--json', multi]));
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(events.find((e) => e.type === 'detected')).toMatchObject({ protocol: 'firehose' });
    const phases = events.filter((e) => e.type === 'phase').map((e) => e['phase']);
    expect(phases).toEqual(expect.arrayContaining(['detect', 'hello', 'configure', 'write', 'finalize', 'reset']));
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ bytesDone: multiBytes.length, bytesTotal: multiBytes.length });
    expect(events.at(-1)).toMatchObject({ type: 'done', reset: 'gone' });
  });

  it.concurrent.each([
    ['qdl', 'nak@chunk:1', 6, /refused chunk 1/],
    ['firehose', 'error@data', 6, /HANDLE_PROGRAM_FAILURE/],
    ['firehose', 'unplug-after:100000', 7, /went away/],
    ['qdl', 'bad-crc@open', 7, /CRC/],
  ] as const)('%s with %s: exit %i, named error and next step', async (protocol, fault, code, text) => {
    const { result } = await withSim(protocol, fault, (pty) => flash(['--tty', pty, '--model', 'RC7620', multi]));
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(text);
    expect(result.stderr).toMatch(/next step: /);
    expect(result.stderr).toMatch(/session log:/);
  });

  it.concurrent('an image for another product is refused before the port is even opened (exit 3)', async () => {
    const r = await flash(['--tty', join(dir, 'no-such-tty'), '--product', '9X50', multi]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/9X07.*9X50/);
    expect(r.stderr).toMatch(/nothing was sent/);
  });

  it.concurrent('without --model, a PTY (no USB identity) is not guessed at: exit 3, nothing sent', async () => {
    const { result, report } = await withSim('firehose', null, (pty) => flash(['--tty', pty, multi]));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/cannot tell which product line this module is/);
    expect(result.stderr).toMatch(/--model/);
    expect(result.stderr).toMatch(/nothing was sent/);
    expect(report?.hostBytes ?? 0).toBe(0);
  });

  it.concurrent('an image with a bad CRC is refused by inspection (exit 3)', async () => {
    const r = await flash(['--tty', '/dev/null-not-opened', badCrc]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/did not pass inspection.*CRC/i);
    expect(r.stderr).toMatch(/nothing was sent/);
  });

  it.concurrent('Ctrl-C while writing asks for confirmation; a second one stops (exit 8)', async () => {
    const { result } = await withSim('firehose', 'slow:300000', async (pty) => {
      const child = spawn('node', [BOOTHOLD, 'flash', '--tty', pty, '--model', 'RC7620', '--json', multi], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let interrupted = 0;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        if (interrupted === 0 && /"type":"progress","phase":"write".*"bytesDone":[1-9]/.test(d.toString())) {
          interrupted = 1;
          child.kill('SIGINT');
          setTimeout(() => {
            interrupted = 2;
            child.kill('SIGINT');
          }, 300);
        }
      });
      const code = await new Promise<number | null>((r) => child.on('close', r));
      return { code, stderr, interrupted };
    });
    expect(result.interrupted).toBe(2);
    expect(result.stderr).toMatch(/stays in download mode.*recoverable/s);
    expect(result.code).toBe(8);
  });

  it.concurrent('usage errors exit 2', async () => {
    expect((await flash([])).code).toBe(2);
    expect((await flash(['--tty', 'x', '--usb', multi])).code).toBe(2);
  });
});
