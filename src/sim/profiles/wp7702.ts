import { serialInterface, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// WP7702 (MDM9x06, SWI9X06Y; LTE-M/NB-IoT with Linux). Sources:
// - firmware 02.16.06.00, GENERIC 001.013_000 current, images GENERIC 001.028_001 and ATT
//   001.026_000, `Max FW images: 3`, verbose `+CME ERROR: operation not supported` with no +CMEE
//   command shown: corpus at/wp7702_*;
// - prefix SWI9X06Y from a Sierra tech note (at-knowledge §4.2 [I], not seen in a transcript);
// - `AT!USBCOMP=1,1,8010D` recommended by Sierra staff on a WP7702 (at-knowledge §3.1):
//   diag, nmea, modem, rmnet0, ecm;
// - USB PID 68C0 and the ADB interface as on the WP76xx (protocol-spec §4.1; not confirmed for
//   WP77). In boot-and-hold the WP modules keep 1199:68C0 and name themselves by the bare model
//   (a WP8548 after AT!BOOTHOLD: lsusb 1199:68c0, Product "WP8548", mangOH forum "Unable to
//   reflash with swiflash"), so the download product string is "WP7702";
// - its download device is the 9x06's own (src/sim/download/device-core.ts); the CWE product
//   code of 9x06 images is not in our sources, so it is not checked. Build id and time are
//   placeholders.
export const WP77_02_16: FirmwareBuild = {
  platform: 'SWI9X06Y',
  version: '02.16.06.00',
  buildId: '7a3c1e',
  builder: 'jenkins',
  built: '2018/09/20 13:47:05',
};

export const WP77_02_28: FirmwareBuild = {
  platform: 'SWI9X06Y',
  version: '02.28.03.03',
  buildId: 'b58e02',
  builder: 'jenkins',
  built: '2020/07/09 06:30:41',
};

export const WP77_GENERIC_02_16: PriImage = { carrier: 'GENERIC', priVersion: '001.013', index: '000', fwVersion: '02.16.06.00', partNumber: '9907780' };
export const WP77_ATT_02_16: PriImage = { carrier: 'ATT', priVersion: '001.026', index: '000', fwVersion: '02.16.06.00', partNumber: '9907781' };

export const WP7702: ModuleProfile = {
  id: 'wp7702',
  model: 'WP7702',
  platform: 'SWI9X06Y',
  chipset: '9x06',
  downloadProtocol: 'sahara-firehose',
  downloadProfile: 'wp7702',
  downloadProduct: null,
  gstatusLayout: 'rc76',
  usb: {
    vendorId: 0x1199,
    appPid: 0x68c0,
    bootPid: 0x68c0,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless WP7702',
    bootProduct: 'WP7702',
    appInterfaces: [
      serialInterface(0, 'dm', 0x81, 0x01),
      serialInterface(1, 'adb', 0x82, 0x02),
      serialInterface(2, 'nmea', 0x83, 0x03, 0x84),
      serialInterface(3, 'at', 0x85, 0x04, 0x86),
      serialInterface(8, 'qmi', 0x87, 0x05, 0x88),
    ],
    composition: { configType: '1 (Generic)', mask: '0008010D', names: 'diag,nmea,modem,rmnet0,ecm' },
  },
  identity: { imei: '352653100207714', imeiSv: '9', fsn: 'VU814360100810' },
  builds: [WP77_02_16, WP77_02_28],
  maxFwImages: 3,
  bootholdNeedsUnlock: false,
  hasGobiImpref: false,
  lteBands: [1, 2, 3, 4, 5, 8, 12, 13, 17, 18, 19, 20, 26, 28],
  gwBands: ['GSM 850', 'GSM 900', 'GSM 1800', 'GSM 1900'],
  currentMa: { idle: 60, registered: 70, dataCall: 190, booting: 150, download: 120 },
  timing: {
    bootMs: [12_000, 18_000],
    atReadyMs: [2000, 4000],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 35,
  atDefaults: { cmee: 2, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
