/**
 * The sending side of XMODEM-CRC / XMODEM-1K as a pure state machine: it is told what the
 * receiver sent (one byte at a time) and when a timeout fired, and answers with what to send
 * next. It never touches I/O or time; the session layer reads the file slices it asks for and
 * arms the timeout it names. That keeps every protocol rule testable without a port.
 *
 * Rules followed:
 * - the receiver chooses the check: 'C' → CRC-16, NAK → 8-bit checksum. 1K blocks are kept in
 *   checksum mode, as lrzsz's `sx -k` and the python-xmodem sender Sierra's own HL test suite
 *   uses both do (HL modules start with NAK); `oneK: false` gives classic 128-byte blocks;
 * - 1024-byte blocks (STX) while things go well; after three NAKs in a row on one 1K block the
 *   same data is re-sent as 128-byte blocks (SOH), and 1K resumes after 16 clean small blocks;
 * - a tail of 128 bytes or less goes in a 128-byte block (less filler on the wire);
 * - ten tries per block (and for the final EOT), then the sender cancels with CAN CAN;
 * - two CANs in a row from the receiver end the transfer; a single one is treated as noise;
 * - a 'C' while block 1 is unacknowledged means the receiver restarted: block 1 again.
 */
import { ACK, CAN, CRC_REQUEST, NAK, TIMING, type BlockSize, type CheckMode } from './constants.ts';

export type XmodemSendFailure =
  /** No 'C' or NAK within the start window: the module is not in XMODEM receive mode. */
  | 'receiver-never-started'
  /** Ten tries for one block (or the EOT) without an ACK: the line corrupts or loses bytes. */
  | 'too-many-retries'
  /** The receiver sent CAN CAN. */
  | 'cancelled-by-receiver';

export type SenderAction =
  | {
      readonly kind: 'send-block';
      readonly seq: number;
      readonly offset: number;
      readonly length: number;
      readonly size: BlockSize;
      readonly mode: CheckMode;
      /** 0 for the first try, 1.. for re-sends. */
      readonly attempt: number;
    }
  | { readonly kind: 'send-eot'; readonly attempt: number }
  | { readonly kind: 'wait' }
  | { readonly kind: 'done' }
  | { readonly kind: 'fail'; readonly code: XmodemSendFailure; readonly sendCancel: boolean };

export interface SenderOptions {
  readonly totalBytes: number;
  /** Prefer 1K blocks (XMODEM-1K). Default true. */
  readonly oneK?: boolean;
  readonly maxRetries?: number;
}

export type SenderState = 'start' | 'block' | 'eot' | 'done' | 'failed';

export interface SenderStats {
  readonly blocksSent: number;
  readonly retransmissions: number;
  readonly naks: number;
  readonly timeouts: number;
  readonly fallbacksTo128: number;
}

export class XmodemSender {
  readonly totalBytes: number;
  readonly #maxRetries: number;
  readonly #oneK: boolean;
  #state: SenderState = 'start';
  #mode: CheckMode = 'crc';
  #size: BlockSize;
  #acked = 0;
  #seq = 1;
  #length = 0;
  #blockSize: BlockSize = 128;
  #retries = 0;
  #naksInRow = 0;
  #cleanSmall = 0;
  #cans = 0;
  #stats = { blocksSent: 0, retransmissions: 0, naks: 0, timeouts: 0, fallbacksTo128: 0 };

  constructor(options: SenderOptions) {
    if (!Number.isSafeInteger(options.totalBytes) || options.totalBytes < 0) throw new RangeError('totalBytes must be a non-negative integer.');
    this.totalBytes = options.totalBytes;
    this.#oneK = options.oneK ?? true;
    this.#size = this.#oneK ? 1024 : 128;
    this.#maxRetries = options.maxRetries ?? TIMING.maxRetries;
  }

  get state(): SenderState {
    return this.#state;
  }
  get mode(): CheckMode {
    return this.#mode;
  }
  /** Payload bytes the receiver has acknowledged. */
  get acknowledgedBytes(): number {
    return this.#acked;
  }
  get stats(): SenderStats {
    return { ...this.#stats };
  }

  /** How long to wait for the receiver's next byte before calling onTimeout(). */
  timeoutMs(): number {
    return this.#state === 'start' ? TIMING.senderStartTimeoutMs : TIMING.ackTimeoutMs;
  }

  onByte(b: number): SenderAction {
    if (this.#state === 'done' || this.#state === 'failed') return { kind: 'wait' };
    if (b === CAN) {
      if (++this.#cans >= 2) return this.#fail('cancelled-by-receiver', false);
      return { kind: 'wait' };
    }
    this.#cans = 0;
    switch (this.#state) {
      case 'start':
        if (b === CRC_REQUEST) {
          this.#mode = 'crc';
          return this.#next();
        }
        if (b === NAK) {
          this.#mode = 'checksum';
          return this.#next();
        }
        return { kind: 'wait' };
      case 'block':
        if (b === ACK) {
          this.#acked += this.#length;
          this.#seq = (this.#seq + 1) & 0xff;
          this.#retries = 0;
          this.#naksInRow = 0;
          if (this.#blockSize === 128 && this.#oneK && this.#size === 128 && ++this.#cleanSmall >= 16) {
            this.#size = 1024;
            this.#cleanSmall = 0;
          }
          return this.#next();
        }
        if (b === NAK || (b === CRC_REQUEST && this.#acked === 0 && this.#seq === 1)) {
          this.#stats.naks++;
          return this.#retry(true);
        }
        return { kind: 'wait' };
      case 'eot':
        if (b === ACK) {
          this.#state = 'done';
          return { kind: 'done' };
        }
        if (b === NAK) return this.#retryEot();
        return { kind: 'wait' };
    }
  }

  onTimeout(): SenderAction {
    switch (this.#state) {
      case 'start':
        return this.#fail('receiver-never-started', false);
      case 'block':
        this.#stats.timeouts++;
        return this.#retry(false);
      case 'eot':
        this.#stats.timeouts++;
        return this.#retryEot();
      default:
        return { kind: 'wait' };
    }
  }

  /** The user (or the session) gives up: the caller sends CANCEL_SEQUENCE. */
  cancel(): void {
    if (this.#state !== 'done') this.#state = 'failed';
  }

  #next(): SenderAction {
    const remaining = this.totalBytes - this.#acked;
    if (remaining <= 0) {
      this.#state = 'eot';
      this.#retries = 0;
      return { kind: 'send-eot', attempt: 0 };
    }
    this.#state = 'block';
    this.#blockSize = this.#size === 1024 && remaining > 128 ? 1024 : 128;
    this.#length = Math.min(remaining, this.#blockSize);
    return this.#block(0);
  }

  #block(attempt: number): SenderAction {
    this.#stats.blocksSent++;
    if (attempt > 0) this.#stats.retransmissions++;
    return { kind: 'send-block', seq: this.#seq, offset: this.#acked, length: this.#length, size: this.#blockSize, mode: this.#mode, attempt };
  }

  #retry(nak: boolean): SenderAction {
    if (++this.#retries > this.#maxRetries) return this.#fail('too-many-retries', true);
    if (nak) this.#naksInRow++;
    if (this.#blockSize === 1024 && this.#naksInRow >= 3) {
      // the same bytes as smaller blocks: a line that loses bytes in bursts gets through
      this.#size = 128;
      this.#blockSize = 128;
      this.#length = Math.min(this.totalBytes - this.#acked, 128);
      this.#cleanSmall = 0;
      this.#naksInRow = 0;
      this.#stats.fallbacksTo128++;
    }
    return this.#block(this.#retries);
  }

  #retryEot(): SenderAction {
    if (++this.#retries > this.#maxRetries) return this.#fail('too-many-retries', true);
    return { kind: 'send-eot', attempt: this.#retries };
  }

  #fail(code: XmodemSendFailure, sendCancel: boolean): SenderAction {
    this.#state = 'failed';
    return { kind: 'fail', code, sendCancel };
  }
}
