import { mbimInterfaces, vendorSerialInterface, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// EM9293 (SDX65, SWIX65C). Sources:
// - prefix SWIX65C with EM9291/EM9293: at-knowledge §4.2 [C];
// - firmware 02.13.08.00 and 02.17.08.00, carrier ROGERS 030.033_001: corpus logs/em9293_* and
//   at-knowledge §4.5 (the module refused 02.17.08.00 → 02.13.08.00 as "Invalid image type");
// - Sahara/Firehose through fw-download-tool (logs/em9293_*: "Sahara unresponsive", lite-fw 122);
// - `Max FW images: 3` (at-knowledge §9);
// - USB: the EM9293's own descriptor is not in our sources. Its EM929x sibling on the same
//   platform, the EM9291, enumerates as 1199:90E3 "Sierra Wireless EM9291" with 0/1 MBIM,
//   3 = ff/ff/40 AT (OUT 0x01, IN 0x82, interrupt 0x83), 4 = ff/ff/30 DM (OUT 0x02, IN 0x84)
//   (kernel option.c, "USB: serial: option: add Sierra Wireless EM9291", commit 968e1cbb,
//   2025): the EM9293 is given that identity. Download mode: after "rebooting in download mode"
//   an EM9291 shows `1199:90e2 Sierra Wireless, Incorporated EM92xx` in lsusb (Sierra forum
//   "Issues updating Carrier Firmware on EM9191 and EM9291",
//   https://forum.sierrawireless.com/t/issues-updating-carrier-firmware-on-em9191-and-em9291/32102):
//   90E2 with the product string "EM92xx", which names the line, not the model;
// - the build ids and the GENERIC PRI version are placeholders.
export const EM92_02_13: FirmwareBuild = {
  platform: 'SWIX65C',
  version: '02.13.08.00',
  buildId: '5d7b90',
  builder: 'jenkins',
  built: '2023/03/02 11:05:37',
};

export const EM92_02_17: FirmwareBuild = {
  platform: 'SWIX65C',
  version: '02.17.08.00',
  buildId: 'e40a6c',
  builder: 'jenkins',
  built: '2023/10/18 16:52:09',
};

export const EM92_GENERIC_02_13: PriImage = { carrier: 'GENERIC', priVersion: '030.028', index: '000', fwVersion: '02.13.08.00', partNumber: '9911372' };
export const EM92_ROGERS_02_13: PriImage = { carrier: 'ROGERS', priVersion: '030.033', index: '001', fwVersion: '02.13.08.00', partNumber: '9911380' };

export const EM9293: ModuleProfile = {
  id: 'em9293',
  model: 'EM9293',
  platform: 'SWIX65C',
  chipset: 'sdx65',
  downloadProtocol: 'sahara-firehose',
  downloadProfile: 'em9293',
  downloadProduct: null,
  gstatusLayout: 'sdx55',
  accessTechnology: 13,
  usb: {
    vendorId: 0x1199,
    appPid: 0x90e3,
    bootPid: 0x90e2,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless EM9293',
    bootProduct: 'EM92xx',
    appInterfaces: [
      ...mbimInterfaces(),
      vendorSerialInterface(3, 'at', 0x40, 0xff, [
        { address: 0x01, type: 'bulk', packetSize: 512 },
        { address: 0x82, type: 'bulk', packetSize: 512 },
        { address: 0x83, type: 'interrupt', packetSize: 10 },
      ]),
      vendorSerialInterface(4, 'dm', 0x30, 0xff, [
        { address: 0x02, type: 'bulk', packetSize: 512 },
        { address: 0x84, type: 'bulk', packetSize: 512 },
      ]),
    ],
    composition: { configType: '1 (Generic)', mask: '00000109', names: 'diag,modem,rmnet0' },
  },
  identity: { imei: '356829110038412', imeiSv: '3', fsn: 'XU31430502101B' },
  builds: [EM92_02_13, EM92_02_17],
  maxFwImages: 3,
  bootholdNeedsUnlock: false,
  hasGobiImpref: false,
  lteBands: [1, 2, 3, 4, 5, 7, 8, 12, 13, 14, 17, 18, 19, 20, 25, 26, 28, 29, 30, 32, 34, 38, 39, 40, 41, 42, 46, 48, 66, 71],
  gwBands: ['WCDMA 2100', 'WCDMA 1900', 'WCDMA 850'],
  currentMa: { idle: 140, registered: 180, dataCall: 850, booting: 300, download: 200 },
  timing: {
    bootMs: [5000, 8000],
    atReadyMs: [1000, 2000],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 42,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
