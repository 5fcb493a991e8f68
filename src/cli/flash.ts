/**
 * `boothold flash (--tty PATH | --usb [VID:PID] | --stdio) IMAGE… [options]`
 *
 * Flashes CWE/SPK images into a module in download mode through the same write job the
 * browser uses (session/write): images are inspected first (CWE structure and CRCs), and nothing
 * is sent unless every image is sound and made for the module's product line — the module named
 * by --model, else by its port's USB identity; with neither, it refuses to guess. After the
 * reset, --verify-port reads the module back over its AT port; without it the run ends
 * "written, not verified".
 *
 * Exit codes: 0 flashed (reset sent), 2 usage, 3 image refused (nothing sent), 4 cannot open
 * the port/device, 5 no download protocol / emergency mode, 6 the module refused or reported an
 * error, 7 link failure (timeout, lost, corrupt reply), 8 cancelled, 9 written but the
 * read-back (--verify-port) disagreed or found no module, 10 the file is a known-bad one for
 * this model (its SHA-256 is on the published list; nothing sent). 10 is apart from 3 so a
 * script can tell "this download is the wrong file, fetch another" from "this image is broken
 * or for another module".
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { inspectSource } from '../session/images/inspect.ts';
import { sha256OfSource } from '../session/images/hashing.ts';
import { openFileSource } from '../session/images/node-file-source.ts';
import { downloadImageFromReport } from '../session/download/from-report.ts';
import { CANCEL_CONFIRMATION, DownloadEngine, checkTransferSize, type DownloadProgress } from '../session/download/engine.ts';
import { DownloadError, type DownloadErrorCode } from '../session/download/errors.ts';
import type { DownloadImage } from '../session/download/image.ts';
import { LIBQMI_TIMINGS, type DownloadTimings } from '../session/download/timings.ts';
import { TransportError } from '../transport/errors.ts';
import type { Transport } from '../transport/transport.ts';
import type { ModuleIdentity } from '../session/write/module-identity.ts';
import { OUTCOME_TEXT, writtenText } from '../session/write/outcome.ts';
import { checkBeforeWrite } from '../session/write/pre-write-check.ts';
import { readFactsOver, type ReadBack } from '../session/write/read-back.ts';
import { WriteJob } from '../session/write/write-job.ts';
import { writeImageOf, type WriteImage } from '../session/write/write-image.ts';
import { fillTemplate } from '../knowledge/firmware/template.ts';
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
  --model NAME          the module model (e.g. EM7455, RC7620): images for another product
                        line are refused; its protocol is tried first, and a QDL-only model
                        skips the 5 s Sahara listen. Without it the port's USB identity names
                        the module; a tty, or 1199:68C0 (RC76xx, WP76xx and MC73xx share it),
                        does not, and nothing is written until --model says which it is
  --confirm-model NAME  write although the image's or the module's product line is unknown
                        to Boothold: type the module's model name (the same as --model)
  --product CODE        also refuse images not made for this product code (e.g. 9X07); repeatable
  --verify-port PATH    after the reset, wait for the module's AT port (e.g. /dev/ttyUSB2) and
                        read back its firmware version and carrier against the image
  --verify-timeout S    how long to wait for that port (default 180 s)
  --protocol P          skip detection: firehose or qdl
  --transfer-size N     largest single write in bytes, a multiple of 4096 (default 1048576)
  --json                progress and result as JSON lines on stdout
  --log                 print the session log at the end also when the flash succeeded
  --quiet               no progress bar
  -h, --help            this text

Exit codes: 0 written (verified with --verify-port), 2 usage, 3 image refused (nothing sent),
4 port/device cannot be opened, 5 no download protocol or emergency mode, 6 module
refused/reported an error, 7 link failure (timeout, device lost, corrupt reply), 8 cancelled,
9 written but --verify-port found another version or no module, 10 the image is a
known-bad file for this model (its SHA-256 is on Boothold's published list: the reason and
its public source are printed; nothing sent; no option overrides it).
`;

export const EXIT = { ok: 0, usage: 2, image: 3, open: 4, detect: 5, device: 6, link: 7, cancelled: 8, verify: 9, knownBad: 10 } as const;

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
  return (await inspectWriteImage(path)).image;
}

/** The same, with what the headers declare (platform, product, version, carrier) for the write job. */
export async function inspectWriteImage(path: string): Promise<WriteImage> {
  const source = await openFileSource(path);
  try {
    const report = await inspectSource(source);
    const image = await downloadImageFromReport(report, source, basename(path));
    // the known-bad list is keyed by the file's SHA-256: one more read, with Node's native hash
    const h = createHash('sha256');
    const sha256 = await sha256OfSource(source, { update: (b) => void h.update(b), hex: () => h.digest('hex') });
    return writeImageOf(image, { platform: report.platform, productCode: report.product, firmwareVersion: report.firmwareVersion, carrier: report.carrier }, report.errors.map((e) => e.code), sha256);
  } catch (e) {
    await source.close();
    throw e;
  }
}

/** For tests: what `run` opens, and the engine's timings. */
export interface FlashDeps {
  readonly openTransport?: (o: { tty?: string; usb?: string | boolean; stdio?: boolean; transferSize: number }) => Promise<Transport>;
  readonly openVerifyPort?: (path: string) => Promise<Transport>;
  readonly timings?: DownloadTimings;
}

/** Opens `path` again and again until the module's AT port is there, then reads it back. */
function ttyReadBack(path: string, open: (path: string) => Promise<Transport>): ReadBack {
  return async (signal) => {
    while (!signal.aborted) {
      let t: Transport | null = null;
      try {
        t = await open(path);
      } catch {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const facts = await readFactsOver(t, signal, { firstAnswerMs: 10_000 });
      if (facts) return facts;
    }
    return null;
  };
}

async function openTty(path: string): Promise<Transport> {
  if (process.platform === 'win32') {
    const { openNodeSerial } = await import('../transport/node-serial.ts');
    return openNodeSerial(path);
  }
  const { openNodeTty } = await import('../transport/node-tty.ts');
  return openNodeTty(path);
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
  // POSIX: open(2) + raw mode, nothing flushed (a hello already waiting is kept). Windows has
  // no tty device files: the serialport binding, which purges the input on open.
  if (o.tty) return openTty(o.tty);
  if (o.stdio) {
    const { openStdioTransport } = await import('../transport/node-stdio.ts');
    return openStdioTransport();
  }
  const { openNodeUsb, parseUsbSelector } = await import('../transport/node-usb.ts');
  return openNodeUsb(parseUsbSelector(typeof o.usb === 'string' ? o.usb : undefined), { transferSize: o.transferSize });
}

export async function run(argv: string[], deps: FlashDeps = {}): Promise<number> {
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
        'confirm-model': { type: 'string' },
        'verify-port': { type: 'string' },
        'verify-timeout': { type: 'string' },
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
  const verifyTimeout = o['verify-timeout'] ? Number(o['verify-timeout']) : 180;
  if (!(verifyTimeout > 0)) {
    process.stderr.write(`boothold flash: --verify-timeout must be a number of seconds\n`);
    return EXIT.usage;
  }
  const json = o.json ?? false;
  // With --stdio, stdout is the link: reports go to stderr.
  const out = o.stdio ? process.stderr : process.stdout;
  // Device and file strings (a module's log text, image names) never reach the terminal raw.
  const emit = (obj: Record<string, unknown>) => json && out.write(jsonForTerminal(JSON.stringify(obj)) + '\n');
  const say = (line: string) => !json && process.stderr.write(forTerminal(line) + '\n');

  // 1. Images: inspected before anything touches the module.
  const images: WriteImage[] = [];
  const closeImages = async () => {
    for (const i of images) await i.image.source.close?.();
  };
  const refuse = async (err: DownloadError | { code: string; message: string; nextStep: string }, exit: number) => {
    await closeImages();
    emit({ type: 'error', code: err.code, phase: 'detect', message: err.message, nextStep: err.nextStep });
    say(`error: ${err.message}\nnext step: ${err.nextStep}\nnothing was sent to the module.`);
    return exit;
  };
  try {
    for (const p of parsed.positionals) images.push(await inspectWriteImage(p));
    DownloadEngine.checkImages(images.map((i) => i.image), o.product);
  } catch (e) {
    const err = e instanceof DownloadError ? e : new DownloadError('image-read-failed', (e as Error).message, { phase: 'detect', step: 'inspection' });
    return refuse(err, exitCodeFor(err.code));
  }
  for (const i of images) say(`image ${i.image.name}: ${i.image.inspection.type} for ${i.image.inspection.product}, ${fmtBytes(i.image.source.size)}, inspection ok`);

  // Which module: --model, else the port's USB identity (known once the port is open; a tty
  // without one, or with an identity three lines share, is refused before anything is sent).
  const typed = o['confirm-model'] ?? null;
  const stated: ModuleIdentity | null = o.model ? { source: 'cli-model', model: o.model } : null;
  const checkFor = (module: ModuleIdentity) => {
    const c = checkBeforeWrite({ images, module, typedConfirmation: typed });
    if (c.ok) return null;
    const how = c.refusal.confirmable
      ? c.refusal.expectTyped
        ? `check the image; if you are sure, add --confirm-model ${c.refusal.expectTyped}`
        : 'say which module it is with --model NAME (e.g. --model RC7620); an unknown line also needs --confirm-model NAME'
      : c.refusal.code === 'product-mismatch'
        ? 'use the image made for this module (or correct --model)'
        : c.refusal.code === 'image-known-bad'
          ? 'download the right package for this model from the vendor page (see the source above); no option writes this file'
          : 'use a complete, unmodified image from Sierra Wireless for this module';
    return { code: c.refusal.code, message: c.refusal.message, nextStep: how };
  };
  const exitFor = (code: string) => (code === 'image-known-bad' ? EXIT.knownBad : EXIT.image);
  if (stated) {
    const bad = checkFor(stated);
    if (bad) return refuse(bad, exitFor(bad.code));
  }

  // 2. The link.
  let transport: Transport;
  // The port is read from its open on: the settle before the hello answer counts from here.
  const openedAt = performance.now();
  try {
    transport = await (deps.openTransport ?? openTransport)({ ...(o.tty ? { tty: o.tty } : {}), ...(o.usb !== undefined ? { usb: o.usb || true } : {}), ...(o.stdio ? { stdio: true } : {}), transferSize });
  } catch (e) {
    await closeImages();
    const te = e instanceof TransportError ? e : new TransportError('io', (e as Error).message);
    emit({ type: 'error', code: 'transport', transportCode: te.code, message: te.message, detail: te.detail });
    say(`error: ${te.message}${te.detail && te.detail !== te.message ? ` (${te.detail})` : ''}`);
    return EXIT.open;
  }
  const module: ModuleIdentity = { ...(stated ?? { source: 'usb' as const, model: null }), usb: transport.info.usb ?? null };
  if (!stated) {
    const bad = checkFor(module);
    if (bad) {
      await transport.close();
      return refuse(bad, exitFor(bad.code));
    }
  }

  // 3. The job: the check again, the engine, the read-back.
  const job = new WriteJob({
    path: 'cli',
    images,
    module,
    typedConfirmation: typed,
    transport,
    engine: {
      openedAt,
      transferSize,
      timings: deps.timings ?? LIBQMI_TIMINGS,
      ...(o.protocol ? { protocol: o.protocol as 'firehose' | 'qdl' } : {}),
    },
    ...(o['verify-port'] ? { readBack: ttyReadBack(o['verify-port'], deps.openVerifyPort ?? openTty), readBackTimeoutMs: verifyTimeout * 1000 } : {}),
  });
  const tty = !json && !o.quiet && process.stderr.isTTY;
  let lastLine = '';
  job.events.on('detected', (d) => {
    emit({ type: 'detected', protocol: d.protocol, device: d.identity.label, knownAs: d.identity.knownAs, ...(d.qdlVersion ? { qdlVersion: d.qdlVersion } : {}) });
    say(`${tty ? '\n' : ''}detected ${d.protocol === 'qdl' ? `QDL v${d.qdlVersion}` : 'Sahara → Firehose'} on ${d.identity.label}${d.identity.knownAs ? ` (${d.identity.knownAs})` : ''}`);
  });
  job.events.on('engine-phase', (p) => {
    emit({ type: 'phase', phase: p.phase, step: p.step });
    if (!tty && !json && !o.quiet) say(`phase ${p.phase}: ${p.step}`);
  });
  job.events.on('phase', (p) => {
    if (p.phase === 'verify') say(`${tty ? '\n' : ''}waiting for the module's AT port ${o['verify-port']} (up to ${verifyTimeout} s)…`);
  });
  job.events.on('progress', (p) => {
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
    const r = job.cancel({ confirmed: interrupts > 1 });
    if (r === 'needs-confirmation') {
      process.stderr.write(`\n${CANCEL_CONFIRMATION}\nPress Ctrl-C again to stop anyway.\n`);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await job.run();
    if (tty) process.stderr.write('\n');
    switch (outcome.kind) {
      case 'refused':
        emit({ type: 'error', code: outcome.refusal.code, phase: 'detect', message: outcome.refusal.message });
        say(`error: ${outcome.refusal.message}\nnothing was sent to the module.`);
        return exitFor(outcome.refusal.code);
      case 'failed': {
        const err = outcome.error;
        emit({ type: 'error', code: err.code, phase: err.phase, step: err.step, message: err.message, deviceText: err.deviceText, transportCode: err.transportCode, writeStarted: err.writeStarted, nextStep: err.nextStep });
        say(`error: ${err.message}${err.deviceText ? `\nmodule said: ${err.deviceText}` : ''}\nnext step: ${err.nextStep}`);
        if (!json) process.stderr.write(`\nsession log:\n${forTerminal(job.protocolLog)}\n`);
        return exitCodeFor(err.code);
      }
      default: {
        const r = outcome.result;
        const words = writtenText(outcome, verifyTimeout);
        const text = fillTemplate(OUTCOME_TEXT[words.key].en, words.params);
        emit({ type: 'done', ...r, identity: r.identity.label, outcome: outcome.kind, verification: outcome.verification });
        say(`${r.message} ${fmtBytes(r.images.reduce((n, i) => n + i.bytes, 0))} in ${(r.durationMs / 1000).toFixed(1)} s (${r.mbps.toFixed(1)} MB/s while writing)`);
        say(text);
        if (o.log) process.stderr.write(`\nsession log:\n${forTerminal(job.protocolLog)}\n`);
        // Asked to verify and it did not: say so in the exit code too.
        return outcome.kind === 'verified' || !o['verify-port'] ? EXIT.ok : EXIT.verify;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    await transport.close();
    await closeImages();
  }
}
