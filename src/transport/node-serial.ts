/**
 * A serial port as a Transport through the serialport package: a UART at a set baud rate, and
 * the download port on Windows (COM ports), where it is the only way in.
 *
 * Its open() flushes the input queue (tcflush(TCIOFLUSH) on Linux, PurgeComm on Windows), and
 * the package has no option to skip that: bytes the device sent before the open are lost. On
 * Linux and macOS the download port therefore goes through node-tty.ts, which keeps them (a
 * Sahara hello sent at enumeration). On USB the baud rate means nothing and is only set because
 * the API wants one.
 */
import { ByteQueue } from './byte-queue.ts';
import { TransportError } from './errors.ts';
import { mapNodeError } from './node-stream.ts';
import type { ReadOptions, Transport, TransportEnd, TransportInfo, TransportState, UsbIdentity, WriteOptions } from './transport.ts';

type SerialPortLike = {
  on(ev: 'data', fn: (d: Buffer) => void): unknown;
  on(ev: 'close', fn: (err?: Error & { disconnected?: boolean }) => void): unknown;
  on(ev: 'error', fn: (err: Error) => void): unknown;
  write(data: Uint8Array, cb: (err?: Error | null) => void): boolean;
  drain(cb: (err?: Error | null) => void): void;
  close(cb?: (err?: Error | null) => void): void;
  readonly isOpen: boolean;
};

export interface NodeSerialOptions {
  readonly baudRate?: number;
  /** Wait for the OS to send each write (tcdrain) before resolving it. */
  readonly drain?: boolean;
}

export async function openNodeSerial(path: string, options: NodeSerialOptions = {}): Promise<NodeSerialTransport> {
  const { SerialPort } = await import('serialport');
  const port = await new Promise<SerialPortLike>((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false, lock: true });
    p.open((err) => (err ? reject(mapNodeError(err, 'open')) : resolve(p as unknown as SerialPortLike)));
  });
  const usb = await usbIdentityOfTty(path);
  return new NodeSerialTransport(port, { kind: 'node-serial', label: path, ...(usb ? { usb } : {}) }, options);
}

/**
 * Linux: the USB identity behind a tty (/sys/class/tty/NAME/device → the usb_device above it),
 * so a tty can be recognised as Qualcomm emergency mode or named. Null elsewhere or for a PTY.
 */
export async function usbIdentityOfTty(path: string, sysRoot = '/sys'): Promise<UsbIdentity | null> {
  const { readFile, realpath } = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  try {
    let dir = await realpath(join(sysRoot, 'class/tty', basename(await realpath(path)), 'device'));
    for (let i = 0; i < 6 && dir.startsWith(sysRoot) && dir !== sysRoot; i++, dir = dirname(dir)) {
      try {
        const vid = parseInt((await readFile(join(dir, 'idVendor'), 'utf8')).trim(), 16);
        const pid = parseInt((await readFile(join(dir, 'idProduct'), 'utf8')).trim(), 16);
        if (Number.isFinite(vid) && Number.isFinite(pid)) return { vendorId: vid, productId: pid };
      } catch {
        // not the usb_device level yet
      }
    }
  } catch {
    // no sysfs entry: not a USB tty (PTY, built-in UART) or not Linux
  }
  return null;
}

export class NodeSerialTransport implements Transport {
  readonly #queue = new ByteQueue();
  #state: TransportState = 'open';
  #resolveEnded!: (end: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));

  constructor(
    private readonly port: SerialPortLike,
    readonly info: TransportInfo,
    private readonly options: NodeSerialOptions = {},
  ) {
    port.on('data', (d) => this.#queue.push(new Uint8Array(d.buffer, d.byteOffset, d.length).slice()));
    port.on('close', (err) => {
      if (this.#state === 'open') this.#lose(err ? mapNodeError(err, 'read') : new TransportError('device-lost', 'The port closed.'));
    });
    port.on('error', (err) => this.#lose(mapNodeError(err, 'read')));
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
      // The callback fires once the binding wrote the bytes to the OS: one write in flight.
      await new Promise<void>((resolve, reject) => this.port.write(data, (err) => (err ? reject(err) : resolve())));
      if (this.options.drain) await new Promise<void>((resolve, reject) => this.port.drain((err) => (err ? reject(err) : resolve())));
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
    if (this.port.isOpen) await new Promise<void>((r) => this.port.close(() => r()));
  }

  #lose(error: TransportError): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#queue.end(error);
    this.#resolveEnded({ reason: 'lost', error });
    if (this.port.isOpen) this.port.close(() => undefined);
  }
}
