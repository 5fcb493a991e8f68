/**
 * UART update figures (issue 19):
 *
 * 1. Transfer efficiency — payload bytes/s ÷ line bytes/s (baud/10, 8N1) — of Boothold's
 *    XMODEM-1K sender into the virtual RC7620's UART, at 115200 and 921600, RTS/CTS on. Run on
 *    the simulator's VirtualClock, so the figure is the protocol's (framing + turnaround + the
 *    module's flash stalls) and not this machine's timer jitter. Goal ≥ 0.95. The same at 921600
 *    without flow control shows what the check guards against.
 * 2. Time for the 34.9 MB package at 115200 and 921600: Boothold's sender and lrzsz's `sx -k`
 *    into the same virtual module over the same simulated line, in real time. A slice is
 *    measured (first block out to the EOT acknowledged) and extrapolated linearly to
 *    34 879 232 bytes — the stalls and per-block costs scale with size. Goal Boothold/sx ≤ 1.0.
 *
 *   npx tsx bench/uart.ts [sliceKiB115200] [sliceKiB921600]
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STX, EOT } from '../src/codec/xmodem/constants.ts';
import { realFlowClock, type FlowClock } from '../src/session/flows/clock.ts';
import { bytesSource } from '../src/session/images/byte-source.ts';
import { transportLink } from '../src/session/uart/xmodem-receive.ts';
import { sendXmodem } from '../src/session/uart/xmodem-send.ts';
import { RealClock, VirtualClock } from '../src/sim/clock.ts';
import { createUartRig, type UartRig } from '../src/sim/uart/index.ts';

const PACKAGE = 34_879_232;
const slice115 = Number(process.argv[2] ?? 96) * 1024;
const slice921 = Number(process.argv[3] ?? 512) * 1024;

function payload(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 9;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** Times the line from the first block going out to the EOT's ACK arriving. */
function instrument(rig: UartRig) {
  const line = rig.line;
  const clock = rig.clock;
  const m = { first: -1, eot: -1, acked: -1 };
  const write = line.hostWrite.bind(line);
  line.hostWrite = (b: Uint8Array) => {
    if (m.first < 0 && b[0] === STX) m.first = clock.now();
    if (b.length === 1 && b[0] === EOT) m.eot = clock.now();
    return write(b);
  };
  return m;
}

async function prime(rig: UartRig, write: (b: Uint8Array) => Promise<void>, size: number, clock: { wait(ms: number): Promise<void> }) {
  await write(new TextEncoder().encode('ATE0\r'));
  await clock.wait(50);
  await write(new TextEncoder().encode(`AT+WDSD=${size}\r`));
}

async function efficiency(baud: number, flow: boolean, size: number) {
  const clock = new VirtualClock();
  const rig = createUartRig({ profile: 'rc7620', clock, moduleBaud: baud, moduleFlowControl: flow });
  await clock.advance(3_500);
  const t = rig.transport();
  await t.setBaudRate(baud);
  await t.setHardwareFlow(flow);
  const m = instrument(rig);
  const fc: FlowClock = clock;
  const wait = (ms: number) => clock.advance(ms);
  const link = transportLink(t, fc);
  let done = false;
  const run = (async () => {
    await prime(rig, (b) => t.write(b), size, { wait: (ms) => new Promise((r) => clock.setTimeout(r, ms)) });
    return sendXmodem(link, bytesSource(payload(size), 'slice'), { clock: fc });
  })().finally(() => (done = true));
  void wait;
  await clock.until(() => done, 3_600_000);
  const r = await run;
  const end = clock.now();
  const seconds = (end - m.first) / 1000;
  rig.dispose();
  return { ok: r.ok, seconds, efficiency: size / seconds / (baud / 10), lost: rig.line.stats.lostBytes, resent: r.stats.retransmissions };
}

/** Real time: the rig on the wall clock, a host (Boothold or sx) on the simulated line. */
async function realTime(who: 'boothold' | 'sx', baud: number, size: number, dir: string) {
  const rig = createUartRig({ profile: 'rc7620', clock: new RealClock(), moduleBaud: baud, moduleFlowControl: true });
  await new Promise((r) => setTimeout(r, 3_200));
  const t = rig.transport();
  await t.setBaudRate(baud);
  await t.setHardwareFlow(true);
  const m = instrument(rig);
  const data = payload(size);
  const wait = { wait: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  let ok = false;
  if (who === 'boothold') {
    await prime(rig, (b) => t.write(b), size, wait);
    const r = await sendXmodem(transportLink(t, realFlowClock), bytesSource(data, 'slice'), { clock: realFlowClock });
    ok = r.ok;
  } else {
    const file = join(dir, `slice-${baud}.bin`);
    writeFileSync(file, data);
    const pty = join(dir, `pty-${baud}`);
    const socat = spawn('socat', [`PTY,link=${pty},rawer,echo=0,wait-slave`, 'STDIO'], { stdio: ['pipe', 'pipe', 'ignore'] });
    while (!existsSync(pty)) await new Promise((r) => setTimeout(r, 10));
    const fd = openSync(pty, 'r+');
    // the simulated line carries what sx writes to the module, and the module's answers back
    rig.line.onHostReceive = (b) => socat.stdin!.write(b);
    socat.stdout!.on('data', (d: Buffer) => void rig.line.hostWrite(new Uint8Array(d)));
    await prime(rig, (b) => rig.line.hostWrite(b), size, wait);
    const sx = spawn('sx', ['-k', file], { stdio: [fd, fd, 'ignore'] });
    const code = await new Promise<number | null>((r) => sx.on('exit', r));
    ok = code === 0;
    socat.kill();
    closeSync(fd);
  }
  // the EOT's ACK: the module answers right after; give it the line time of one byte
  const seconds = (rig.clock.now() - m.first) / 1000;
  rig.dispose();
  return { ok, seconds };
}

function fmt(s: number): string {
  return s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}

const dir = mkdtempSync(join(tmpdir(), 'boothold-bench-uart-'));
try {
  console.log('1. XMODEM-1K transfer efficiency into the virtual RC7620 (VirtualClock, 4 MiB slice)');
  console.log('   baud     flow   payload B/s   line B/s   efficiency   lost bytes   re-sent blocks');
  for (const [baud, flow] of [[115200, true], [921600, true], [921600, false]] as const) {
    const r = await efficiency(baud, flow, 4 * 1024 * 1024);
    console.log(`   ${String(baud).padEnd(8)} ${(flow ? 'on' : 'off').padEnd(6)} ${Math.round((4 * 1024 * 1024) / r.seconds).toString().padStart(11)} ${String(baud / 10).padStart(10)} ${r.efficiency.toFixed(4).padStart(12)} ${String(r.lost).padStart(12)} ${String(r.resent).padStart(16)}${r.ok ? '' : '  (failed)'}${flow && r.efficiency < 0.95 ? '  BELOW GOAL 0.95' : ''}`);
  }
  console.log(`\n2. 34.9 MB package, Boothold vs sx -k on the same simulated line (real time; ${slice115 / 1024} KiB slice at 115200, ${slice921 / 1024} KiB at 921600, extrapolated)`);
  console.log('   baud      Boothold      sx -k        ratio');
  for (const [baud, slice] of [[115200, slice115], [921600, slice921]] as const) {
    const b = await realTime('boothold', baud, slice, dir);
    const s = await realTime('sx', baud, slice, dir);
    const scale = PACKAGE / slice;
    const ratio = b.seconds / s.seconds;
    console.log(`   ${String(baud).padEnd(9)} ${fmt(b.seconds * scale).padEnd(13)} ${fmt(s.seconds * scale).padEnd(12)} ${ratio.toFixed(3)}${b.ok && s.ok ? '' : '  (a run failed)'}${ratio > 1 ? '  ABOVE GOAL 1.0' : ''}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
