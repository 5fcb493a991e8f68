/**
 * A WebSerial `SerialPort` look-alike for a module wired through a USB-UART adapter (FTDI,
 * CP210x, CH340, PL2303) or a board's own UART (no USB ids): the app sees the adapter's ids in
 * getInfo(), and the `baudRate` and `flowControl` it opens with are what the simulated line
 * uses. Reopening at another rate is how the app switches rates, as with a real port.
 */
import type { UartLine } from './line.ts';

export const ADAPTERS = {
  ftdi: { usbVendorId: 0x0403, usbProductId: 0x6015, label: 'FTDI FT231X USB UART' },
  cp210x: { usbVendorId: 0x10c4, usbProductId: 0xea60, label: 'Silicon Labs CP2102N' },
  ch340: { usbVendorId: 0x1a86, usbProductId: 0x7523, label: 'WCH CH340' },
  pl2303: { usbVendorId: 0x067b, usbProductId: 0x2303, label: 'Prolific PL2303' },
  native: { usbVendorId: undefined, usbProductId: undefined, label: 'Board UART (ttyS1)' },
} as const;
export type AdapterKind = keyof typeof ADAPTERS;

function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

export class FakeUartSerialPort extends EventTarget implements SerialPort {
  onconnect: ((this: unknown, ev: Event) => void) | null = null;
  ondisconnect: ((this: unknown, ev: Event) => void) | null = null;
  readonly adapter: AdapterKind;
  readonly #line: UartLine;
  #open = false;
  #present = true;
  #readable: ReadableStream<Uint8Array> | null = null;
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;

  constructor(line: UartLine, adapter: AdapterKind) {
    super();
    this.#line = line;
    this.adapter = adapter;
    line.onHostReceive = (b) => {
      if (this.#open && this.#controller) this.#controller.enqueue(b);
    };
  }

  get connected(): boolean {
    return this.#present;
  }

  getInfo(): SerialPortInfo {
    const a = ADAPTERS[this.adapter];
    return a.usbVendorId === undefined ? {} : { usbVendorId: a.usbVendorId, usbProductId: a.usbProductId };
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (!this.#open) return null;
    if (!this.#readable) {
      this.#readable = new ReadableStream<Uint8Array>({
        start: (c) => {
          this.#controller = c;
        },
        cancel: () => {
          this.#controller = null;
          this.#readable = null;
        },
      });
    }
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (!this.#open) return null;
    if (!this.#writable) {
      const stream: WritableStream<Uint8Array> = new WritableStream<Uint8Array>({
        write: async (chunk) => {
          if (!this.#present) throw domError('NetworkError', 'The device has been lost.');
          await this.#line.hostWrite(new Uint8Array(chunk));
        },
        close: () => {
          if (this.#writable === stream) this.#writable = null;
        },
        abort: () => {
          if (this.#writable === stream) this.#writable = null;
        },
      });
      this.#writable = stream;
    }
    return this.#writable;
  }

  async open(options: SerialOptions): Promise<void> {
    if (!options || typeof options.baudRate !== 'number' || options.baudRate <= 0) {
      throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested baud rate must be non-zero.");
    }
    if (this.#open) throw domError('InvalidStateError', 'The port is already open.');
    if (!this.#present) throw domError('NetworkError', 'Failed to open serial port.');
    this.#line.host.baudRate = options.baudRate;
    this.#line.host.hardwareFlow = options.flowControl === 'hardware';
    this.#open = true;
  }

  async close(): Promise<void> {
    if (!this.#open) throw domError('InvalidStateError', 'The port is already closed.');
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    await this.#readable?.cancel().catch(() => undefined);
    await this.#writable?.abort().catch(() => undefined);
    this.#readable = null;
    this.#writable = null;
    this.#controller = null;
    this.#open = false;
  }

  async setSignals(): Promise<void> {
    if (!this.#open) throw domError('InvalidStateError', 'The port is closed.');
  }

  async getSignals(): Promise<SerialInputSignals> {
    if (!this.#open) throw domError('InvalidStateError', 'The port is closed.');
    return { dataCarrierDetect: false, clearToSend: true, ringIndicator: false, dataSetReady: true };
  }

  async forget(): Promise<void> {
    this.#present = false;
  }

  /** The adapter is pulled out of the laptop. */
  unplug(): void {
    this.#present = false;
    const err = domError('NetworkError', 'The device has been lost.');
    try {
      this.#controller?.error(err);
    } catch {
      // already closed
    }
    this.#controller = null;
    this.#readable = null;
    this.dispatchEvent(new Event('disconnect'));
  }
}
