import { describe, expect, it } from 'vitest';
import { decodeLine, decodeQuery, decodeText } from './decode.ts';
import { CME_ENTRIES, CMS_ENTRIES, QMI_ENTRIES, lookup } from './catalog.ts';
import { SAHARA_STATUSES } from './sahara.ts';
import { FWDWL_ERRORS, FWDWL_EXIT_CODES } from './fwdwl.ts';
import { QDL_ERRORS } from './qdl.ts';

describe('error tables', () => {
  it('are complete', () => {
    expect(QMI_ENTRIES).toHaveLength(125);
    expect(CME_ENTRIES.filter((e) => e.code! < 256)).toHaveLength(163);
    expect(CMS_ENTRIES).toHaveLength(23);
    expect(SAHARA_STATUSES).toHaveLength(0x27);
    expect(QDL_ERRORS).toHaveLength(0x1b);
    expect(FWDWL_ERRORS).toHaveLength(24);
    expect(FWDWL_EXIT_CODES).toHaveLength(25);
  });
  it('has no duplicate codes within a table', () => {
    for (const t of [QMI_ENTRIES, CME_ENTRIES, CMS_ENTRIES, SAHARA_STATUSES, QDL_ERRORS, FWDWL_ERRORS, FWDWL_EXIT_CODES]) {
      const codes = t.map((e) => e.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });
  it('carries a reference for every entry', () => {
    for (const e of [...QMI_ENTRIES, ...CME_ENTRIES]) expect(e.reference.length).toBeGreaterThan(5);
  });
});

describe('decodeLine', () => {
  it('decodes the seed case', () => {
    const [d] = decodeLine("error: couldn't start network: QMI protocol error (14): 'CallFailed'");
    expect(d).toMatchObject({ source: 'qmi', code: 14, name: 'CallFailed' });
    expect(d!.entry!.finding).toBe('data-call-failed');
    expect(d!.entry!.meaning!.en).toMatch(/data call/);
  });
  it('names unknown QMI codes honestly', () => {
    expect(decodeLine('QMI protocol error (20)')[0]).toMatchObject({ code: 20, name: 'unknown QMI error 20', entry: null });
  });
  it('decodes +CME/+CMS in numeric and verbose form', () => {
    expect(decodeLine('+CME ERROR: 30')[0]).toMatchObject({ source: 'cme', code: 30, name: 'No network service' });
    expect(decodeLine('+CME ERROR: SIM not inserted')[0]).toMatchObject({ code: 10 });
    expect(decodeLine('+CME ERROR: operation not supported')[0]).toMatchObject({ code: 4 });
    expect(decodeLine('+CME ERROR: no network service')[0]).toMatchObject({ code: 30 });
    expect(decodeLine('Rx: +CME ERROR: 923')[0]).toMatchObject({ code: 923 });
    expect(decodeLine('+CMS ERROR: 500')[0]).toMatchObject({ source: 'cms', code: 500, name: 'Unknown error' });
  });
  it('decodes FDT2 reports', () => {
    const ds = decodeText('Primary error code: 82 - Failed in checking modem mode.\nSecondary error code: 5 - Neither NDIS adapter nor serial port is available.\nDevice error code: 0x0 - Unknown device error code.');
    expect(ds.map((d) => [d.code, d.name])).toEqual([
      [82, 'Failed in checking modem mode.'],
      [5, 'Neither NDIS adapter nor serial port is available.'],
      [0, 'Unknown device error code.'],
    ]);
    expect(decodeQuery('primary error 82 secondary 5').map((d) => d.code)).toEqual([82, 5]);
  });
  it('decodes fwdwl-lite codes and exit codes', () => {
    expect(decodeLine('FW download failed: FWDWL_ERR_FIREHOSE_DEVICE_ERROR(121)')[0]).toMatchObject({ source: 'fwdwl', code: 121 });
    expect(decodeLine('FW download failed: 122')[0]).toMatchObject({ source: 'fwdwl', code: 122, name: 'Device not answering in Sahara' });
    expect(decodeLine('lite-fw-download does not work with ModemManager.')[0]).toMatchObject({ source: 'fwdwl-exit', code: 120 });
    expect(decodeQuery('exit 115')[0]).toMatchObject({ source: 'fwdwl-exit', code: 115 });
  });
  it('decodes Sahara, QDL, Firehose and libqmi messages', () => {
    expect(decodeQuery('sahara 0x25')[0]).toMatchObject({ source: 'sahara', code: 0x25, name: 'IMAGE_AUTH_FAILURE' });
    expect(decodeLine('Sahara END_OF_IMAGE_TRANSFER status 0x16')[0]).toMatchObject({ code: 0x16, name: 'TIMEOUT_RX' });
    expect(decodeLine('QDL error 0x17')[0]).toMatchObject({ source: 'qdl', name: 'invalid CRC' });
    expect(decodeLine('<response value="NAK" />')[0]).toMatchObject({ source: 'firehose', name: 'NAK' });
    expect(decodeLine('error: unsupported download protocol')[0]).toMatchObject({ source: 'libqmi' });
    expect(decodeLine("error: couldn't open QMI device: endpoint hangup")[0]!.entry!.finding).toBe('boot-loop');
  });
  it('searches by name and by bare code', () => {
    expect(decodeQuery('CallFailed')[0]).toMatchObject({ source: 'qmi', code: 14 });
    expect(decodeQuery('SIM not inserted')[0]).toMatchObject({ source: 'cme', code: 10 });
    expect(decodeQuery('14').map((d) => d.source)).toEqual(expect.arrayContaining(['qmi', 'cme', 'fdt2']));
    expect(decodeQuery('cme 30')).toHaveLength(1);
    expect(lookup('qmi', 61441)?.name).toBe('CatEventRegistrationFailed');
  });
  it('decodes a QMI result TLV from a debug log', () => {
    expect(decodeQuery('01:00:47:00')[0]).toMatchObject({ source: 'qmi', code: 71, name: 'InvalidQmiCommand' });
    expect(decodeQuery('01 00 0E 00')[0]).toMatchObject({ code: 14, name: 'CallFailed' });
  });

  it('ignores ordinary lines', () => {
    expect(decodeLine('Model: RC7620-1')).toEqual([]);
    expect(decodeLine('+CSQ: 20,99')).toEqual([]);
  });
});
