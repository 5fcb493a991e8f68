import { sierraAppInterfaces, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// Facts: at-knowledge §4.2/§4.5/§7.3 (EM7565 1199:9091 app, 9090 boot), protocol-spec §3.1
// (Sahara+Firehose on 9x50). The build id and PRI version are placeholders.
export const EM75_01_05: FirmwareBuild = {
  platform: 'SWI9X50C',
  version: '01.05.01.00',
  buildId: '4e8c2a',
  builder: 'jenkins',
  built: '2018/11/28 07:42:16',
};

export const EM75_GENERIC_01_05: PriImage = { carrier: 'GENERIC', priVersion: '002.012', index: '000', fwVersion: '01.05.01.00', partNumber: '9907259' };

export const EM7565: ModuleProfile = {
  id: 'em7565',
  model: 'EM7565',
  platform: 'SWI9X50C',
  chipset: '9x50',
  downloadProtocol: 'sahara-firehose',
  downloadProfile: 'em7565',
  gstatusLayout: '9x50',
  usb: {
    vendorId: 0x1199,
    appPid: 0x9091,
    bootPid: 0x9090,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless EM7565 Qualcomm Snapdragon X16 LTE-A',
    bootProduct: 'EM7565',
    appInterfaces: sierraAppInterfaces(true),
    composition: { configType: '3 (Generic)', mask: '0000050D', names: 'diag,nmea,modem,rmnet0,rmnet1' },
  },
  identity: { imei: '353533100287462', imeiSv: '11', fsn: 'UF81374402011' },
  builds: [EM75_01_05],
  maxFwImages: 4,
  bootholdNeedsUnlock: true,
  hasGobiImpref: false,
  lteBands: [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 18, 19, 20, 26, 28, 29, 30, 32, 41, 42, 43, 46, 48, 66],
  gwBands: ['WCDMA 2100', 'WCDMA 1900', 'WCDMA 850', 'WCDMA 900'],
  currentMa: { idle: 130, registered: 150, dataCall: 650, booting: 240, download: 190 },
  timing: {
    bootMs: [5000, 7000],
    atReadyMs: [600, 1200],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 39,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
