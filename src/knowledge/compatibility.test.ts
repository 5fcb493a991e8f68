import { describe, expect, it } from 'vitest';
import { checkCompatibility, compatibilityMessage, type ImageTarget } from './compatibility.ts';

const r9: ImageTarget = { platform: 'SWI9X07H', productCode: '9X07', firmwareVersion: '00.08.24.02', carrier: 'GENERIC' };

describe('image vs modem compatibility', () => {
  it('is unknown without a modem', () => {
    expect(checkCompatibility(r9, null)).toMatchObject({ compatible: null, findings: [], imageLine: 'RC76xx' });
  });

  it('accepts the same product line, and notes carrier changes and downgrades', () => {
    expect(checkCompatibility(r9, { model: 'RC7620-1', firmwareVersion: 'SWI9X07H_00.08.07.00 0ce4c1 jenkins 2021/03/17', carrier: 'GENERIC' })).toMatchObject({ compatible: true, findings: [] });
    const down = checkCompatibility(r9, { model: 'RC7611', firmwareVersion: '00.09.10.00', carrier: 'SIERRA' });
    expect(down.compatible).toBe(true);
    expect(down.findings.map((f) => f.code)).toEqual(['downgrade', 'carrier-differs']);
    expect(compatibilityMessage(down.findings[0]!)).toBe('Downgrade: the image has firmware 00.08.24.02, the modem runs 00.09.10.00.');
  });

  it('refuses another product line', () => {
    const r = checkCompatibility(r9, { model: 'EM7455' });
    expect(r.compatible).toBe(false);
    expect(r.findings[0]).toMatchObject({ code: 'product-mismatch', severity: 'block' });
    expect(compatibilityMessage(r.findings[0]!)).toContain('RC76xx');
  });

  it('falls back on the product code and on the modem revision string', () => {
    const r = checkCompatibility({ platform: null, productCode: '9x30', firmwareVersion: null, carrier: null }, { firmwareVersion: 'SWI9X07H_00.08.24.02 f90cbd jenkins' });
    expect(r).toMatchObject({ compatible: false, imageLine: 'EM/MC74xx', modemLine: 'RC76xx' });
  });
});
