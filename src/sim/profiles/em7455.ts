import { sierraAppInterfaces, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// Facts: at-knowledge §4.1/§4.3/§7, protocol-spec §4.1 (EM74xx 0x9079 app; OEM units set to
// 0x9071/0x9070 with AT!USBPID). The 02.30 build id is a placeholder.
export const EM74_02_24: FirmwareBuild = {
  platform: 'SWI9X30C',
  version: '02.24.05.06',
  buildId: 'r7040',
  builder: 'CARMD-EV-FRMWR2',
  built: '2017/05/19 06:23:09',
};

export const EM74_02_30: FirmwareBuild = {
  platform: 'SWI9X30C',
  version: '02.30.01.01',
  buildId: 'r7792',
  builder: 'CARMD-EV-FRMWR2',
  built: '2018/07/30 21:55:04',
};

export const EM74_GENERIC_02_24: PriImage = { carrier: 'GENERIC', priVersion: '002.026', index: '000', fwVersion: '02.24.05.06', partNumber: '9904609' };
export const EM74_GENERIC_02_30: PriImage = { carrier: 'GENERIC', priVersion: '002.045', index: '000', fwVersion: '02.30.01.01', partNumber: '9904609' };

export const EM7455: ModuleProfile = {
  id: 'em7455',
  model: 'EM7455',
  platform: 'SWI9X30C',
  chipset: '9x30',
  downloadProtocol: 'qdl',
  downloadProfile: 'em7455',
  gstatusLayout: '9x30',
  usb: {
    vendorId: 0x1199,
    appPid: 0x9079,
    bootPid: 0x9078,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless EM7455 Qualcomm Snapdragon X7 LTE-A',
    bootProduct: 'EM7455',
    appInterfaces: sierraAppInterfaces(true),
    composition: { configType: '1 (Generic)', mask: '0000050D', names: 'diag,nmea,modem,rmnet0,rmnet1' },
  },
  identity: { imei: '359072060451693', imeiSv: '9', fsn: 'LF62750463021', meid: '35907206045169' },
  builds: [EM74_02_24, EM74_02_30],
  maxFwImages: 4,
  bootholdNeedsUnlock: true,
  hasGobiImpref: true,
  lteBands: [1, 2, 3, 4, 5, 7, 8, 12, 13, 20, 25, 26, 29, 30, 41],
  gwBands: ['WCDMA 2100', 'WCDMA 1900', 'WCDMA 850', 'WCDMA 900'],
  currentMa: { idle: 120, registered: 140, dataCall: 520, booting: 220, download: 180 },
  timing: {
    bootMs: [5000, 7000],
    atReadyMs: [600, 1200],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 41,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
