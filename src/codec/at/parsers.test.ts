import { describe, expect, it } from 'vitest';
import { parseAti, parseCgmr, parseCgsn } from './identity.ts';
import { parseImagePreference } from './image-preference.ts';
import { parseImageTable } from './image-table.ts';
import { parsePriId } from './pri-id.ts';
import { parseCimi, parseCpin, parseIccid } from './sim.ts';
import { parseBand, parseCfun, parsePcinfo, parseSelrat } from './radio.ts';
import { parseGstatus, NO_CHANNEL } from './gstatus.ts';
import { parseCgdcont, parseCops, parseCsq, parseRegistration } from './network.ts';
import { parseRevision } from './revision.ts';
import { maskIccid, maskImei, redactText } from './redact.ts';
import * as T from './transcripts.fixture.ts';

describe('revision and identity', () => {
  it('parses each revision scheme', () => {
    expect(parseRevision('SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54')).toMatchObject({
      firmware: 'SWI9X07H_00.08.24.02', platform: 'SWI9X07H', version: '00.08.24.02', buildId: 'f90cbd', builder: 'jenkins', date: '2022/03/21', time: '03:47:54',
    });
    expect(parseRevision('SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 06:23:09')).toMatchObject({ buildId: 'r7040', builder: 'CARMD-EV-FRMWR2' });
    expect(parseRevision('SWI9X15C_05.05.58.00 r27038 carmd-fwbuild1 2015/03/04 21:30:23')).toMatchObject({ platform: 'SWI9X15C' });
    expect(parseRevision('SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 0')).toMatchObject({ date: '2017/05/19', time: null });
    expect(parseRevision('SWIX65C_02.17.08.00 abcdef jenkins 2023/01/01 00:00:00')).toMatchObject({ platform: 'SWIX65C' });
    expect(parseRevision('K1_0_2_4AP C:/WS/FW/K1_0_2_4AP/MSM6290/SRC 2010/05/26 19:54:38')).toMatchObject({ firmware: 'K1_0_2_4AP', version: null });
    expect(parseRevision('RHL85xx.5.5.14.0.201611241609.x6250_1')).toMatchObject({ platform: null });
    expect(parseRevision('002.072')).toBeNull();
  });
  it('reads ATI on RC76, 9x30 and a truncated WP76 line', () => {
    expect(parseAti(T.ATI_RC7620_R8)).toMatchObject({
      manufacturer: 'Sierra Wireless, Incorporated', model: 'RC7620-1', imei: '352653090123456', imeiSv: '7', fsn: '4L0123456789AB',
      qtiBaseline: 'MPSS.JO.2.0.2.c1.1-00073-9607_GENNS_PACK-1.416077.1.419248.1', gcap: '+CGSM',
    });
    expect(parseAti(T.ATI_RC7620_R8)!.revision!.version).toBe('00.08.07.00');
    expect(parseAti(T.ATI_EM7430)).toMatchObject({ model: 'EM7430', meid: '35907206012345' });
    expect(parseAti(T.ATI_WP7607_TRUNCATED)!.revision).toMatchObject({ firmware: 'SWI9X07Y_02.37.03.00', date: null });
    expect(parseAti(['OK'])).toBeNull();
  });
  it('does not take the PRI revision for the firmware', () => {
    expect(parseAti([...T.PRIID_EM7455_DELL, 'Model: EM7455'])!.revision).toBeNull();
  });
  it('reads AT+CGMR and AT+CGSN forms', () => {
    expect(parseCgmr(T.CGMR_RC7620_R9)!.version).toBe('00.08.24.02');
    expect(parseCgmr(['+CGMR: SWI9X50C_01.14.03.00 b5d1a8 jenkins 2020/07/22 09:16:16'])!.platform).toBe('SWI9X50C');
    expect(parseCgsn(['352653090123456'])).toBe('352653090123456');
    expect(parseCgsn(['+CGSN: "352653090123456"'])).toBe('352653090123456');
  });
});

describe('carrier image', () => {
  it('reads !IMPREF? without mismatch', () => {
    const p = parseImagePreference(T.IMPREF_SEED)!;
    expect(p.preferred).toEqual({ fwVersion: '00.08.07.00', carrier: 'SIERRA', config: 'SIERRA_000.057_000', subpriIndex: '000' });
    expect(p.current.carrier).toBe('SIERRA');
    expect(p.mismatches).toEqual([]);
  });
  it('reads mismatch lines, the GOBIIMPREF form and empty current fields', () => {
    expect(parseImagePreference(T.IMPREF_MISMATCH)!.mismatches).toEqual(['fw-version', 'config-name']);
    expect(parseImagePreference(T.GOBIIMPREF_MC7304)!.current).toMatchObject({ fwVersion: '05.05.58.00', subpriIndex: null });
    expect(parseImagePreference(T.IMPREF_ES_EMPTY)!.current).toEqual({ fwVersion: null, carrier: null, config: null, subpriIndex: null });
    expect(parseImagePreference(['carrier name mismatch'])!.mismatches).toEqual(['carrier-name']);
  });
  it('reads !IMAGE? tables', () => {
    const t = parseImageTable(T.IMAGE_SEED)!;
    expect(t.activeFwSlot).toBe(1);
    expect(t.maxFwImages).toBe(3);
    expect(t.maxPriImages).toBe(50);
    expect(t.slots.filter((s) => s.type === 'PRI').map((s) => s.carrier)).toEqual(['SIERRA', 'GENERIC']);
    expect(t.slots[0]).toMatchObject({ type: 'FW', status: 'GOOD', uniqueId: '?_?', fwVersion: '00.08.07.00', carrier: null });
    expect(t.slots[1]).toMatchObject({ status: 'EMPTY', uniqueId: null });
    expect(parseImageTable(T.IMAGE_SLOT_255)!.activeFwSlot).toBe(255);
    expect(parseImageTable(['FW download failed: 122', 'PRI download failed'])).toBeNull();
  });
  it('reads !PRIID? including Unknown/None', () => {
    expect(parsePriId(T.PRIID_EM7455_DELL)).toMatchObject({
      partNumber: '9904336', revision: '001.007', customer: 'Dell', missing: false,
      carrierPri: { sku: '9999999', partNumber: '9904609', platform: 'SWI9X30C', fwVersion: '02.24.05.06', packageId: '00', carrier: 'GENERIC', priVersion: '002.026', index: '000' },
    });
    expect(parsePriId(T.PRIID_UNKNOWN)).toMatchObject({ partNumber: null, carrierPri: null, missing: true });
    expect(parsePriId(['Carrier PRI: 9999999_9904609_SWI9X30C_02.24.05.06_00_ORANGE-EU_002.022_000'])!.carrierPri!.carrier).toBe('ORANGE-EU');
  });
});

describe('SIM', () => {
  it('reads +CPIN states and SIM errors', () => {
    expect(parseCpin(['+CPIN: READY'])).toEqual({ state: 'ready', text: 'READY' });
    expect(parseCpin(['+CPIN: SIM PIN'])!.state).toBe('pin-required');
    expect(parseCpin(['+CPIN: SIM PUK'])!.state).toBe('puk-required');
    expect(parseCpin([], { kind: 'cme-error', code: 10, text: '10' })!.state).toBe('not-inserted');
    expect(parseCpin([], { kind: 'cme-error', code: null, text: 'SIM not inserted' })!.state).toBe('not-inserted');
    expect(parseCpin([], { kind: 'cme-error', code: 13, text: '13' })!.state).toBe('failure');
    expect(parseCpin([], { kind: 'error' })).toBeNull();
  });
  it('reads the ICCID forms and the IMSI', () => {
    expect(parseIccid(['+CCID: 8933014512345678901'])).toBe('8933014512345678901');
    expect(parseIccid(['ICCID: 89330145123456789012'])).toBe('89330145123456789012');
    expect(parseIccid(['!ICCID: 8933014512345678901F'])).toBe('8933014512345678901F');
    expect(parseIccid(['8933014512345678901'])).toBe('8933014512345678901');
    expect(parseIccid(['1234567890123456789'])).toBeNull();
    expect(parseCimi(['208011234567890'])).toBe('208011234567890');
    // AT+CRSM=176,12258,0,0,10: digits swapped in pairs, odd length padded with F.
    expect(parseIccid(['+CRSM: 144,0,"983310542143658709F1"'])).toBe('8933014512345678901');
    expect(parseIccid(['+CRSM: 106,130,""'])).toBeNull();
  });
});

describe('radio', () => {
  it('reads CFUN, SELRAT, BAND', () => {
    expect(parseCfun(['+CFUN: 4'])).toEqual({ level: 4 });
    expect(parseCfun(['+CFUN: 1,0'])).toEqual({ level: 1 });
    expect(parseSelrat(['!SELRAT: 00, Automatic'])).toEqual({ index: 0, name: 'Automatic' });
    expect(parseSelrat(['!SELRAT: 06, LTE Only'])).toEqual({ index: 6, name: 'LTE Only' });
    expect(parseBand(['Index, Name', '00, All bands'])).toEqual({ index: 0, name: 'All bands' });
    expect(parseBand(['!BAND: 09, LTE ALL'])).toEqual({ index: 9, name: 'LTE ALL' });
  });
  it('reads both PCINFO formats', () => {
    expect(parsePcinfo(T.PCINFO_NEW_IMSWITCH)).toEqual({ state: 'Low Power Mode', lowPower: true, activeVoters: ['IMSWITCH'] });
    expect(parsePcinfo(T.PCINFO_OLD_GOBIIM)).toEqual({ state: 'Low Power Mode', lowPower: true, activeVoters: ['GOBIIM'] });
    expect(parsePcinfo(['State: Online', 'LPM voters - Temp:0, User:0'])).toEqual({ state: 'Online', lowPower: false, activeVoters: [] });
  });
  it('reads every !GSTATUS? layout by label', () => {
    const rc = parseGstatus(T.GSTATUS_RC76_NOT_ATTACHED)!;
    expect(rc).toMatchObject({
      mode: 'ONLINE', systemMode: 'LTE', psState: 'Not attached', lteBand: 'B20', lteBandwidth: '10 MHz', lteRxChannel: 6300, lteTxChannel: NO_CHANNEL,
      emmState: 'Deregistered No Cell Available', rrcState: 'RRC Idle', rssi: -68, rsrp: -97, rsrq: -11, sinr: 9.2, txPower: null, temperature: 34,
      tac: '0E62 (3682)', cellId: '002AC602 (2803202)',
    });
    expect(rc.fields['Modem Mitigate Level']).toBe('0');
    expect(rc.fields['IMS Srv State']).toBe('UNKNOWN SMS,UNKNOWN VoIP');
    const x30 = parseGstatus(T.GSTATUS_9X30)!;
    expect(x30).toMatchObject({ lteBand: 'B28', rsrp: -93, rsrq: -6, sinr: 28.2, txPower: 0, emmState: 'Registered Normal Service' });
    expect(x30.fields['LTE Scell band']).toBe('B12');
    const x50 = parseGstatus(T.GSTATUS_9X50)!;
    expect(x50).toMatchObject({ lteBand: 'B7', rsrp: -88, sinr: 17 });
    expect(x50.fields['LTE SSC1 band']).toBe('B3');
    expect(parseGstatus(T.GSTATUS_WCDMA)).toMatchObject({ systemMode: 'WCDMA', wcdmaBand: 'WCDMA 2100', rssi: null });
    expect(parseGstatus(T.GSTATUS_WCDMA)!.fields['WCDMA L1 state']).toBe('L1M_DEEP_SLEEP');
    const endc = parseGstatus(T.GSTATUS_SDX55_ENDC)!;
    expect(endc).toMatchObject({ systemMode: 'ENDC', rsrp: -89, sinr: 21.4, txPower: 3 });
    expect(endc.fields['PCC RxM1 RSRP']).toBe('-101');
    expect(endc.fields['SCC1 UL Configured']).toBe('FALSE');
    expect(endc.fields['Thermal Mitigation Level']).toBe('0');
    expect(parseGstatus(T.GSTATUS_LPM)).toMatchObject({ mode: 'LOW POWER MODE', systemMode: null, rsrp: null });
    expect(parseGstatus(['OK'])).toBeNull();
  });
});

describe('network', () => {
  it('reads +COPS', () => {
    expect(parseCops(['+COPS: 0,0,"Orange F",7'])).toEqual({ mode: 0, format: 0, operator: 'Orange F', act: 7 });
    expect(parseCops(['+COPS: 0'])).toEqual({ mode: 0, format: null, operator: null, act: null });
    expect(parseCops(['+COPS: 0,2,"20810",13'])).toMatchObject({ operator: '20810', act: 13 });
  });
  it('reads registration read forms and the URC form', () => {
    expect(parseRegistration(['+CEREG: 0,2'], 'eps')).toMatchObject({ urcMode: 0, stat: 2 });
    expect(parseRegistration(['+CEREG: 2,1,"0E62","002AC602",7'], 'eps')).toMatchObject({ stat: 1, area: '0E62', cellId: '002AC602', act: 7 });
    expect(parseRegistration(['+CREG: 1,6'], 'cs')).toMatchObject({ stat: 6 });
    expect(parseRegistration(['+CREG: 5'], 'cs')).toMatchObject({ urcMode: null, stat: 5 });
    expect(parseRegistration(['+CREG: 0,1'], 'eps')).toBeNull();
  });
  it('reads +CSQ and +CGDCONT', () => {
    expect(parseCsq(['+CSQ: 22,99'])).toEqual({ rssiIndex: 22, rssiDbm: -69, ber: null });
    expect(parseCsq(['+CSQ: 99,99'])).toEqual({ rssiIndex: 99, rssiDbm: null, ber: null });
    expect(parseCgdcont(['+CGDCONT: 1,"IPV4V6","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0,0,0'])).toEqual([
      { cid: 1, pdpType: 'IPV4V6', apn: '', address: '0.0.0.0' },
      { cid: 2, pdpType: 'IPV4V6', apn: 'ims', address: '0.0.0.0' },
    ]);
  });
});

describe('redaction', () => {
  it('masks identifiers, the last four visible (as on the module label)', () => {
    expect(maskImei('352653090123456')).toBe('•••••••••••3456');
    expect(maskIccid('8933014512345678901')).toBe('•••••••••••••••8901');
    const t = redactText('IMEI: 352653090123456\n+CCID: 8933014512345678901\n+CIMI 208011234567890\ncall +33612345678\nLTE Tx chan: 4294967295\nSWI9X07H_00.08.07.00');
    expect(t).not.toMatch(/352653090123456|8933014512345678901|208011234567890|33612345678/);
    expect(t).toContain('4294967295');
    expect(t).toContain('00.08.07.00');
    expect(t).toContain('+•••••••5678');
  });
});
