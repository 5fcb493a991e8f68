/**
 * How finding or opening the module can fail. The codes are the flows' own names for the same
 * situations (flows/errors.ts includes this union), so a flow shows a link failure as it is.
 */
export type LinkErrorCode =
  /** No download-mode device within the wait. */
  | 'download-timeout'
  /** The application-mode port did not come back within the wait. */
  | 'app-timeout'
  /** The device picked is not this module in the mode waited for (detail: identity, application-mode, timing). */
  | 'wrong-device'
  /** The user closed the chooser. */
  | 'picker-cancelled'
  /** The download interface could not be opened or claimed (detail: the transport's code). */
  | 'download-open-failed'
  /** No AT port, or it could not be opened. */
  | 'no-at-port';

export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(
    readonly code: LinkErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isLinkError(e: unknown, code?: LinkErrorCode): e is LinkError {
  return e instanceof LinkError && (code === undefined || e.code === code);
}
