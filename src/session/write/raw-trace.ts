/**
 * The raw bytes of a write, as they pass: a tap on the download transport that hands them to
 * the journal (whose own ring is bounded) and keeps the last `capBytes` here for the screen and
 * `--log`. A big write is mostly image data — the file itself, already identified by name and
 * hash — so only the first `dataHeadBytes` of each large write are kept: the protocol (hello,
 * XML commands, QDL frames, every answer) is kept whole, the megabytes of payload are not.
 */
import type { Transport } from '../../transport/transport.ts';

export interface RawChunkSink {
  raw(dir: 'tx' | 'rx', bytes: Uint8Array): void;
}

export interface RawTraceOptions {
  /** Bytes kept here (both directions), oldest out. Default 64 KiB. */
  readonly capBytes?: number;
  /** Writes larger than this are image data: only their first `dataHeadBytes` are kept. Default 4 KiB. */
  readonly dataThreshold?: number;
  readonly dataHeadBytes?: number;
}

export const DEFAULT_TRACE_CAP = 64 * 1024;

export class RawTrace {
  readonly #chunks: { dir: 'tx' | 'rx'; bytes: Uint8Array }[] = [];
  #kept = 0;
  #dropped = 0;
  #omitted = 0;
  readonly #cap: number;
  readonly #threshold: number;
  readonly #head: number;

  constructor(
    private readonly sink: RawChunkSink | null,
    options: RawTraceOptions = {},
  ) {
    this.#cap = options.capBytes ?? DEFAULT_TRACE_CAP;
    this.#threshold = options.dataThreshold ?? 4096;
    this.#head = options.dataHeadBytes ?? 256;
  }

  /** Bytes of image payload left out (kept only as a count). */
  get omittedBytes(): number {
    return this.#omitted;
  }

  get droppedBytes(): number {
    return this.#dropped;
  }

  add(dir: 'tx' | 'rx', bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    let kept = bytes;
    if (dir === 'tx' && bytes.length > this.#threshold) {
      kept = bytes.slice(0, this.#head);
      this.#omitted += bytes.length - this.#head;
    } else kept = bytes.slice();
    this.#chunks.push({ dir, bytes: kept });
    this.#kept += kept.length;
    while (this.#kept > this.#cap && this.#chunks.length > 1) {
      const old = this.#chunks.shift()!;
      this.#kept -= old.bytes.length;
      this.#dropped += old.bytes.length;
    }
    this.sink?.raw(dir, kept);
  }

  /** The kept bytes, oldest first. */
  chunks(): readonly { readonly dir: 'tx' | 'rx'; readonly bytes: Uint8Array }[] {
    return this.#chunks;
  }

  /** A hex dump of the last `maxBytes` kept, one line per chunk (for a screen or a terminal). */
  toText(maxBytes = 4096): string {
    const out: string[] = [];
    let budget = maxBytes;
    for (let i = this.#chunks.length - 1; i >= 0 && budget > 0; i--) {
      const c = this.#chunks[i]!;
      const b = c.bytes.subarray(Math.max(0, c.bytes.length - budget));
      budget -= b.length;
      out.push(`${c.dir === 'tx' ? '>' : '<'} ${[...b].map((x) => x.toString(16).padStart(2, '0')).join(' ')}`);
    }
    return out.reverse().join('\n');
  }

  /**
   * The transport as the engine sees it, with every read and write passed through `add`. The
   * timing facts some transports carry (`openedAt`, `firstByteAt`, `firstByte`) are forwarded.
   */
  tap(t: Transport): Transport {
    const trace = this;
    const tapped: Transport = {
      get info() {
        return t.info;
      },
      get state() {
        return t.state;
      },
      get ended() {
        return t.ended;
      },
      async read(options) {
        const bytes = await t.read(options);
        trace.add('rx', bytes);
        return bytes;
      },
      async write(data, options) {
        await t.write(data, options);
        trace.add('tx', data);
      },
      close: () => t.close(),
    };
    for (const key of ['openedAt', 'firstByteAt', 'firstByte'] as const) {
      if (key in t) Object.defineProperty(tapped, key, { get: () => (t as unknown as Record<string, unknown>)[key], enumerable: true });
    }
    return tapped;
  }
}
