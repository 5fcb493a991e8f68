import { describe, expect, it } from 'vitest';
import { compareFirmwareVersions, decodeFirmwareVersion, parseCweVersionString } from './version-string.ts';

describe('CWE version strings', () => {
  it('parses libqmi’s own test vectors (protocol-spec §5.1)', () => {
    expect(parseCweVersionString('9999999_9999999_9200_03.05.29.03_00_generic_000.000_001_SPKG_MC')).toEqual({ firmware: '03.05.29.03', config: '000.000_001', carrier: 'generic' });
    expect(parseCweVersionString('INTERNAL_?_SWI9X15C_05.05.63.01_?_?_?_?')).toEqual({ firmware: '05.05.63.01', config: null, carrier: null });
    expect(parseCweVersionString('9999999_9902350_SWI9X15C_05.05.63.01_00_SPRINT_005.037_000')).toEqual({ firmware: '05.05.63.01', config: '005.037_000', carrier: 'SPRINT' });
    expect(parseCweVersionString('9999999_9902574_SWI9X15C_05.05.66.00_00_GENNA-UMTS_005.028_000')).toEqual({ firmware: '05.05.66.00', config: '005.028_000', carrier: 'GENNA-UMTS' });
    expect(parseCweVersionString('CORE_4K')).toEqual({ firmware: null, config: null, carrier: null });
  });

  it('decodes package, revision and bare versions', () => {
    const pkg = decodeFirmwareVersion('9999999_9904609_SWI9X30C_02.24.05.06_00_GENERIC_002.026_000');
    expect(pkg).toMatchObject({ platform: 'SWI9X30C', line: 'EM/MC74xx', firmware: '02.24.05.06', carrier: 'GENERIC', config: '002.026_000', priVersion: '002.026', sku: '9999999', partNumber: '9904609' });
    const rev = decodeFirmwareVersion('SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54');
    expect(rev).toMatchObject({ platform: 'SWI9X07H', line: 'RC76xx', firmware: '00.08.24.02', build: 'f90cbd', buildDate: '2022/03/21', carrier: null });
    expect(decodeFirmwareVersion('Revision: SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 0')).toMatchObject({ firmware: '02.24.05.06', build: 'r7040' });
    expect(decodeFirmwareVersion('00.08.07.00')).toMatchObject({ firmware: '00.08.07.00', platform: null });
  });

  it('compares versions numerically field by field', () => {
    expect(compareFirmwareVersions('00.08.24.02', '00.08.07.00')).toBe(1);
    expect(compareFirmwareVersions('00.08.24.02', '00.09.10.00')).toBe(-1);
    expect(compareFirmwareVersions('02.24.05.06', '02.24.05.06')).toBe(0);
  });
});
