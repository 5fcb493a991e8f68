/**
 * `boothold flash --uart PATH [--baud RATE] IMAGE` — the UART update from a shell, for boards
 * whose module is wired only by its UART (an RC76xx or HL78xx behind a USB-UART adapter or a
 * board's ttyS). The same job as the app (src/session/uart/job.ts): checks before anything is
 * sent (product line, `AT+WDSD=?`, `AT+IFC` on both sides, a throughput probe and the time
 * estimate), then the optional rate change, XMODEM-1K, the install, the reboot and the version
 * read back.
 *
 * Exit codes (as `boothold flash`): 0 updated, 2 usage, 3 image refused (nothing sent), 4 port
 * cannot be opened, 5 no local-update command on the module, 6 the module refused or did not
 * apply the update, 7 link failure (no answer, XMODEM gave up, port lost, no reboot), 8 cancelled, 10 a known-bad file for this model.
 */
import { parseArgs } from 'node:util';
import { openFileSource } from '../session/images/node-file-source.ts';
import { realFlowClock, type FlowClock } from '../session/flows/clock.ts';
import type { UartErrorCode } from '../session/uart/errors.ts';
import { isUartUpdateError } from '../session/uart/errors.ts';
import { formatDuration } from '../session/uart/estimate.ts';
import { interruptionAdvice } from '../session/uart/interruption.ts';
import { UartUpdateJob } from '../session/uart/job.ts';
import { inPlacePort, type UartPort, type UartSettings } from '../session/uart/port.ts';
import { TransportError } from '../transport/errors.ts';
import type { Transport } from '../transport/transport.ts';
import { forTerminal, jsonForTerminal } from './terminal.ts';

const HELP = `Usage: boothold flash --uart PATH [options] IMAGE

Updates an RC76xx / HL78xx module over its UART (AT+WDSD + XMODEM-1K), for boards without USB.

Options:
  --uart PATH           the serial port wired to the module's UART (/dev/ttyS1, /dev/ttyUSB0)
  --baud RATE           raise the rate for the transfer (AT+IPR, verified, falls back on failure)
  --at-baud RATE        the rate the module listens at now (default 115200)
  --no-flow-control     open the port without RTS/CTS (not advised above 115200)
  --no-set-flow         do not send AT+IFC=2,2 when the module has flow control off
  --confirm-model NAME  write although the package's or the module's product line is unknown
                        (NAME is the module's model, as ATI says it; kept in the output)
  --check-only          run the checks and print the estimate; send nothing
  --json                progress and result as JSON lines on stdout
  --quiet               no progress bar
  -h, --help            this text

Exit codes: 0 done, 2 usage, 3 image refused, 4 port cannot be opened, 5 no local update
command, 6 module refused or did not apply the update, 7 link failure, 8 cancelled, 10 the
package is a known-bad file for this model (reason and public source printed; nothing sent).
`;

export const UART_EXIT = { ok: 0, usage: 2, image: 3, open: 4, noUpdate: 5, device: 6, link: 7, cancelled: 8, knownBad: 10 } as const;

export function uartExitCode(code: UartErrorCode): number {
  switch (code) {
    case 'image-refused':
    case 'image-too-large':
      return UART_EXIT.image;
    case 'no-local-update':
      return UART_EXIT.noUpdate;
    case 'flow-control-unavailable':
    case 'install-refused':
    case 'install-not-started':
    case 'install-not-applied':
    case 'xmodem-cancelled-by-module':
    case 'transfer-not-confirmed':
      return UART_EXIT.device;
    case 'cancelled':
      return UART_EXIT.cancelled;
    // Only a tab's cross-tab lock says this; a shell has none. Nothing was sent: as a refusal.
    case 'write-busy':
      return UART_EXIT.image;
    case 'no-answer':
    case 'xmodem-not-started':
    case 'xmodem-too-many-retries':
    case 'xmodem-no-answer':
    case 'reboot-timeout':
    case 'port-lost':
      return UART_EXIT.link;
  }
}

/** A Node tty as a UartPort: the rate changes in place; RTS/CTS needs a reopen. */
async function nodeUartPort(path: string): Promise<UartPort> {
  const { SerialPort } = await import('serialport');
  const { NodeSerialTransport, usbIdentityOfTty } = await import('../transport/node-serial.ts');
  const { mapNodeError } = await import('../transport/node-stream.ts');
  const usb = await usbIdentityOfTty(path);
  let port: InstanceType<typeof SerialPort> | null = null;
  let transport: Transport | null = null;
  let settings: UartSettings | null = null;
  const openPort = (s: UartSettings) =>
    new Promise<InstanceType<typeof SerialPort>>((resolve, reject) => {
      const p = new SerialPort({ path, baudRate: s.baudRate, rtscts: s.hardwareFlow, autoOpen: false, lock: true });
      p.open((err) => (err ? reject(mapNodeError(err, 'open')) : resolve(p)));
    });
  return {
    label: path,
    usb: usb ? { vendorId: usb.vendorId, productId: usb.productId } : null,
    get settings() {
      return settings;
    },
    async open(s) {
      if (port && transport && settings && settings.hardwareFlow === s.hardwareFlow) {
        const p = port;
        await new Promise<void>((resolve, reject) => p.update({ baudRate: s.baudRate }, (e) => (e ? reject(mapNodeError(e, 'open')) : resolve())));
        settings = s;
        return transport;
      }
      await transport?.close();
      port = await openPort(s);
      transport = new NodeSerialTransport(port as never, { kind: 'node-serial', label: path, ...(usb ? { usb } : {}) });
      settings = s;
      return transport;
    },
    async close() {
      await transport?.close();
    },
  };
}

/** `--uart sim:rc7620[:fault]` talks to the virtual module in-process (tests, demos). */
async function simUartPort(spec: string): Promise<{ port: UartPort; clock: FlowClock; dispose(): void }> {
  const [, profile = 'rc7620', fault] = spec.split(':');
  const sim = await import('../sim/uart/index.ts');
  const faults: Record<string, import('../sim/uart/types.ts').UartFault> = {
    'nak-storm': { kind: 'nak-storm', afterBlocks: 8 },
    cut: { kind: 'cut-mid-transfer', afterBytes: 30_000 },
    'power-loss': { kind: 'power-loss-during-install', backAfterMs: 500 },
  };
  if (profile !== 'rc7620' && profile !== 'hl7800') throw new TransportError('io', `unknown virtual UART module "${profile}" (rc7620, hl7800)`);
  const rig = sim.createUartRig({ profile, timeScale: 0.02, ...(fault && faults[fault] ? { fault: faults[fault] } : {}) });
  await new Promise((r) => setTimeout(r, 100));
  const t = rig.transport();
  // the module's delays run 50× faster; the host's waits shrink with them
  const clock: FlowClock = { ...realFlowClock, setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms > 5_000 ? ms / 50 : ms) };
  return { port: inPlacePort(`virtual ${rig.module.profile.model} UART`, null, t), clock, dispose: () => rig.dispose() };
}

function fmtBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        uart: { type: 'string' },
        baud: { type: 'string' },
        'at-baud': { type: 'string' },
        'no-flow-control': { type: 'boolean' },
        'no-set-flow': { type: 'boolean' },
        'check-only': { type: 'boolean' },
        'confirm-model': { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`boothold flash: ${(e as Error).message}\n\n${HELP}`);
    return UART_EXIT.usage;
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(HELP);
    return UART_EXIT.ok;
  }
  const rate = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const baud = rate(o.baud);
  const atBaud = rate(o['at-baud']) ?? 115200;
  if (!o.uart || parsed.positionals.length !== 1 || [baud, atBaud].some((b) => b !== undefined && !(Number.isInteger(b) && b >= 300 && b <= 16_000_000))) {
    process.stderr.write(`boothold flash: --uart PATH and one IMAGE are required; rates are integers (300–16000000)\n\n${HELP}`);
    return UART_EXIT.usage;
  }
  const json = o.json ?? false;
  const emit = (obj: Record<string, unknown>) => json && process.stdout.write(jsonForTerminal(JSON.stringify(obj)) + '\n');
  const say = (line: string) => !json && process.stderr.write(forTerminal(line) + '\n');
  const tty = !json && !o.quiet && process.stderr.isTTY;

  let source;
  try {
    source = await openFileSource(parsed.positionals[0]!);
  } catch (e) {
    emit({ type: 'error', code: 'image-refused', message: (e as Error).message });
    say(`error: cannot read ${parsed.positionals[0]}: ${(e as Error).message}`);
    return UART_EXIT.image;
  }

  let port: UartPort;
  let clock: FlowClock = realFlowClock;
  let dispose = () => {};
  try {
    if (o.uart.startsWith('sim:')) {
      const s = await simUartPort(o.uart);
      port = s.port;
      clock = s.clock;
      dispose = s.dispose;
    } else port = await nodeUartPort(o.uart);
  } catch (e) {
    await source.close?.();
    const te = e instanceof TransportError ? e : new TransportError('io', (e as Error).message);
    emit({ type: 'error', code: 'transport', transportCode: te.code, message: te.message });
    say(`error: ${te.message}`);
    return UART_EXIT.open;
  }

  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  const job = new UartUpdateJob({
    port,
    image: source,
    clock,
    baudRate: atBaud,
    hostFlowControl: !o['no-flow-control'],
    setModuleFlowControl: !o['no-set-flow'],
    adapterMaxBaud: Math.max(921600, baud ?? 0),
    signal: abort.signal,
    typedConfirmation: o['confirm-model'] ?? null,
  });
  let lastLine = '';
  job.events.on('check', (c) => {
    emit({ type: 'check', ...c });
    say(`check ${c.id}: ${c.status} — ${c.detail}`);
  });
  job.events.on('phase', (p) => {
    emit({ type: 'phase', phase: p.phase });
    if (!o.quiet) say(`${tty && lastLine ? '\n' : ''}phase ${p.phase}`);
    lastLine = '';
  });
  job.events.on('urc', (u) => {
    emit({ type: 'urc', kind: u.kind, value: u.value, meaning: u.meaning.text.en, documented: u.meaning.documented });
    say(`${tty && lastLine ? '\n' : ''}module: +${u.kind.toUpperCase()}: ${u.value} — ${u.meaning.text.en}${u.meaning.documented ? '' : ' (undocumented: our reading)'}`);
    lastLine = '';
  });
  job.events.on('log', (l) => {
    if (l.dir === 'note') say(`note: ${l.text}`);
  });
  job.events.on('progress', (p) => {
    emit({ type: 'progress', ...p });
    if (!tty) return;
    const frac = p.bytesTotal ? p.bytesDone / p.bytesTotal : 0;
    const eta = p.etaSeconds === null ? '--' : formatDuration(p.etaSeconds);
    const line = `[${'='.repeat(Math.round(frac * 28)).padEnd(28)}] ${(frac * 100).toFixed(0).padStart(3)}% ${fmtBytes(p.bytesDone)}/${fmtBytes(p.bytesTotal)} ${(p.bytesPerSecond / 1000).toFixed(1)} kB/s ETA ${eta}${p.retransmissions ? ` (${p.retransmissions} re-sent)` : ''}`;
    if (line !== lastLine) process.stderr.write(`\r${forTerminal(line)}\x1b[K`);
    lastLine = line;
  });

  try {
    const report = await job.check();
    for (const e of report.estimates) say(`estimate: about ${formatDuration(e.seconds)} at ${e.baudRate} baud${e.baudRate === report.current.baudRate ? ' (now)' : ''}`);
    emit({ type: 'ready', module: report.module, estimates: report.estimates, fastest: report.fastest, probe: report.probe });
    if (o['check-only']) {
      say('checks done; nothing was sent (--check-only).');
      return UART_EXIT.ok;
    }
    let target = baud;
    if (target && !report.baudRates.includes(target)) {
      say(`note: the module does not list ${target} in AT+IPR=?; staying at ${report.current.baudRate}`);
      target = undefined;
    }
    const result = await job.run(target ? { baudRate: target } : {});
    emit({ type: 'done', before: result.before, after: result.after, baudRate: result.baudRate, transferSeconds: result.transferSeconds });
    say(`${tty ? '\n' : ''}updated: ${result.before.firmware ?? '?'} → ${result.after.firmware ?? '?'}, carrier ${result.after.carrier ?? '?'} (transfer ${formatDuration(result.transferSeconds)} at ${result.baudRate} baud)`);
    return UART_EXIT.ok;
  } catch (e) {
    if (!isUartUpdateError(e)) throw e;
    const advice = interruptionAdvice(e);
    // A refusal the user may override (an unknown product line) says how, as `boothold flash` does.
    const r = job.refusal;
    const next = r?.confirmable
      ? `check the package; if you are sure, add --confirm-model ${r.expectTyped ?? 'NAME (the module\'s model, e.g. RC7620)'}`
      : advice.next.en;
    emit({ type: 'error', code: e.code, phase: e.phase, message: e.message, moduleState: advice.moduleState.en, nextStep: next, ...(r ? { refusal: r.code } : {}) });
    say(`${tty ? '\n' : ''}error (${e.code}, during ${e.phase}): ${e.message}\nmodule: ${advice.moduleState.en}\nnext step: ${next}`);
    // a known-bad file has its own code, as in `boothold flash`
    return r?.code === 'image-known-bad' ? UART_EXIT.knownBad : uartExitCode(e.code);
  } finally {
    process.off('SIGINT', onSigint);
    await job.close();
    await source.close?.();
    dispose();
  }
}
