/**
 * One small byte-stream interface for every link to a modem: a WebSerial port, a WebUSB
 * bulk pipe, an in-memory pipe to the virtual modem, a Node tty or stdio.
 *
 * Reads are pulled from a queue that a background pump fills, so a read can time out or be
 * aborted without tearing down the underlying stream (a WebSerial reader cannot give up one
 * read without cancelling the whole stream). Bytes are never split or merged on purpose;
 * protocol layers must reassemble messages themselves.
 */
import type { TransportError } from './errors.ts';

export type TransportKind = 'web-serial' | 'web-usb' | 'memory' | 'node-serial' | 'node-usb' | 'node-stdio';

export interface UsbIdentity {
  readonly vendorId: number;
  readonly productId: number;
  /** USB serial number when the device reports one (many modems in download mode do not). */
  readonly serialNumber?: string;
}

export interface TransportInfo {
  readonly kind: TransportKind;
  /** Human label for headers and logs, e.g. "USB 1199:68C0" or "/dev/ttyUSB2". */
  readonly label: string;
  readonly usb?: UsbIdentity;
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
}

export type TransportState = 'open' | 'closed' | 'lost';

export interface Transport {
  readonly info: TransportInfo;
  readonly state: TransportState;
  /**
   * The next bytes the device sent (at least one byte). Rejects with a TransportError:
   * `aborted` when the signal fires (nothing is lost: bytes stay queued for the next read),
   * `device-lost` when the device went away, `closed` after close().
   */
  read(options?: ReadOptions): Promise<Uint8Array>;
  /** Resolves once the bytes were handed to the device (or OS), honouring back-pressure. */
  write(data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Releases locks and the port; idempotent; never throws. */
  close(): Promise<void>;
  /** Resolves once, when the link ends: by close() or because the device went away. */
  readonly ended: Promise<TransportEnd>;
}

export type TransportEnd =
  | { readonly reason: 'closed' }
  | { readonly reason: 'lost'; readonly error: TransportError };
