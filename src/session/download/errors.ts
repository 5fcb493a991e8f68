/**
 * Every way a download session can end badly, as a closed set of codes. Each error carries
 * the phase it happened in, the device's own words when it sent any, and a next step.
 */
import type { TransportErrorCode } from '../../transport/errors.ts';

export type DownloadPhase = 'detect' | 'hello' | 'configure' | 'write' | 'finalize' | 'reset';

export type DownloadErrorCode =
  /** Qualcomm emergency download (05C6:9008): the PBL, not Sierra's boot-and-hold. Never flashed. */
  | 'emergency-mode'
  /** Neither a Sahara hello nor a QDL answer: not a download-mode port, or the module is busy. */
  | 'no-download-protocol'
  /**
   * In download mode but silent to every probe (listen, QDL, Firehose `<nop/>`): its Sahara
   * hello went to another program or an earlier run, and it waits for an answer we cannot give.
   */
  | 'silent-module'
  /** Firehose: the module's largest payload is smaller than one sector; no block fits. */
  | 'payload-below-sector'
  /** The module speaks a protocol version we do not (Sahara compatible > 2, no QDL hello accepted). */
  | 'protocol-mismatch'
  /** Image inspection did not say "ok": nothing was sent. */
  | 'image-refused'
  /** The image is for another product: nothing was sent. */
  | 'wrong-product'
  /** Reading the image file failed. */
  | 'image-read-failed'
  /** The module did not answer in time. */
  | 'timeout'
  /** The module answered "no": Firehose NAK, QDL non-zero status. */
  | 'device-refused'
  /** The module reported an error: QDL error frame, Sahara end-of-transfer, Firehose ERROR log. */
  | 'device-error'
  /** A reply frame failed its CRC check. */
  | 'reply-crc'
  /** Bytes that are not a valid reply (noise, wrong length, unknown message). */
  | 'bad-reply'
  /** The module acknowledged a different chunk than the one sent. */
  | 'sequence-mismatch'
  /** A reply arrived that nothing asked for (a duplicated frame, a stray answer). */
  | 'unexpected-data'
  /** The module left the bus during the session. */
  | 'device-lost'
  /** The link failed for another reason (see transportCode). */
  | 'transport'
  /** The user stopped the session. */
  | 'cancelled';

export interface DownloadErrorDetails {
  readonly phase: DownloadPhase;
  /** The protocol step, e.g. "open-unframed", "program", "chunk 3". */
  readonly step?: string;
  /** What the module said, verbatim (log line, error text, status). */
  readonly deviceText?: string;
  readonly transportCode?: TransportErrorCode;
  /** True once image bytes reached the module: it stays in download mode until flashed. */
  readonly writeStarted?: boolean;
}

const NEXT_STEPS: Record<DownloadErrorCode, string> = {
  'emergency-mode':
    'This is the Qualcomm emergency loader (05C6:9008), not Sierra download mode. Do not flash it here: power-cycle the module; if it comes back as 05C6:9008 it needs a Sierra RMA or a signed programmer.',
  'no-download-protocol':
    'The port did not speak Sahara or QDL. Check that the module is in download mode (one USB interface), close other programs using the port (ModemManager), power-cycle it and try again.',
  'silent-module':
    'The module is in download mode but answers nothing: its hello was taken by another program or an earlier run. Power-cycle the module (or hold TP1 while powering it), then retry straight away, with no other program on the port.',
  'payload-below-sector':
    'The module offers a transfer size smaller than one flash sector, which no image can be written with. Power-cycle it and retry; if it repeats, note the module model and firmware and report it.',
  'protocol-mismatch': 'The module speaks a download-protocol version this tool does not. Note the module model and firmware and report it.',
  'image-refused': 'The image failed inspection. Use a complete, unmodified image from Sierra Wireless for this module.',
  'wrong-product': 'Pick the image made for this module: the product code in the image must match the module.',
  'image-read-failed': 'The image file could not be read. Check that it still exists and is readable, then start again.',
  timeout:
    'The module stopped answering. It stays in download mode: unplug and replug (or power-cycle) it, then start the flash again.',
  'device-refused':
    'The module refused the step. It stays in download mode: check the image is for this module, power-cycle it and start again.',
  'device-error':
    'The module reported an error. It stays in download mode: power-cycle it and start again; if it repeats, try another image or USB port.',
  'reply-crc': 'A reply was corrupted on the way. Use a short direct USB cable (no hub), power-cycle the module and start again.',
  'bad-reply': 'The module answered with something unexpected. Power-cycle it and start again; if it repeats, the port may not be the download port.',
  'sequence-mismatch': 'The module and this tool lost step. Power-cycle the module and start again.',
  'unexpected-data': 'The module sent an answer nobody asked for (a duplicated reply). Power-cycle it and start again.',
  'device-lost':
    'The module disappeared (unplugged, reset, power). It will come back in download mode: reconnect it and start the flash again.',
  transport: 'The connection failed. Reconnect the module and try again.',
  cancelled: 'Stopped. If writing had started the module stays in download mode; flash it again to recover.',
};

export function nextStepFor(code: DownloadErrorCode): string {
  return NEXT_STEPS[code];
}

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly phase: DownloadPhase;
  readonly step: string | undefined;
  readonly deviceText: string | undefined;
  readonly transportCode: TransportErrorCode | undefined;
  readonly writeStarted: boolean;
  readonly nextStep: string;

  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    details: DownloadErrorDetails,
  ) {
    super(message);
    this.phase = details.phase;
    this.step = details.step;
    this.deviceText = details.deviceText;
    this.transportCode = details.transportCode;
    this.writeStarted = details.writeStarted ?? false;
    this.nextStep = NEXT_STEPS[code];
  }

  /** A copy with session context filled in (write started, step). */
  withContext(details: Partial<DownloadErrorDetails>): DownloadError {
    return new DownloadError(this.code, this.message, {
      phase: details.phase ?? this.phase,
      ...(this.step ?? details.step ? { step: this.step ?? details.step } : {}),
      ...(this.deviceText !== undefined ? { deviceText: this.deviceText } : {}),
      ...(this.transportCode ? { transportCode: this.transportCode } : {}),
      writeStarted: this.writeStarted || (details.writeStarted ?? false),
    });
  }
}

export function isDownloadError(e: unknown, code?: DownloadErrorCode): e is DownloadError {
  return e instanceof DownloadError && (code === undefined || e.code === code);
}
