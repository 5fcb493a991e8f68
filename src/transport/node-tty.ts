/**
 * A download port as a Transport on Linux and macOS (qcserial /dev/ttyUSB0, a socat PTY in
 * tests), opened so that no byte the module already sent is lost.
 *
 * Why not the serialport package (node-serial.ts): its open() flushes the input queue
 * (tcflush(TCIOFLUSH) on Linux, PurgeComm on Windows), and a Sierra module in download mode
 * sends its single Sahara hello once, right after enumeration: a hello already waiting on the
 * tty was thrown away and the session fell back to QDL (`no-download-protocol`), where
 * qmi-firmware-update, which opens with open(2) + cfmakeraw, flashed the same module.
 *
 * Here: open(2) with O_NOCTTY, then libuv's raw mode (tty.ReadStream.setRawMode, which applies
 * tcsetattr with TCSADRAIN: it waits for output, it never discards input), and one reader
 * attached from the open to the close, so every byte lands in the queue. Raw mode is libuv's
 * (no echo, no line editing, no CR/NL mapping, no flow control, 8 bits, VMIN 1): what the
 * download protocols need. Baud rate is not set: it means nothing on a USB serial port
 * (UART links go through node-serial.ts, which sets it).
 *
 * The port is claimed before the first read (tty-lock.ts: a UUCP lock file and flock), so a
 * port another program holds is refused with `port-busy` naming its PID, and no byte meant
 * for that program is taken. Linux and macOS only: on Windows `boothold flash --tty COM5`
 * goes through node-serial.ts (the serialport package, cli/flash.ts openTty), which still
 * purges the input on open (PurgeComm) and takes no lock beyond Windows' own exclusive open
 * of a COM port; a hello already waiting there is lost, and the engine recovers as from any
 * missed hello (QDL probe, Firehose probe, then "power-cycle the module").
 */
import { constants, openSync, closeSync } from 'node:fs';
import tty from 'node:tty';
import { ByteQueue } from './byte-queue.ts';
import { TransportError } from './errors.ts';
import { usbIdentityOfTty } from './node-serial.ts';
import { mapNodeError } from './node-stream.ts';
import { lockTty, type TtyLock, type TtyLockOptions } from './tty-lock.ts';
import type { ReadOptions, Transport, TransportEnd, TransportInfo, TransportState, WriteOptions } from './transport.ts';

export interface NodeTtyOptions {
  /** Where sysfs is (tests give a fake tree); the USB identity is read from it. */
  readonly sysRoot?: string;
  /** Lock conventions (lock file directory, flock); default: both, in /run/lock. */
  readonly lock?: TtyLockOptions;
}

export async function openNodeTty(path: string, options: NodeTtyOptions = {}): Promise<NodeTtyTransport> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (e) {
    throw mapNodeError(e as Error, 'open');
  }
  let stream: tty.ReadStream;
  let lock: TtyLock | null = null;
  try {
    if (!tty.isatty(fd)) throw new TransportError('io', `${path} is not a tty.`);
    // Claimed before the reader starts: what waits on the tty stays in the kernel until then.
    lock = lockTty(path, options.lock);
    stream = new tty.ReadStream(fd);
    stream.setRawMode(true);
  } catch (e) {
    lock?.release();
    try {
      closeSync(fd);
    } catch {
      // already closed by the stream
    }
    throw e instanceof TransportError ? e : mapNodeError(e as Error, 'open');
  }
  // The reader is attached before anything else can happen (the identity look-up awaits).
  const transport = new NodeTtyTransport(stream, { kind: 'node-serial', label: path }, lock);
  const usb = await usbIdentityOfTty(path, options.sysRoot);
  if (usb) transport.setUsb(usb);
  return transport;
}

export class NodeTtyTransport implements Transport {
  readonly #queue = new ByteQueue();
  #state: TransportState = 'open';
  #info: TransportInfo;
  #resolveEnded!: (end: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));
  /** When the port was opened and the reader attached (performance.now()). */
  readonly openedAt = performance.now();
  /** Bytes read since the open, and when the first one came (performance.now()). */
  bytesRead = 0;
  firstByteAt: number | null = null;

  constructor(
    private readonly stream: tty.ReadStream,
    info: TransportInfo,
    /** The claim on the port, released when the stream has closed. */
    readonly lock: TtyLock | null = null,
  ) {
    this.#info = info;
    stream.once('close', () => lock?.release());
    stream.on('data', (d: Buffer) => {
      if (this.firstByteAt === null) this.firstByteAt = performance.now();
      this.bytesRead += d.length;
      this.#queue.push(new Uint8Array(d.buffer, d.byteOffset, d.length).slice());
    });
    // A PTY whose other side went away reads EIO; a USB tty that vanished, EIO or ENODEV.
    stream.on('error', (e: Error) => this.#lose(mapNodeError(e, 'read')));
    stream.on('end', () => this.#lose(new TransportError('device-lost', 'The port closed.')));
    stream.on('close', () => this.#lose(new TransportError('device-lost', 'The port closed.')));
  }

  get info(): TransportInfo {
    return this.#info;
  }

  /** The sysfs identity, known a moment after the open (the reader is already running). */
  setUsb(usb: NonNullable<TransportInfo['usb']>): void {
    this.#info = { ...this.#info, usb };
  }

  get state(): TransportState {
    return this.#state;
  }

  read(options?: ReadOptions): Promise<Uint8Array> {
    return this.#queue.pull(options?.signal);
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    if (this.#state === 'lost') throw new TransportError('device-lost', 'The device went away.');
    if (this.#state === 'closed') throw new TransportError('closed', 'The port is closed.');
    if (options?.signal?.aborted) throw new TransportError('aborted', 'Write aborted.');
    try {
      // The callback fires once libuv handed every byte to the kernel: one write in flight.
      await new Promise<void>((resolve, reject) => this.stream.write(data, (err) => (err ? reject(err) : resolve())));
    } catch (e) {
      const err = e instanceof TransportError ? e : mapNodeError(e as Error, 'write');
      if (err.code === 'device-lost') this.#lose(err);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#state === 'open') {
      this.#state = 'closed';
      this.#queue.end(new TransportError('closed', 'The port is closed.'));
      this.#resolveEnded({ reason: 'closed' });
    }
    await this.#destroy();
  }

  #destroy(): Promise<void> {
    if (this.stream.destroyed) return Promise.resolve();
    return new Promise<void>((r) => {
      this.stream.once('close', () => r());
      this.stream.destroy();
    });
  }

  #lose(error: TransportError): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#queue.end(error);
    this.#resolveEnded({ reason: 'lost', error });
    void this.#destroy();
  }
}
