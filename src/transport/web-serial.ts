import { TransportError, fromPlatformError } from './errors.ts';
import { QueuedTransport } from './queued-transport.ts';
import type { TransportInfo, WriteOptions } from './transport.ts';
import { hex4 } from '../codec/hex.ts';

export interface WebSerialOptions {
  /** Ignored by USB modems (no real UART), but the API requires one. */
  readonly baudRate?: number;
  /** Serial line errors (break, framing, parity, overrun) the read loop survived. */
  readonly onLineError?: (error: TransportError) => void;
}

const NON_FATAL = new Set(['BreakError', 'FramingError', 'ParityError', 'BufferOverrunError', 'BufferOverflowError']);

/** Opens a WebSerial port and wraps it as a Transport. Errors are typed (port-busy, permission-denied…). */
export async function openWebSerial(port: SerialPort, options: WebSerialOptions = {}): Promise<WebSerialTransport> {
  try {
    await port.open({ baudRate: options.baudRate ?? 115200, bufferSize: 64 * 1024 });
  } catch (e) {
    throw fromPlatformError(e, 'open');
  }
  return new WebSerialTransport(port, options);
}

export function serialPortLabel(port: SerialPort): string {
  const info = port.getInfo();
  if (info.usbVendorId === undefined) return 'Serial port';
  return `USB ${hex4(info.usbVendorId)}:${hex4(info.usbProductId ?? 0)}`;
}

export class WebSerialTransport extends QueuedTransport {
  readonly info: TransportInfo;
  readonly #port: SerialPort;
  readonly #options: WebSerialOptions;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  #pump: Promise<void>;
  readonly #onDisconnect = () => this.lose(new TransportError('device-lost', 'The device was disconnected.'));

  constructor(port: SerialPort, options: WebSerialOptions) {
    super('The port is closed.');
    this.#port = port;
    this.#options = options;
    const info = port.getInfo();
    this.info = {
      kind: 'web-serial',
      label: serialPortLabel(port),
      ...(info.usbVendorId !== undefined
        ? { usb: { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 } }
        : {}),
    };
    port.addEventListener('disconnect', this.#onDisconnect);
    this.#pump = this.#readLoop();
  }

  /**
   * Keeps one reader on the port for the life of the link. A break/framing/parity error ends
   * only the current stream: the API hands out a fresh `readable`, so the loop takes it and
   * carries on. A fatal error (the device vanished) leaves `readable` null.
   */
  async #readLoop(): Promise<void> {
    while (this.state === 'open') {
      const readable = this.#port.readable;
      if (!readable) {
        this.lose(new TransportError('device-lost', 'The port stopped delivering data.'));
        return;
      }
      const reader = readable.getReader();
      this.#reader = reader;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value && value.length) this.push(value);
        }
      } catch (e) {
        const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
        if (this.state !== 'open') return;
        if (NON_FATAL.has(name)) {
          this.#options.onLineError?.(fromPlatformError(e, 'read'));
        } else {
          this.lose(fromPlatformError(e, 'read'));
          return;
        }
      } finally {
        try {
          reader.releaseLock();
        } catch {
          // already released by cancel()
        }
        if (this.#reader === reader) this.#reader = null;
      }
    }
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    this.checkWritable(options);
    try {
      if (!this.#writer) {
        const writable = this.#port.writable;
        if (!writable) throw new TransportError('device-lost', 'The port is no longer writable.');
        this.#writer = writable.getWriter();
      }
      await this.#writer.ready;
      await this.#writer.write(data);
    } catch (e) {
      const error = fromPlatformError(e, 'write');
      if (error.code === 'device-lost') this.lose(error);
      throw error;
    }
  }

  /** Unlocks both streams, then closes the port: close() fails while a stream is locked. */
  protected async release(): Promise<void> {
    this.#port.removeEventListener('disconnect', this.#onDisconnect);
    const reader = this.#reader;
    if (reader) {
      try {
        await reader.cancel();
      } catch {
        // the stream may already be errored
      }
    }
    await this.#pump.catch(() => undefined);
    const writer = this.#writer;
    this.#writer = null;
    if (writer) {
      try {
        await writer.close();
      } catch {
        // errored streams cannot be closed; releasing the lock is enough
      }
      try {
        writer.releaseLock();
      } catch {
        // already released
      }
    }
    try {
      await this.#port.close();
    } catch {
      // already closed, or the device is gone
    }
  }
}
