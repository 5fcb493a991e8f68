/**
 * AT over a UART for the update job. It differs from the diagnosis AtSession in one way that
 * matters here: the same port carries AT lines and then raw XMODEM bytes (after
 * `AT+WDSD=<size>` the module answers with 'C' or NAK, and only sends OK once the transfer is
 * over), so this link can hand the byte stream to a raw reader and take it back. Lines are split
 * with the codec's LineSplitter and classified with its final-result rules; lines that arrive
 * while no command waits, and the update URCs at any time, go to the URC listeners.
 */
import { classifyFinal, type FinalResult } from '../../codec/at/final-result.ts';
import { LineSplitter } from '../../codec/at/line-splitter.ts';
import { isTransportError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import type { FlowClock } from '../flows/clock.ts';

export interface AtReply {
  readonly command: string;
  readonly lines: string[];
  readonly final: FinalResult;
}

export type LinkEnd = 'open' | 'lost' | 'closed';

export interface AtLinkTrace {
  (dir: 'tx' | 'rx' | 'urc', text: string): void;
}

const URC_RE = /^\+(WDSI|WFWUPD):/i;

export class AtTimeout extends Error {
  override readonly name = 'AtTimeout';
}
export class LinkLost extends Error {
  override readonly name = 'LinkLost';
}

interface Waiter {
  command: string;
  lines: string[];
  resolve: (r: AtReply) => void;
}

export class UartAtLink {
  readonly transport: Transport;
  readonly #clock: FlowClock;
  readonly #trace: AtLinkTrace;
  readonly #splitter = new LineSplitter({ maxLineLength: 2048 });
  readonly #urcListeners = new Set<(line: string) => void>();
  readonly #pumpAbort = new AbortController();
  #waiter: Waiter | null = null;
  #raw: ((b: Uint8Array) => void) | null = null;
  #end: LinkEnd = 'open';
  readonly #endListeners = new Set<(e: LinkEnd) => void>();
  readonly #byteListeners = new Set<(b: Uint8Array) => void>();

  constructor(transport: Transport, clock: FlowClock, trace: AtLinkTrace = () => undefined) {
    this.transport = transport;
    this.#clock = clock;
    this.#trace = trace;
    void this.#pump();
  }

  get end(): LinkEnd {
    return this.#end;
  }

  onUrc(fn: (line: string) => void): () => void {
    this.#urcListeners.add(fn);
    return () => this.#urcListeners.delete(fn);
  }

  /** Every chunk as it arrives (the throughput probe counts bytes and times). */
  onBytes(fn: (b: Uint8Array) => void): () => void {
    this.#byteListeners.add(fn);
    return () => this.#byteListeners.delete(fn);
  }

  onEnd(fn: (e: LinkEnd) => void): () => void {
    this.#endListeners.add(fn);
    return () => this.#endListeners.delete(fn);
  }

  /** Sends `command` and waits for its final result (OK, ERROR, +CME ERROR …). */
  async command(command: string, timeoutMs = 5_000, signal?: AbortSignal): Promise<AtReply> {
    if (this.#end !== 'open') throw new LinkLost(`The port is ${this.#end}.`);
    if (this.#waiter) throw new Error('one AT command at a time');
    const reply = new Promise<AtReply>((resolve) => (this.#waiter = { command, lines: [], resolve }));
    await this.write(`${command}\r`);
    return this.#race(reply, timeoutMs, signal, () => (this.#waiter = null), `${command}: no final result within ${timeoutMs} ms`);
  }

  /** Sends a command line without waiting (the XMODEM start, whose OK comes after the transfer). */
  async write(text: string): Promise<void> {
    this.#trace('tx', text.replace(/\r$/, ''));
    await this.writeBytes(new TextEncoder().encode(text));
  }

  async writeBytes(b: Uint8Array, signal?: AbortSignal): Promise<void> {
    try {
      await this.transport.write(b, signal ? { signal } : undefined);
    } catch (e) {
      if (isTransportError(e, 'device-lost') || isTransportError(e, 'closed')) throw new LinkLost(e.message);
      throw e;
    }
  }

  /** Waits for the final result of a command written earlier with write() (WDSD's OK). */
  async awaitFinal(command: string, timeoutMs: number, signal?: AbortSignal): Promise<AtReply> {
    const reply = new Promise<AtReply>((resolve) => (this.#waiter = { command, lines: [], resolve }));
    return this.#race(reply, timeoutMs, signal, () => (this.#waiter = null), `${command}: no final result within ${timeoutMs} ms`);
  }

  /** Waits for a URC line matching `match`. */
  waitUrc<T>(match: (line: string) => T | null, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    let off = () => {};
    const p = new Promise<T>((resolve) => {
      off = this.onUrc((line) => {
        const v = match(line);
        if (v !== null) resolve(v);
      });
    });
    return this.#race(p, timeoutMs, signal, off, `no URC within ${timeoutMs} ms`).finally(off);
  }

  /** Hands every received byte to `fn` instead of the line splitter (null gives them back). */
  setRaw(fn: ((b: Uint8Array) => void) | null): void {
    this.#raw = fn;
    if (!fn) this.#splitter.push(new Uint8Array([0x0d]));
  }

  /** Bytes the raw reader took but did not use: they are read as lines. */
  pushBack(b: Uint8Array): void {
    for (const line of this.#splitter.push(b)) this.#line(line);
  }

  /** Stops reading (the transport stays open unless closed by its owner). */
  detach(): void {
    this.#pumpAbort.abort();
  }

  #race<T>(p: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined, cleanup: () => void, message: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const offEnd = this.onEnd((e) => finish(() => reject(new LinkLost(`The port is ${e}.`))));
      const timer = this.#clock.setTimeout(() => finish(() => reject(new AtTimeout(message))), timeoutMs);
      const onAbort = () => finish(() => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')));
      signal?.addEventListener('abort', onAbort, { once: true });
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        this.#clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        offEnd();
        cleanup();
        fn();
      };
      if (signal?.aborted) return onAbort();
      if (this.#end !== 'open') return finish(() => reject(new LinkLost(`The port is ${this.#end}.`)));
      p.then((v) => finish(() => resolve(v)));
    });
  }

  async #pump(): Promise<void> {
    for (;;) {
      let chunk: Uint8Array;
      try {
        chunk = await this.transport.read({ signal: this.#pumpAbort.signal });
      } catch (e) {
        if (isTransportError(e, 'aborted')) return;
        this.#end = isTransportError(e, 'device-lost') ? 'lost' : 'closed';
        for (const fn of this.#endListeners) fn(this.#end);
        return;
      }
      for (const fn of this.#byteListeners) fn(chunk);
      if (this.#raw) {
        this.#raw(chunk);
        continue;
      }
      for (const line of this.#splitter.push(chunk)) this.#line(line);
    }
  }

  #line(text: string): void {
    const line = text.trim();
    if (!line) return;
    const w = this.#waiter;
    if (URC_RE.test(line) && !(w && /^AT\+(WDSI|WFWUPD)[?=]/i.test(w.command) && !/^\+WDSI:\s*\d+\s*,/.test(line))) {
      this.#trace('urc', line);
      for (const fn of this.#urcListeners) fn(line);
      return;
    }
    this.#trace('rx', line);
    if (!w) {
      for (const fn of this.#urcListeners) fn(line);
      return;
    }
    if (line.toUpperCase() === w.command.toUpperCase()) return; // echo
    const final = classifyFinal(line);
    if (final) {
      this.#waiter = null;
      w.resolve({ command: w.command, lines: w.lines, final });
      return;
    }
    w.lines.push(line);
  }
}
