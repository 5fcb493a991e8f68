import { describe, expect, it } from 'vitest';
import { crc16, crc16Update } from './crc16.ts';

describe('crc16 (X-25)', () => {
  it('gives the catalogue check value', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x906e);
  });
  it('can be fed in pieces', () => {
    const d = new TextEncoder().encode('123456789');
    const s = crc16Update(crc16Update(0xffff, d, 0, 4), d, 4);
    expect(~s & 0xffff).toBe(0x906e);
  });
});
