import { serialInterface, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// Facts: at-knowledge §4.1/§4.2 (SWI9X07Y_02.37.03.00 73df45 jenkins 2020/04/08 10:59:14),
// protocol-spec §4.1/§4.2 (1199:68C0 as on RC76, ADB on interface 1 with ff/42/01; the
// download-mode PID is not confirmed, we keep 68C0 like the RC76). The PRI part number and
// version are placeholders.
export const WP76_02_37: FirmwareBuild = {
  platform: 'SWI9X07Y',
  version: '02.37.03.00',
  buildId: '73df45',
  builder: 'jenkins',
  built: '2020/04/08 10:59:14',
};

export const WP76_GENERIC_02_37: PriImage = { carrier: 'GENERIC', priVersion: '002.069', index: '000', fwVersion: '02.37.03.00', partNumber: '9907680' };

export const WP7607: ModuleProfile = {
  id: 'wp7607',
  model: 'WP7607',
  platform: 'SWI9X07Y',
  chipset: '9x07',
  downloadProtocol: 'sahara-firehose',
  downloadProfile: 'wp7607',
  gstatusLayout: 'rc76',
  usb: {
    vendorId: 0x1199,
    appPid: 0x68c0,
    bootPid: 0x68c0,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless WP7607',
    bootProduct: 'Sierra Wireless WP7607',
    appInterfaces: [
      serialInterface(0, 'dm', 0x81, 0x01),
      serialInterface(1, 'adb', 0x82, 0x02),
      serialInterface(2, 'nmea', 0x83, 0x03, 0x84),
      serialInterface(3, 'at', 0x85, 0x04, 0x86),
      serialInterface(8, 'qmi', 0x87, 0x05, 0x88),
    ],
    composition: { configType: '1 (Generic)', mask: '0008010F', names: 'diag,adb,nmea,modem,rmnet0,ecm' },
  },
  identity: { imei: '359779080123458', imeiSv: '5', fsn: 'VN841730140910' },
  builds: [WP76_02_37],
  maxFwImages: 3,
  bootholdNeedsUnlock: false,
  hasGobiImpref: false,
  lteBands: [1, 3, 8, 20, 28],
  gwBands: ['WCDMA 2100', 'WCDMA 900', 'GSM 900', 'GSM 1800'],
  currentMa: { idle: 110, registered: 125, dataCall: 330, booting: 200, download: 150 },
  timing: {
    bootMs: [12_000, 18_000],
    atReadyMs: [2000, 4000],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 37,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
