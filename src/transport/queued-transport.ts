import { ByteQueue } from './byte-queue.ts';
import { TransportError } from './errors.ts';
import type { ReadOptions, Transport, TransportEnd, TransportInfo, TransportState, WriteOptions } from './transport.ts';

/**
 * What a transport with a background read pump holds besides its device: the queue the pump
 * fills, the open / closed / lost state, the `ended` promise, and the two ways a link ends
 * (close() by the caller, lose() when the device goes away).
 *
 * WebSerial and WebUSB had this bookkeeping line for line; it lives here once so the two
 * cannot drift apart on when `ended` resolves or which error a read or write gets afterwards.
 * A subclass holds the device: it fills the queue with push(), calls lose() from its pump,
 * write path or disconnect listener, and says in release() how its device is let go.
 */
export abstract class QueuedTransport implements Transport {
  abstract readonly info: TransportInfo;
  readonly #queue = new ByteQueue();
  readonly #closedMessage: string;
  #state: TransportState = 'open';
  #resolveEnded!: (end: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));

  /** `closedMessage`: the text of the `closed` error reads and writes get after close(). */
  constructor(closedMessage: string) {
    this.#closedMessage = closedMessage;
  }

  get state(): TransportState {
    return this.#state;
  }

  read(options?: ReadOptions): Promise<Uint8Array> {
    return this.#queue.pull(options?.signal);
  }

  abstract write(data: Uint8Array, options?: WriteOptions): Promise<void>;

  /**
   * Ends the link, then releases the device; `ended` resolves only once the device is released,
   * so whoever reacts to it (e.g. by reopening the same port) finds the port free.
   */
  async close(): Promise<void> {
    if (this.#state !== 'open') {
      await this.release();
      return;
    }
    this.#state = 'closed';
    this.#queue.end(new TransportError('closed', this.#closedMessage));
    await this.release();
    this.#resolveEnded({ reason: 'closed' });
  }

  /** Bytes from the device, for the read pump. */
  protected push(bytes: Uint8Array): void {
    this.#queue.push(bytes);
  }

  /** Throws what a write must throw once the link has ended or the caller gave up. */
  protected checkWritable(options?: WriteOptions): void {
    if (this.#state === 'lost') throw new TransportError('device-lost', 'The device was disconnected.');
    if (this.#state === 'closed') throw new TransportError('closed', this.#closedMessage);
    if (options?.signal?.aborted) throw new TransportError('aborted', 'Write aborted.');
  }

  /** The device went away: pending and later reads get `error`, then the device is released in the background. */
  protected lose(error: TransportError): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#queue.end(error);
    this.#resolveEnded({ reason: 'lost', error });
    void this.release();
  }

  /** Lets go of the device (listeners, locks, the handle) and waits for the pump to stop. Idempotent; never throws. */
  protected abstract release(): Promise<void>;
}
