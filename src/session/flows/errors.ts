/**
 * Every way a guided flow can stop short, as a closed set of codes. The UI words each with
 * its next step (src/ui/flows/messages.ts); `resume` says which step "try again" re-enters.
 */
import type { Localized } from '../../text/localized.ts';

export type FlowErrorCode =
  /** No granted AT port to start from. */
  | 'no-at-port'
  /** The AT port opened but nothing answered AT in time. */
  | 'at-silent'
  /** The image failed inspection. */
  | 'image-refused'
  /** The image is for another product line. */
  | 'wrong-product'
  /** The module refused AT!BOOTHOLD (even after AT!ENTERCND). */
  | 'boothold-refused'
  /** AT!BOOTHOLD answered OK but the AT port never went away. */
  | 'port-stayed'
  /** No download-mode device within the wait. */
  | 'download-timeout'
  /** The device picked is not this module in download mode (application mode, other PID, another module). */
  | 'wrong-device'
  /** The user closed the chooser. */
  | 'picker-cancelled'
  /** WebUSB could not open/claim the download interface (driver, permission). */
  | 'download-open-failed'
  /** The download engine failed (detail carries its code). */
  | 'flash-failed'
  /** The module left the bus while writing. */
  | 'unplugged-mid-flash'
  /** The application-mode port did not come back after the reset. */
  | 'app-timeout'
  /** The module runs something else than the image said. */
  | 'verify-mismatch'
  /** AT!IMPREF= refused. */
  | 'impref-refused'
  /** After the reset the current carrier is still not the preferred one. */
  | 'carrier-not-applied'
  /** The carrier package is not stored on the module: an update with it is needed. */
  | 'carrier-package-missing'
  /** Catching the boot loop failed several times: the TP1 guide is next. */
  | 'loop-not-caught'
  /** Another tab holds the device. */
  | 'device-locked'
  /** The user stopped the flow. */
  | 'cancelled';

export class FlowError extends Error {
  override readonly name = 'FlowError';
  /** The message in every language, for the page (the English `message` is the log's and the CLI's); null: none written. */
  readonly text: Localized | null;
  constructor(
    readonly code: FlowErrorCode,
    message: string | Localized,
    readonly detail?: string,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.text = typeof message === 'string' ? null : message;
  }
}

export function isFlowError(e: unknown, code?: FlowErrorCode): e is FlowError {
  return e instanceof FlowError && (code === undefined || e.code === code);
}
