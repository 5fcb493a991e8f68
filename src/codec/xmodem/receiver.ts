/**
 * The receiving side of XMODEM-CRC / XMODEM-1K as a pure state machine: fed the bytes that
 * arrived and told when a timeout fired, it answers with the bytes to send back (C, ACK, NAK,
 * CAN) and the payload to keep, in order and exactly once. The virtual modem's UART uses it, and
 * so does the interop test against lrzsz's `sx`.
 *
 * Rules followed: start with 'C' every 3 s (falls back to NAK, checksum mode, after four
 * unanswered requests unless told not to); accept 128- and 1024-byte blocks; a block with a bad
 * check or complement is dropped and NAKed; a block arriving in pieces that stops for 1 s is
 * dropped and NAKed (the line lost bytes); a repeat of the previous block (our ACK was lost) is
 * ACKed and not kept twice; a byte that cannot start a frame (a lost header) makes it drop
 * everything until the line has been quiet for 1 s, then NAK, so payload bytes are never read as
 * CAN or EOT; any other sequence number cancels (the two sides lost sync); ten
 * errors in a row cancel; EOT is ACKed and ends the transfer; CAN CAN from the sender ends it.
 */
import { ACK, CANCEL_SEQUENCE, CRC_REQUEST, NAK, TIMING, type CheckMode } from './constants.ts';
import { frameLength } from './constants.ts';
import { parseFrame } from './block.ts';

export type XmodemReceiveFailure =
  | 'sender-never-started'
  | 'too-many-errors'
  | 'sequence-error'
  | 'cancelled-by-sender';

export interface ReceiverStep {
  readonly send: Uint8Array[];
  readonly payloads: Uint8Array[];
  readonly end: null | { readonly kind: 'done' } | { readonly kind: 'failed'; readonly code: XmodemReceiveFailure };
}

export interface ReceiverOptions {
  readonly mode?: CheckMode;
  /** Known size (the module learns it from AT+WDSD=<size>): the filler of the last block is cut. */
  readonly expectedSize?: number;
  readonly maxRetries?: number;
  readonly checksumFallback?: boolean;
}

export interface ReceiverStats {
  readonly blocks: number;
  readonly duplicates: number;
  readonly naks: number;
  readonly oneKBlocks: number;
}

export class XmodemReceiver {
  #mode: CheckMode;
  readonly #expected: number | undefined;
  readonly #maxRetries: number;
  readonly #fallback: boolean;
  #buf = new Uint8Array(2048);
  #len = 0;
  #seq = 1;
  #started = false;
  #requests = 0;
  #errors = 0;
  #cans = 0;
  #received = 0;
  #ended = false;
  /** After a byte that cannot start a frame: drop everything until the line is quiet, then NAK. */
  #purging = false;
  #stats = { blocks: 0, duplicates: 0, naks: 0, oneKBlocks: 0 };

  constructor(options: ReceiverOptions = {}) {
    this.#mode = options.mode ?? 'crc';
    this.#expected = options.expectedSize;
    this.#maxRetries = options.maxRetries ?? TIMING.maxRetries;
    this.#fallback = options.checksumFallback ?? true;
  }

  get mode(): CheckMode {
    return this.#mode;
  }
  get receivedBytes(): number {
    return this.#received;
  }
  get started(): boolean {
    return this.#started;
  }
  get ended(): boolean {
    return this.#ended;
  }
  get stats(): ReceiverStats {
    return { ...this.#stats };
  }

  /** The first start request. */
  start(): Uint8Array {
    this.#requests = 1;
    return Uint8Array.of(this.#mode === 'crc' ? CRC_REQUEST : NAK);
  }

  /** How long to wait for more bytes before calling onTimeout(). */
  timeoutMs(): number {
    if (this.#purging || this.#len > 0) return TIMING.interByteTimeoutMs;
    if (!this.#started) return TIMING.startRequestEveryMs;
    return TIMING.blockTimeoutMs;
  }

  feed(bytes: Uint8Array): ReceiverStep {
    const step = { send: [] as Uint8Array[], payloads: [] as Uint8Array[], end: null as ReceiverStep['end'] };
    if (this.#ended) return step;
    if (this.#purging) return step;
    this.#append(bytes);
    let pos = 0;
    while (pos < this.#len && !step.end) {
      const view = this.#buf.subarray(pos, this.#len);
      const parsed = parseFrame(view, this.#mode);
      if (!parsed) break;
      pos += parsed.used;
      const f = parsed.frame;
      if (f.kind === 'can') {
        if (++this.#cans >= 2) step.end = this.#fail('cancelled-by-sender');
        continue;
      }
      this.#cans = 0;
      if (f.kind === 'noise') {
        // a lost or corrupted header: what follows is the rest of a block; payload bytes
        // (even CANs) must not be read as frames, so wait for silence and ask again
        if (this.#started) {
          this.#purging = true;
          pos = this.#len;
        }
        continue;
      }
      if (f.kind === 'eot') {
        step.send.push(Uint8Array.of(ACK));
        this.#ended = true;
        step.end = { kind: 'done' };
        continue;
      }
      if (f.kind === 'corrupt') {
        this.#nak(step);
        // stop-and-wait: nothing valid can follow a bad block before our NAK is answered
        pos = this.#len;
        continue;
      }
      this.#started = true;
      if (f.seq === (this.#seq & 0xff)) {
        let payload = f.payload;
        if (this.#expected !== undefined) payload = payload.subarray(0, Math.max(0, Math.min(payload.length, this.#expected - this.#received)));
        if (payload.length) step.payloads.push(payload);
        this.#received += payload.length;
        this.#seq = (this.#seq + 1) & 0xff;
        this.#errors = 0;
        this.#stats.blocks++;
        if (f.size === 1024) this.#stats.oneKBlocks++;
        step.send.push(Uint8Array.of(ACK));
      } else if (f.seq === ((this.#seq - 1) & 0xff)) {
        this.#stats.duplicates++;
        step.send.push(Uint8Array.of(ACK));
      } else {
        step.send.push(CANCEL_SEQUENCE);
        step.end = this.#fail('sequence-error');
      }
    }
    this.#consume(pos);
    if (step.end?.kind === 'failed' && step.end.code === 'too-many-errors') step.send.push(CANCEL_SEQUENCE);
    return step;
  }

  onTimeout(): ReceiverStep {
    const step = { send: [] as Uint8Array[], payloads: [] as Uint8Array[], end: null as ReceiverStep['end'] };
    if (this.#ended) return step;
    if (this.#purging) {
      this.#purging = false;
      this.#len = 0;
      this.#nak(step);
      if (step.end) step.send.push(CANCEL_SEQUENCE);
      return step;
    }
    if (!this.#started && this.#len === 0) {
      if (++this.#requests > this.#maxRetries) {
        step.end = this.#fail('sender-never-started');
        return step;
      }
      if (this.#mode === 'crc' && this.#fallback && this.#requests > TIMING.crcRequestsBeforeChecksum) this.#mode = 'checksum';
      step.send.push(Uint8Array.of(this.#mode === 'crc' ? CRC_REQUEST : NAK));
      return step;
    }
    this.#len = 0;
    this.#nak(step);
    if (step.end) step.send.push(CANCEL_SEQUENCE);
    return step;
  }

  /** Cancel from this side (the module aborts, the user gives up): send what this returns. */
  cancel(): Uint8Array {
    this.#ended = true;
    return CANCEL_SEQUENCE;
  }

  #nak(step: { send: Uint8Array[]; end: ReceiverStep['end'] }): void {
    this.#stats.naks++;
    if (++this.#errors > this.#maxRetries) {
      step.end = this.#fail('too-many-errors');
      return;
    }
    step.send.push(Uint8Array.of(NAK));
  }

  #fail(code: XmodemReceiveFailure): ReceiverStep['end'] {
    this.#ended = true;
    return { kind: 'failed', code };
  }

  #append(bytes: Uint8Array): void {
    if (this.#len + bytes.length > this.#buf.length) {
      const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + bytes.length));
      bigger.set(this.#buf.subarray(0, this.#len));
      this.#buf = bigger;
    }
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
    // a runaway buffer means we are not seeing frames at all: keep at most two frames' worth
    const cap = 2 * frameLength(1024, 'crc');
    if (this.#len > cap) {
      this.#buf.copyWithin(0, this.#len - cap, this.#len);
      this.#len = cap;
    }
  }

  #consume(n: number): void {
    if (n >= this.#len) {
      this.#len = 0;
      return;
    }
    this.#buf.copyWithin(0, n, this.#len);
    this.#len -= n;
  }
}
