/**
 * How an AT exchange can fail, as a closed set. A modem that answers `ERROR` is not a failure
 * of the session: that is an AtResponse with a non-OK final result. AtError is for exchanges
 * that produced no final result at all.
 */
export type AtErrorCode =
  /** No final result code arrived within the command's timeout. */
  | 'timeout'
  /** The caller's AbortSignal fired (queued or in flight). */
  | 'aborted'
  /** The port vanished (unplug, reset, re-enumeration). */
  | 'device-lost'
  /** The session or its transport was closed. */
  | 'closed'
  /** The command text cannot be sent (empty, not starting with AT, or containing CR/LF). */
  | 'invalid-command'
  /** Writing to the transport failed for another reason. */
  | 'io';

export class AtError extends Error {
  override readonly name = 'AtError';
  constructor(
    readonly code: AtErrorCode,
    /** The command the error concerns (password redacted), or '' when none. */
    readonly command: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isAtError(e: unknown, code?: AtErrorCode): e is AtError {
  return e instanceof AtError && (code === undefined || e.code === code);
}
