/**
 * Every way a UART update can stop, as a closed set of codes. Each one has its own
 * explanation and next step in the UI and its own exit code in the CLI.
 */
export type UartErrorCode =
  /** The image is not a sound package, or is for another product line (nothing was sent). */
  | 'image-refused'
  /** The package is larger than `AT+WDSD=?` allows. */
  | 'image-too-large'
  /** The module does not answer AT on this port at this rate. */
  | 'no-answer'
  /** The module knows neither `AT+WDSD` nor `AT+WFWUPD`: no local update over AT. */
  | 'no-local-update'
  /** Hardware flow control could not be enabled on the module (`AT+IFC=2,2` refused or not kept). */
  | 'flow-control-unavailable'
  /** After `AT+WDSD=<size>` the module never sent 'C' or NAK. */
  | 'xmodem-not-started'
  /** Ten tries for one block: the line corrupts or loses bytes. */
  | 'xmodem-too-many-retries'
  /** The module cancelled (CAN CAN). */
  | 'xmodem-cancelled-by-module'
  /** The module stopped answering during the transfer (power, wires). */
  | 'xmodem-no-answer'
  /** The module did not confirm the transfer with OK. */
  | 'transfer-not-confirmed'
  /** The module refused the package at install (+WDSI: 13 or 15, +WFWUPD: 1 before a reboot). */
  | 'install-refused'
  /** The install request got no answer (no +WDSI: 14 / OK). */
  | 'install-not-started'
  /** The module did not come back on this port after installing. */
  | 'reboot-timeout'
  /** It came back with the old firmware: the update did not apply (power loss, refused). */
  | 'install-not-applied'
  /** The USB-UART adapter or port went away. */
  | 'port-lost'
  /** Another write runs (in this tab or another one) or an app update is being applied: nothing was sent. */
  | 'write-busy'
  /** The user cancelled. */
  | 'cancelled';

export type UartPhase = 'checks' | 'baud' | 'transfer' | 'install' | 'reboot' | 'verify';

export class UartUpdateError extends Error {
  override readonly name = 'UartUpdateError';
  constructor(
    readonly code: UartErrorCode,
    readonly phase: UartPhase,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isUartUpdateError(e: unknown, code?: UartErrorCode): e is UartUpdateError {
  return e instanceof UartUpdateError && (code === undefined || e.code === code);
}
