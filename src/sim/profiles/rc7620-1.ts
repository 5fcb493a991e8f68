import { sierraAppInterfaces, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// Facts: at-knowledge §0.4/§4.1/§4.5/§7.3, protocol-spec §4.1–4.3. The R8 build time and the
// R9 PRI version are not in our sources; they are placeholders so the strings have a real shape.
const QTI_BASELINE = 'MPSS.JO.2.0.2.c1.1-00073-9607_GENNS_PACK-1.416077.1.419248.1';

export const RC76_R8: FirmwareBuild = {
  platform: 'SWI9X07H',
  version: '00.08.07.00',
  buildId: '0ce4c1',
  builder: 'jenkins',
  built: '2021/03/17 05:12:41',
  qtiBaseline: QTI_BASELINE,
  release: 'Release 8',
};

export const RC76_R9: FirmwareBuild = {
  platform: 'SWI9X07H',
  version: '00.08.24.02',
  buildId: 'f90cbd',
  builder: 'jenkins',
  built: '2022/03/21 03:47:54',
  qtiBaseline: QTI_BASELINE,
  release: 'Release 9',
};

export const RC76_R8_SIERRA: PriImage = { carrier: 'SIERRA', priVersion: '000.057', index: '000', fwVersion: '00.08.07.00', partNumber: '9908736' };
export const RC76_R8_GENERIC: PriImage = { carrier: 'GENERIC', priVersion: '001.081', index: '000', fwVersion: '00.08.07.00', partNumber: '9908735' };
export const RC76_R9_GENERIC: PriImage = { carrier: 'GENERIC', priVersion: '001.089', index: '000', fwVersion: '00.08.24.02', partNumber: '9908735' };

export const RC7620_1: ModuleProfile = {
  id: 'rc7620-1',
  model: 'RC7620-1',
  platform: 'SWI9X07H',
  chipset: '9x07',
  downloadProtocol: 'sahara-firehose',
  downloadProfile: 'rc7620',
  gstatusLayout: 'rc76',
  usb: {
    vendorId: 0x1199,
    appPid: 0x68c0,
    bootPid: 0x68c0,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless RC7620',
    bootProduct: 'Sierra Wireless RC7620',
    appInterfaces: sierraAppInterfaces(false),
    composition: { configType: '1 (Generic)', mask: '0008010D', names: 'diag,nmea,modem,rmnet0,ecm' },
  },
  identity: { imei: '352653090412884', imeiSv: '7', fsn: '4L0183560502A1' },
  builds: [RC76_R8, RC76_R9],
  maxFwImages: 1,
  bootholdNeedsUnlock: false,
  hasGobiImpref: false,
  lteBands: [1, 3, 7, 8, 20, 28],
  gwBands: ['WCDMA 2100', 'WCDMA 900', 'GSM 900', 'GSM 1800'],
  currentMa: { idle: 95, registered: 110, dataCall: 310, booting: 180, download: 140 },
  timing: {
    bootMs: [2500, 3500],
    atReadyMs: [400, 900],
    downloadEnumMs: [1200, 2000],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 34,
  // the RC76 transcripts show verbose +CME ERROR texts without a +CMEE command (corpus rc7620_*scact*)
  atDefaults: { cmee: 2, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
