/**
 * A Transport over a Node readable/writable pair (stdio, a socket, a child process): reads are
 * queued as they arrive; each write resolves once the stream accepted it, waiting for 'drain'
 * when the stream is full (back-pressure). The end of the readable side is the device leaving.
 */
import type { Readable, Writable } from 'node:stream';
import { ByteQueue } from './byte-queue.ts';
import { TransportError } from './errors.ts';
import type { ReadOptions, Transport, TransportEnd, TransportInfo, TransportState, WriteOptions } from './transport.ts';

export class NodeStreamTransport implements Transport {
  readonly #queue = new ByteQueue();
  #state: TransportState = 'open';
  #resolveEnded!: (end: TransportEnd) => void;
  readonly ended: Promise<TransportEnd> = new Promise((r) => (this.#resolveEnded = r));
  readonly #onData = (d: Buffer) => this.#queue.push(new Uint8Array(d.buffer, d.byteOffset, d.length).slice());
  readonly #onEnd = () => this.lose(new TransportError('device-lost', 'The other side closed the stream.'));
  readonly #onError = (e: Error) => this.lose(mapNodeError(e, 'read'));

  constructor(
    readonly info: TransportInfo,
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly onClose?: () => Promise<void> | void,
  ) {
    input.on('data', this.#onData);
    input.on('end', this.#onEnd);
    input.on('close', this.#onEnd);
    input.on('error', this.#onError);
    output.on('error', this.#onError);
  }

  get state(): TransportState {
    return this.#state;
  }

  read(options?: ReadOptions): Promise<Uint8Array> {
    return this.#queue.pull(options?.signal);
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    if (this.#state === 'lost') throw new TransportError('device-lost', 'The other side closed the stream.');
    if (this.#state === 'closed') throw new TransportError('closed', 'The link is closed.');
    if (options?.signal?.aborted) throw new TransportError('aborted', 'Write aborted.');
    await new Promise<void>((resolve, reject) => {
      const ok = this.output.write(data, (err) => {
        if (err) reject(mapNodeError(err, 'write'));
        else if (ok) resolve();
      });
      if (!ok) {
        const onDrain = () => {
          this.output.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          this.output.off('drain', onDrain);
          reject(new TransportError('device-lost', 'The other side closed the stream.'));
        };
        this.output.once('drain', onDrain);
        this.output.once('close', onClose);
      }
    }).catch((e: unknown) => {
      const err = e instanceof TransportError ? e : mapNodeError(e as Error, 'write');
      if (err.code === 'device-lost') this.lose(err);
      throw err;
    });
  }

  /** The link ended from the other side. */
  lose(error: TransportError): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    this.#queue.end(error);
    this.#detach();
    this.#resolveEnded({ reason: 'lost', error });
  }

  async close(): Promise<void> {
    if (this.#state === 'open') {
      this.#state = 'closed';
      this.#queue.end(new TransportError('closed', 'The link is closed.'));
      this.#detach();
      this.#resolveEnded({ reason: 'closed' });
    }
    try {
      await this.onClose?.();
    } catch {
      // closing is best effort
    }
  }

  #detach(): void {
    this.input.off('data', this.#onData);
    this.input.off('end', this.#onEnd);
    this.input.off('close', this.#onEnd);
  }
}

/** Node errno → transport code (EIO/EPIPE on a tty or pipe: the other side went away). */
export function mapNodeError(e: Error & { code?: string }, op: 'open' | 'read' | 'write'): TransportError {
  const code = e.code ?? '';
  const msg = e.message;
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(msg)) {
    return new TransportError('permission-denied', 'Access to the port was refused (Linux: add yourself to the dialout group, or run with sudo).', msg);
  }
  if (code === 'EBUSY' || /cannot lock port|resource busy/i.test(msg)) {
    return new TransportError('port-busy', 'The port is already open in another program (ModemManager, a terminal).', msg);
  }
  if (code === 'ENOENT' || /no such file/i.test(msg)) {
    return new TransportError(op === 'open' ? 'io' : 'device-lost', op === 'open' ? 'No such port.' : 'The port disappeared.', msg);
  }
  if (code === 'EIO' || code === 'EPIPE' || code === 'ECONNRESET' || code === 'ENXIO' || code === 'EBADF' || /disconnected|EIO|input\/output error|bad file descriptor/i.test(msg)) {
    return new TransportError('device-lost', 'The device went away.', msg);
  }
  return new TransportError('io', msg || 'I/O error.', msg);
}
