/**
 * Drives the XMODEM codec's sender over a byte link: reads the slices it asks for (with one
 * chunk read ahead so the next block is ready when the ACK lands: turnaround is what XMODEM's
 * efficiency is made of), arms the protocol timeouts on the flow clock, and reports progress
 * with a rate and an ETA. Failures come back as named codes, never as one generic error.
 */
import { CANCEL_SEQUENCE, EOT, encodeBlock, XmodemSender, type SenderAction, type SenderStats, type XmodemSendFailure } from '../../codec/xmodem/index.ts';
import type { FlowClock } from '../flows/clock.ts';
import type { ByteSource } from '../images/byte-source.ts';
import { RateMeter } from './rate.ts';

export interface XmodemLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Next received bytes, or null after `timeoutMs` with nothing. Rejects when the link is gone. */
  read(timeoutMs: number): Promise<Uint8Array | null>;
  /** Bytes read past the end of the transfer (the module's "OK" in the chunk with the last ACK). */
  unread?(bytes: Uint8Array): void;
}

export interface XmodemProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Payload bytes per second over the last seconds. */
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly retransmissions: number;
  readonly blockSize: 128 | 1024;
}

export type XmodemSendResult =
  | { readonly ok: true; readonly stats: SenderStats; readonly durationMs: number }
  | { readonly ok: false; readonly code: XmodemSendFailure | 'cancelled'; readonly stats: SenderStats; readonly bytesDone: number };

export interface XmodemSendOptions {
  readonly clock: FlowClock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: XmodemProgress) => void;
  readonly oneK?: boolean;
  /** How long to give the receiver to start (default: the protocol's 60 s). */
  readonly startTimeoutMs?: number;
}

const CHUNK = 256 * 1024;

class ChunkReader {
  readonly #source: ByteSource;
  readonly #cache = new Map<number, Promise<Uint8Array>>();
  constructor(source: ByteSource) {
    this.#source = source;
  }
  #chunk(index: number): Promise<Uint8Array> {
    let p = this.#cache.get(index);
    if (!p) {
      p = this.#source.read(index * CHUNK, CHUNK);
      this.#cache.set(index, p);
    }
    return p;
  }
  async slice(offset: number, length: number): Promise<Uint8Array> {
    const first = Math.floor(offset / CHUNK);
    const last = Math.floor((offset + length - 1) / CHUNK);
    // keep the current and the next chunk; drop older ones
    for (const k of this.#cache.keys()) if (k < first) this.#cache.delete(k);
    void this.#chunk(last + 1 < Math.ceil(this.#source.size / CHUNK) ? last + 1 : last);
    if (first === last) {
      const c = await this.#chunk(first);
      return c.subarray(offset - first * CHUNK, offset - first * CHUNK + length);
    }
    const out = new Uint8Array(length);
    let o = 0;
    for (let i = first; i <= last; i++) {
      const c = await this.#chunk(i);
      const from = i === first ? offset - first * CHUNK : 0;
      const to = Math.min(c.length, offset + length - i * CHUNK);
      out.set(c.subarray(from, to), o);
      o += to - from;
    }
    return out;
  }
}

export async function sendXmodem(link: XmodemLink, source: ByteSource, options: XmodemSendOptions): Promise<XmodemSendResult> {
  const tx = new XmodemSender({ totalBytes: source.size, ...(options.oneK === false ? { oneK: false } : {}) });
  const reader = new ChunkReader(source);
  const clock = options.clock;
  const started = clock.now();
  const meter = new RateMeter(clock, 5_000);
  let lastReport = -Infinity;
  let action: SenderAction = { kind: 'wait' };
  const startWindow = options.startTimeoutMs ?? tx.timeoutMs();
  let firstByteAt: number | null = null;

  const report = (force = false) => {
    const now = clock.now();
    if (!options.onProgress || (!force && now - lastReport < 250)) return;
    lastReport = now;
    const rate = meter.rate(tx.acknowledgedBytes);
    const left = source.size - tx.acknowledgedBytes;
    options.onProgress({
      bytesDone: tx.acknowledgedBytes,
      bytesTotal: source.size,
      bytesPerSecond: rate,
      etaSeconds: rate > 0 ? left / rate : null,
      retransmissions: tx.stats.retransmissions,
      blockSize: action.kind === 'send-block' ? action.size : 1024,
    });
  };

  const perform = async (a: SenderAction): Promise<boolean> => {
    if (a.kind === 'send-block') {
      const data = a.length ? await reader.slice(a.offset, a.length) : new Uint8Array(0);
      await link.write(encodeBlock(a.seq, data, a.size, a.mode));
      report();
      return false;
    }
    if (a.kind === 'send-eot') {
      await link.write(Uint8Array.of(EOT));
      return false;
    }
    if (a.kind === 'fail' && a.sendCancel) await link.write(CANCEL_SEQUENCE).catch(() => undefined);
    return a.kind === 'done' || a.kind === 'fail';
  };

  for (;;) {
    if (options.signal?.aborted) {
      tx.cancel();
      await link.write(CANCEL_SEQUENCE).catch(() => undefined);
      return { ok: false, code: 'cancelled', stats: tx.stats, bytesDone: tx.acknowledgedBytes };
    }
    const waitMs = tx.state === 'start' ? Math.max(0, startWindow - (clock.now() - started)) : tx.timeoutMs();
    const bytes = await readOrAbort(link, waitMs, options.signal);
    if (bytes === 'aborted') continue;
    let finished = false;
    if (bytes === null) {
      action = tx.onTimeout();
      finished = await perform(action);
    } else {
      firstByteAt ??= clock.now();
      for (let i = 0; i < bytes.length; i++) {
        action = tx.onByte(bytes[i]!);
        if (action.kind === 'wait') continue;
        finished = await perform(action);
        if (finished) {
          if (i + 1 < bytes.length) link.unread?.(bytes.subarray(i + 1));
          break;
        }
      }
    }
    if (finished) {
      report(true);
      if (action.kind === 'done') return { ok: true, stats: tx.stats, durationMs: clock.now() - (firstByteAt ?? started) };
      if (action.kind === 'fail') return { ok: false, code: action.code, stats: tx.stats, bytesDone: tx.acknowledgedBytes };
    }
  }
}

async function readOrAbort(link: XmodemLink, ms: number, signal?: AbortSignal): Promise<Uint8Array | null | 'aborted'> {
  if (!signal) return link.read(ms);
  if (signal.aborted) return 'aborted';
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    link.read(ms).then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
