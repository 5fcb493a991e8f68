/**
 * The XMODEM byte link over a UartAtLink in raw mode: a small queue between the link's pump
 * and the sender's reads, with a timeout per read on the flow clock.
 */
import type { FlowClock } from '../flows/clock.ts';
import { LinkLost, type UartAtLink } from './at-link.ts';
import type { XmodemLink } from './xmodem-send.ts';

export class RawXmodemLink implements XmodemLink {
  readonly #link: UartAtLink;
  readonly #clock: FlowClock;
  readonly #queue: Uint8Array[] = [];
  #waiter: ((b: Uint8Array | null) => void) | null = null;
  #lost: Error | null = null;
  readonly #offEnd: () => void;
  /** Until the receiver's start byte: text lines are the module's answer, not XMODEM. */
  #started: boolean;
  #atLineStart = true;
  #text = '';
  #refusal: string | null = null;

  /**
   * With `awaitStart`, bytes before the receiver's 'C' (at the start of a line: "+CME ERROR"
   * has a C too) or NAK are read as text; an ERROR line there is the module refusing.
   */
  constructor(link: UartAtLink, clock: FlowClock, options: { awaitStart?: boolean } = {}) {
    this.#link = link;
    this.#clock = clock;
    this.#started = !options.awaitStart;
    link.setRaw((b) => this.#push(b));
    this.#offEnd = link.onEnd((e) => {
      this.#lost = new LinkLost(`The port is ${e}.`);
      const w = this.#waiter;
      this.#waiter = null;
      w?.(null);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.#link.writeBytes(bytes);
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    if (this.#lost) return Promise.reject(this.#lost);
    if (this.#refusal) return Promise.resolve(null);
    const next = this.#queue.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        this.#waiter = null;
        resolve(null);
      }, timeoutMs);
      this.#waiter = (b) => {
        this.#clock.clearTimeout(timer);
        this.#waiter = null;
        if (b === null && this.#lost) reject(this.#lost);
        else resolve(b);
      };
    });
  }

  unread(bytes: Uint8Array): void {
    this.#queue.unshift(bytes.slice());
  }

  /** Gives the port back to the line reader, with whatever arrived after the transfer. */
  release(): void {
    this.#offEnd();
    this.#link.setRaw(null);
    for (const b of this.#queue.splice(0)) this.#link.pushBack(b);
  }

  /** The module's answer when it refused instead of starting (e.g. "+CME ERROR: 3"). */
  get refusal(): string | null {
    return this.#refusal;
  }

  #push(bytes: Uint8Array): void {
    let b = bytes;
    if (!this.#started) {
      let i = 0;
      for (; i < b.length; i++) {
        const c = b[i]!;
        if (c === 0x15 || (c === 0x43 && this.#atLineStart)) {
          this.#started = true;
          break;
        }
        if (c === 0x0d || c === 0x0a) {
          if (/ERROR/i.test(this.#text)) this.#refusal = this.#text.trim();
          this.#text = '';
          this.#atLineStart = true;
        } else {
          this.#atLineStart = false;
          this.#text += String.fromCharCode(c);
        }
      }
      if (!this.#started) {
        if (this.#refusal) {
          const w = this.#waiter;
          this.#waiter = null;
          w?.(null);
        }
        return;
      }
      b = b.subarray(i);
    }
    const w = this.#waiter;
    if (w) w(b);
    else this.#queue.push(b.slice());
  }
}
