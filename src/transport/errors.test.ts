import { describe, expect, it } from 'vitest';
import { fromPlatformError, TransportError, type PlatformOperation, type TransportErrorCode } from './errors.ts';

const dom = (name: string, message = '') => new DOMException(message, name);

describe('fromPlatformError', () => {
  const cases: [unknown, PlatformOperation, TransportErrorCode][] = [
    [dom('NotFoundError', 'No port selected by the user.'), 'request', 'picker-cancelled'],
    [dom('SecurityError', 'Access denied.'), 'open', 'permission-denied'],
    [dom('SecurityError', 'Access denied.'), 'request', 'permission-denied'],
    [dom('InvalidStateError', 'The port is already open.'), 'open', 'port-busy'],
    [dom('NetworkError', 'Failed to open serial port.'), 'open', 'port-busy'],
    [dom('NetworkError', 'Unable to claim interface.'), 'claim', 'claim-failed'],
    [dom('NetworkError', 'The device has been lost.'), 'read', 'device-lost'],
    [dom('NetworkError', 'The device has been lost.'), 'write', 'device-lost'],
    [dom('NotFoundError', 'The device was disconnected.'), 'read', 'device-lost'],
    [dom('BreakError', 'Break received'), 'read', 'line-error'],
    [dom('ParityError'), 'read', 'line-error'],
    [dom('FramingError'), 'read', 'line-error'],
    [dom('BufferOverrunError'), 'read', 'line-error'],
    [new Error('transfer stall'), 'read', 'transfer-stall'],
    [new Error('babble detected'), 'read', 'transfer-babble'],
    [dom('AbortError', 'aborted'), 'open', 'aborted'],
    [new Error('something odd'), 'write', 'io'],
    ['a string', 'write', 'io'],
  ];
  for (const [error, op, code] of cases) {
    it(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} during ${op} → ${code}`, () => {
      const mapped = fromPlatformError(error, op);
      expect(mapped).toBeInstanceOf(TransportError);
      expect(mapped.code).toBe(code);
    });
  }

  it('keeps an existing TransportError as it is', () => {
    const e = new TransportError('port-busy', 'x');
    expect(fromPlatformError(e, 'read')).toBe(e);
  });

  it('keeps the platform message as detail for the log', () => {
    expect(fromPlatformError(dom('SecurityError', 'Access denied.'), 'open').detail).toBe('Access denied.');
  });
});
