import { TransportError } from './errors.ts';

/**
 * Chunks pushed by a producer (a read pump, the virtual modem) and pulled by one consumer.
 * A pull that is aborted leaves the queue untouched, so a timed-out read loses no bytes.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #waiter: { resolve: () => void } | null = null;
  #end: TransportError | null = null;

  get buffered(): number {
    let n = 0;
    for (const c of this.#chunks) n += c.length;
    return n;
  }

  get ended(): boolean {
    return this.#end !== null;
  }

  push(chunk: Uint8Array): void {
    if (this.#end || chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#wake();
  }

  /** No more data will come; pending and future pulls reject with this error once drained. */
  end(error: TransportError): void {
    if (this.#end) return;
    this.#end = error;
    this.#wake();
  }

  /** Drops everything buffered (e.g. stale bytes before a new protocol step). */
  clear(): void {
    this.#chunks = [];
  }

  async pull(signal?: AbortSignal): Promise<Uint8Array> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) return chunk;
      if (this.#end) throw this.#end;
      if (signal?.aborted) throw abortError(signal);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          this.#waiter = null;
          reject(abortError(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
      });
    }
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.resolve();
  }
}

export function abortError(signal: AbortSignal): TransportError {
  const reason: unknown = signal.reason;
  if (reason instanceof TransportError) return reason;
  const text = reason instanceof Error ? reason.message : 'Aborted.';
  return new TransportError('aborted', text);
}
