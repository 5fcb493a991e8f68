/**
 * The host adapter's end of a simulated UART as a Transport (unit tests, the bench, `boothold
 * sim`): writes take line time, reads get what the module sent at the module's rate. The adapter
 * settings (rate, RTS/CTS) change at run time, as `SerialPort.open()` options or a tty's termios
 * would.
 */
import { ByteQueue } from '../../transport/byte-queue.ts';
import { TransportError } from '../../transport/errors.ts';
import type { ReadOptions, Transport, TransportEnd, TransportInfo, TransportState, WriteOptions } from '../../transport/transport.ts';
import type { UartLine } from './line.ts';

export interface UartAdapterControl {
  setBaudRate(rate: number): Promise<void>;
  setHardwareFlow(on: boolean): Promise<void>;
  readonly baudRate: number;
  readonly hardwareFlow: boolean;
}

export class UartHostTransport implements Transport, UartAdapterControl {
  readonly #queue = new ByteQueue();
  readonly #line: UartLine;
  #state: TransportState = 'open';
  #resolveEnded!: (e: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));

  constructor(
    line: UartLine,
    readonly info: TransportInfo,
  ) {
    this.#line = line;
    line.onHostReceive = (b) => {
      if (this.#state === 'open') this.#queue.push(b);
    };
  }

  get state(): TransportState {
    return this.#state;
  }
  get baudRate(): number {
    return this.#line.host.baudRate;
  }
  get hardwareFlow(): boolean {
    return this.#line.host.hardwareFlow;
  }
  async setBaudRate(rate: number): Promise<void> {
    this.#line.host.baudRate = rate;
  }
  async setHardwareFlow(on: boolean): Promise<void> {
    this.#line.host.hardwareFlow = on;
  }

  read(options?: ReadOptions): Promise<Uint8Array> {
    return this.#queue.pull(options?.signal);
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    if (options?.signal?.aborted) throw new TransportError('aborted', 'Write aborted.');
    if (this.#state === 'lost') throw new TransportError('device-lost', 'The adapter went away.');
    if (this.#state === 'closed') throw new TransportError('closed', 'The link is closed.');
    await this.#line.hostWrite(data);
  }

  /** The USB-UART adapter was unplugged. */
  lose(): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    const error = new TransportError('device-lost', 'The USB-UART adapter went away.');
    this.#queue.end(error);
    this.#resolveEnded({ reason: 'lost', error });
  }

  async close(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'closed';
    this.#queue.end(new TransportError('closed', 'The link is closed.'));
    this.#resolveEnded({ reason: 'closed' });
  }
}
