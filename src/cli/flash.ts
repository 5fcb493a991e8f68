/**
 * `boothold flash (--tty PATH | --usb [VID:PID] | --stdio) IMAGE… [options]`
 *
 * Flashes CWE/SPK images into a module in download mode with the same engine the browser uses.
 * Images are inspected first (CWE structure and CRCs); nothing is sent unless every image is
 * sound and, with --product, made for that product.
 *
 * Exit codes: 0 flashed (reset sent), 2 usage, 3 image refused (nothing sent), 4 cannot open
 * the port/device, 5 no download protocol / emergency mode, 6 the module refused or reported an
 * error, 7 link failure (timeout, lost, corrupt reply), 8 cancelled.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { inspectSource } from '../session/images/inspect.ts';
import { openFileSource } from '../session/images/node-file-source.ts';
import { downloadImageFromReport } from '../session/download/from-report.ts';
import { CANCEL_CONFIRMATION, DownloadEngine, checkTransferSize, type DownloadProgress } from '../session/download/engine.ts';
import { DownloadError, type DownloadErrorCode } from '../session/download/errors.ts';
import type { DownloadImage } from '../session/download/image.ts';
import { LIBQMI_TIMINGS } from '../session/download/timings.ts';
import { TransportError } from '../transport/errors.ts';
import type { Transport } from '../transport/transport.ts';
import { forTerminal, jsonForTerminal } from './terminal.ts';

const HELP = `Usage: boothold flash (--tty PATH | --usb [VID:PID] | --stdio) IMAGE... [options]

Flashes Sierra Wireless CWE/SPK images into a module in download (boot-and-hold) mode.
The protocol (Sahara/Firehose or QDL) comes from the module's USB identity or --model when
they say; otherwise it is detected as qmi-firmware-update does (listen 5 s for a Sahara
hello, then the QDL probe), and a missed hello is recovered (module already in Firehose,
hello taken by another program) before giving up.

Options:
  --tty PATH            the download port (Linux: /dev/ttyUSB0 bound to qcserial)
  --usb [VID:PID]       talk to the download interface directly over USB (libusb)
  --stdio               speak the download protocol on stdin/stdout (tests, pipes)
  --uart PATH           update over the module's UART instead (see: boothold flash --uart x --help)
  --product CODE        refuse images not made for this product (e.g. 9X07); repeatable
  --model NAME          the module model (e.g. EM7455, RC7620): its protocol is tried first,
                        and a QDL-only model skips the 5 s Sahara listen
  --protocol P          skip detection: firehose or qdl
  --transfer-size N     largest single write in bytes, a multiple of 4096 (default 1048576)
  --json                progress and result as JSON lines on stdout
  --log                 print the session log at the end also when the flash succeeded
  --quiet               no progress bar
  -h, --help            this text

Exit codes: 0 done, 2 usage, 3 image refused, 4 port/device cannot be opened,
5 no download protocol or emergency mode, 6 module refused/reported an error,
7 link failure (timeout, device lost, corrupt reply), 8 cancelled.
`;

export const EXIT = { ok: 0, usage: 2, image: 3, open: 4, detect: 5, device: 6, link: 7, cancelled: 8 } as const;

export function exitCodeFor(code: DownloadErrorCode): number {
  switch (code) {
    case 'image-refused':
    case 'wrong-product':
    case 'image-read-failed':
      return EXIT.image;
    case 'no-download-protocol':
    case 'silent-module':
    case 'protocol-mismatch':
    case 'payload-below-sector':
    case 'emergency-mode':
      return EXIT.detect;
    case 'device-refused':
    case 'device-error':
      return EXIT.device;
    case 'cancelled':
      return EXIT.cancelled;
    case 'timeout':
    case 'device-lost':
    case 'reply-crc':
    case 'bad-reply':
    case 'sequence-mismatch':
    case 'unexpected-data':
    case 'transport':
      return EXIT.link;
  }
}

/** The image issue's inspection (structure, sizes, CRCs), streamed from disk; then the engine's view of it. */
export async function inspectFile(path: string): Promise<DownloadImage> {
  const source = await openFileSource(path);
  try {
    const report = await inspectSource(source);
    return await downloadImageFromReport(report, source, basename(path));
  } catch (e) {
    await source.close();
    throw e;
  }
}

function fmtBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

function fmtEta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

function bar(p: DownloadProgress): string {
  const frac = p.bytesTotal ? p.bytesDone / p.bytesTotal : 0;
  const width = 28;
  const full = Math.round(frac * width);
  const part = p.part ? ` ${p.part.index}/${p.part.count}` : '';
  return `[${'='.repeat(Math.max(0, full - 1))}${full ? '>' : ''}${' '.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${p.phase}${part} ${fmtBytes(p.bytesDone)}/${fmtBytes(p.bytesTotal)} ${p.mbps.toFixed(1)} MB/s ETA ${fmtEta(p.etaSeconds)}`;
}

async function openTransport(o: { tty?: string; usb?: string | boolean; stdio?: boolean; transferSize: number }): Promise<Transport> {
  if (o.tty) {
    // POSIX: open(2) + raw mode, nothing flushed (a hello already waiting is kept). Windows has
    // no tty device files: the serialport binding, which purges the input on open.
    if (process.platform === 'win32') {
      const { openNodeSerial } = await import('../transport/node-serial.ts');
      return openNodeSerial(o.tty);
    }
    const { openNodeTty } = await import('../transport/node-tty.ts');
    return openNodeTty(o.tty);
  }
  if (o.stdio) {
    const { openStdioTransport } = await import('../transport/node-stdio.ts');
    return openStdioTransport();
  }
  const { openNodeUsb, parseUsbSelector } = await import('../transport/node-usb.ts');
  return openNodeUsb(parseUsbSelector(typeof o.usb === 'string' ? o.usb : undefined), { transferSize: o.transferSize });
}

export async function run(argv: string[]): Promise<number> {
  // A module reached only by its UART: AT + XMODEM, a different job (flash-uart.ts).
  if (argv.some((a) => a === '--uart' || a.startsWith('--uart='))) return (await import('./flash-uart.ts')).run(argv);
  // `--usb` takes an optional value: accept `--usb` alone before an image path.
  const args = argv.map((a, i) => (a === '--usb' && (argv[i + 1] === undefined || !/^[0-9a-f]{1,4}(:[0-9a-f]{1,4})?$/i.test(argv[i + 1]!)) ? '--usb=' : a));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tty: { type: 'string' },
        usb: { type: 'string' },
        stdio: { type: 'boolean' },
        product: { type: 'string', multiple: true },
        protocol: { type: 'string' },
        model: { type: 'string' },
        'transfer-size': { type: 'string' },
        json: { type: 'boolean' },
        log: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`boothold flash: ${(e as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const ways = [o.tty !== undefined, o.usb !== undefined, o.stdio === true].filter(Boolean).length;
  if (ways !== 1 || parsed.positionals.length === 0) {
    process.stderr.write(`boothold flash: give exactly one of --tty, --usb, --stdio and at least one IMAGE\n\n${HELP}`);
    return EXIT.usage;
  }
  if (o.protocol !== undefined && o.protocol !== 'firehose' && o.protocol !== 'qdl') {
    process.stderr.write(`boothold flash: --protocol must be firehose or qdl\n`);
    return EXIT.usage;
  }
  const transferSize = o['transfer-size'] ? Number(o['transfer-size']) : 1024 * 1024;
  const badSize = checkTransferSize(transferSize);
  if (badSize) {
    process.stderr.write(`boothold flash: --transfer-size: ${badSize}\n`);
    return EXIT.usage;
  }
  const json = o.json ?? false;
  // With --stdio, stdout is the link: reports go to stderr.
  const out = o.stdio ? process.stderr : process.stdout;
  // Device and file strings (a module's log text, image names) never reach the terminal raw.
  const emit = (obj: Record<string, unknown>) => json && out.write(jsonForTerminal(JSON.stringify(obj)) + '\n');
  const say = (line: string) => !json && process.stderr.write(forTerminal(line) + '\n');

  // 1. Images: inspected before anything touches the module.
  const images: DownloadImage[] = [];
  try {
    for (const p of parsed.positionals) images.push(await inspectFile(p));
    DownloadEngine.checkImages(images, o.product);
  } catch (e) {
    for (const i of images) await i.source.close?.();
    const err = e instanceof DownloadError ? e : new DownloadError('image-read-failed', (e as Error).message, { phase: 'detect', step: 'inspection' });
    emit({ type: 'error', code: err.code, phase: err.phase, message: err.message, nextStep: err.nextStep });
    say(`error: ${err.message}\nnext step: ${err.nextStep}\nnothing was sent to the module.`);
    return exitCodeFor(err.code);
  }
  for (const i of images) say(`image ${i.name}: ${i.inspection.type} for ${i.inspection.product}, ${fmtBytes(i.source.size)}, inspection ok`);

  // 2. The link.
  let transport: Transport;
  // The port is read from its open on: the settle before the hello answer counts from here.
  const openedAt = performance.now();
  try {
    transport = await openTransport({ ...(o.tty ? { tty: o.tty } : {}), ...(o.usb !== undefined ? { usb: o.usb || true } : {}), ...(o.stdio ? { stdio: true } : {}), transferSize });
  } catch (e) {
    for (const i of images) await i.source.close?.();
    const te = e instanceof TransportError ? e : new TransportError('io', (e as Error).message);
    emit({ type: 'error', code: 'transport', transportCode: te.code, message: te.message, detail: te.detail });
    say(`error: ${te.message}${te.detail && te.detail !== te.message ? ` (${te.detail})` : ''}`);
    return EXIT.open;
  }

  // 3. The session.
  const engine = new DownloadEngine({
    transport,
    openedAt,
    ...(o.model ? { model: o.model } : {}),
    images,
    transferSize,
    timings: LIBQMI_TIMINGS,
    ...(o.product?.length ? { expectProducts: o.product } : {}),
    ...(o.protocol ? { protocol: o.protocol as 'firehose' | 'qdl' } : {}),
  });
  const tty = !json && !o.quiet && process.stderr.isTTY;
  let lastLine = '';
  engine.events.on('detected', (d) => {
    emit({ type: 'detected', protocol: d.protocol, device: d.identity.label, knownAs: d.identity.knownAs, ...(d.qdlVersion ? { qdlVersion: d.qdlVersion } : {}) });
    say(`${tty ? '\n' : ''}detected ${d.protocol === 'qdl' ? `QDL v${d.qdlVersion}` : 'Sahara → Firehose'} on ${d.identity.label}${d.identity.knownAs ? ` (${d.identity.knownAs})` : ''}`);
  });
  engine.events.on('phase', (p) => {
    emit({ type: 'phase', phase: p.phase, step: p.step });
    if (!tty && !json && !o.quiet) say(`phase ${p.phase}: ${p.step}`);
  });
  engine.events.on('progress', (p) => {
    emit({ type: 'progress', ...p });
    if (tty) {
      const line = bar(p);
      if (line !== lastLine) process.stderr.write(`\r${forTerminal(line)}\x1b[K`);
      lastLine = line;
    }
  });
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    const r = engine.cancel({ confirmed: interrupts > 1 });
    if (r === 'needs-confirmation') {
      process.stderr.write(`\n${CANCEL_CONFIRMATION}\nPress Ctrl-C again to stop anyway.\n`);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const r = await engine.run();
    if (tty) process.stderr.write('\n');
    emit({ type: 'done', ...r, identity: r.identity.label });
    say(`${r.message} ${fmtBytes(r.images.reduce((n, i) => n + i.bytes, 0))} in ${(r.durationMs / 1000).toFixed(1)} s (${r.mbps.toFixed(1)} MB/s while writing)`);
    if (o.log) process.stderr.write(`\nsession log:\n${engine.log.toText()}\n`);
    return EXIT.ok;
  } catch (e) {
    if (tty) process.stderr.write('\n');
    const err = e as DownloadError;
    emit({ type: 'error', code: err.code, phase: err.phase, step: err.step, message: err.message, deviceText: err.deviceText, transportCode: err.transportCode, writeStarted: err.writeStarted, nextStep: err.nextStep });
    say(`error: ${err.message}${err.deviceText ? `\nmodule said: ${err.deviceText}` : ''}\nnext step: ${err.nextStep}`);
    if (!json) process.stderr.write(`\nsession log:\n${forTerminal(engine.log.toText())}\n`);
    return exitCodeFor(err.code);
  } finally {
    process.off('SIGINT', onSigint);
    await transport.close();
    for (const i of images) await i.source.close?.();
  }
}
