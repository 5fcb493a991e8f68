/**
 * Every way a link to a modem can fail, as a closed set of codes. DOMException names and
 * Chromium's messages are mapped to these codes here and nowhere else, so the UI and the
 * flows can explain each case with its own next step.
 */
export type TransportErrorCode =
  /** The user closed the port or device picker without choosing. Not an error to show. */
  | 'picker-cancelled'
  /** Another program or tab holds the port (ModemManager, a terminal, a second tab). */
  | 'port-busy'
  /** The OS or browser refused access (Linux: dialout group / udev rule; policy). */
  | 'permission-denied'
  /** The device vanished: unplugged, reset, re-enumerated. */
  | 'device-lost'
  /** WebUSB could not claim the interface: a kernel driver (qcserial) or WinUSB is missing. */
  | 'claim-failed'
  /** The device has no interface this transport can drive. */
  | 'no-suitable-interface'
  /** Bulk endpoint stalled. */
  | 'transfer-stall'
  /** Device sent more data than asked for. */
  | 'transfer-babble'
  /** Serial line errors that the read loop survives but reports. */
  | 'line-error'
  /** This browser lacks the API (or the page is not a secure context). */
  | 'api-unavailable'
  /** An operation waited for an AbortSignal that fired. */
  | 'aborted'
  /** Used after close(). */
  | 'closed'
  /** Anything else the platform reported; the original message is kept. */
  | 'io';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isTransportError(e: unknown, code?: TransportErrorCode): e is TransportError {
  return e instanceof TransportError && (code === undefined || e.code === code);
}

/** Which call failed, because the same DOMException means different things for each. */
export type PlatformOperation = 'request' | 'open' | 'claim' | 'read' | 'write' | 'close';

/**
 * Maps what WebSerial/WebUSB throw to a TransportError. One place, so a new Chromium message
 * only needs teaching here.
 */
export function fromPlatformError(e: unknown, op: PlatformOperation): TransportError {
  if (e instanceof TransportError) return e;
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  const message = e instanceof Error ? e.message : String(e);
  const lower = message.toLowerCase();

  if (name === 'AbortError' && op !== 'read' && op !== 'write') {
    return new TransportError('aborted', message, message);
  }
  if (name === 'NotFoundError' && op === 'request') {
    return new TransportError('picker-cancelled', 'No device was chosen.', message);
  }
  if (name === 'SecurityError') {
    return new TransportError('permission-denied', 'Access to the device was refused.', message);
  }
  if (lower.includes('unable to claim interface') || (op === 'claim' && name === 'NetworkError')) {
    return new TransportError('claim-failed', 'The download interface is held by another driver.', message);
  }
  if (lower.includes('device has been lost') || lower.includes('device was disconnected') || name === 'NotFoundError') {
    return new TransportError('device-lost', 'The device went away.', message);
  }
  if (op === 'open' && (name === 'NetworkError' || name === 'InvalidStateError')) {
    return new TransportError('port-busy', 'The port is already open in another program or tab.', message);
  }
  if (name === 'NetworkError' && (op === 'read' || op === 'write')) {
    return new TransportError('device-lost', 'The device went away.', message);
  }
  if (lower.includes('stall')) return new TransportError('transfer-stall', 'The device stalled a transfer.', message);
  if (lower.includes('babble')) return new TransportError('transfer-babble', 'The device sent more data than expected.', message);
  if (name === 'BreakError' || name === 'FramingError' || name === 'ParityError' || name === 'BufferOverrunError') {
    return new TransportError('line-error', `Serial line error (${name}).`, message);
  }
  return new TransportError('io', message || 'Unknown I/O error.', message);
}
