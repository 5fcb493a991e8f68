import type { TransportErrorCode } from '../../transport/errors.ts';

/**
 * Why connecting to a modem's AT port failed or ended. Transport codes pass through; the rest
 * are things only visible once the port is open.
 */
export type ConnectionErrorCode =
  | Exclude<TransportErrorCode, 'picker-cancelled' | 'aborted' | 'closed'>
  /** The port opened but nothing answered `AT`: wrong port (DM/NMEA), or the module is in download mode. */
  | 'no-at-answer';

export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}
