/**
 * The download's protocol trace: every message sent and received, in order, with time. Raw data blocks are
 * summarised (one line per image), so the log stays small for any image size.
 */
import { hexBytes } from '../../codec/hex.ts';

export type LogDirection = 'h2d' | 'd2h' | 'info' | 'error';

export interface LogEntry {
  /** Milliseconds since the session started. */
  readonly t: number;
  readonly dir: LogDirection;
  readonly text: string;
}

export class ProtocolTrace {
  readonly #entries: LogEntry[] = [];
  readonly #start = performance.now();
  readonly #limit: number;
  #dropped = 0;
  readonly #listeners = new Set<(e: LogEntry) => void>();

  constructor(limit = 20_000) {
    this.#limit = limit;
  }

  add(dir: LogDirection, text: string): void {
    const e: LogEntry = { t: Math.round(performance.now() - this.#start), dir, text };
    if (this.#entries.length >= this.#limit) {
      // Keep the start (detection, set-up) and the most recent lines.
      this.#entries.splice(Math.floor(this.#limit / 2), 1);
      this.#dropped++;
    }
    this.#entries.push(e);
    for (const l of this.#listeners) l(e);
  }

  onEntry(listener: (e: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  get dropped(): number {
    return this.#dropped;
  }

  toText(): string {
    const lines = this.#entries.map((e) => `+${(e.t / 1000).toFixed(3).padStart(8)} ${e.dir.padEnd(5)} ${e.text}`);
    if (this.#dropped) lines.splice(Math.floor(this.#limit / 2), 0, `… ${this.#dropped} lines dropped …`);
    return lines.join('\n');
  }
}

export function hexPreview(b: Uint8Array, max = 24): string {
  return hexBytes(b.subarray(0, max)) + (b.length > max ? ` … (${b.length} bytes)` : '');
}
