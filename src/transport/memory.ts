import { ByteQueue } from './byte-queue.ts';
import { TransportError } from './errors.ts';
import type { Transport, TransportEnd, TransportInfo, TransportState, ReadOptions, WriteOptions } from './transport.ts';

/**
 * The host end of an in-memory link. The other end (usually the virtual modem) is a
 * MemoryPeer: it receives what the host writes and pushes what the device sends.
 */
export interface MemoryPeer {
  /** Called synchronously for every host write, in order. */
  onHostData(data: Uint8Array): void;
  /** Called once when the host closes the link. */
  onHostClose?(): void;
}

export class MemoryTransport implements Transport {
  readonly #queue = new ByteQueue();
  #state: TransportState = 'open';
  #resolveEnded!: (end: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));

  constructor(
    readonly info: TransportInfo,
    private readonly peer: MemoryPeer,
  ) {}

  get state(): TransportState {
    return this.#state;
  }

  /** Device → host bytes. */
  deliver(data: Uint8Array): void {
    if (this.#state === 'open') this.#queue.push(data.slice());
  }

  /** The device went away (unplug, reset, re-enumeration). */
  lose(message = 'The virtual device went away.'): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    const error = new TransportError('device-lost', message);
    this.#queue.end(error);
    this.#resolveEnded({ reason: 'lost', error });
  }

  read(options?: ReadOptions): Promise<Uint8Array> {
    return this.#queue.pull(options?.signal);
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    if (options?.signal?.aborted) throw new TransportError('aborted', 'Write aborted.');
    if (this.#state === 'lost') throw new TransportError('device-lost', 'The virtual device went away.');
    if (this.#state === 'closed') throw new TransportError('closed', 'The link is closed.');
    this.peer.onHostData(data.slice());
  }

  async close(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'closed';
    this.#queue.end(new TransportError('closed', 'The link is closed.'));
    this.peer.onHostClose?.();
    this.#resolveEnded({ reason: 'closed' });
  }
}
