import { mbimInterfaces, vendorSerialInterface, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// EM9191 (SDX55, 5G NSA). Sources and what they do not say:
// - chipset and Sahara/Firehose download: protocol-spec §3.1 (libqmi commit 342eb5ad enables the
//   EM9191 firmware upgrade), download PID 1199:90D2 (kernel qcserial.c, "EM9191 QDL", added in
//   2021 as "USB: serial: qcserial: add EM9191 QDL support");
// - application mode 1199:90D3, product "Sierra Wireless EM9191", and its interfaces: the
//   usb-devices output in "[PATCH v2] usb: serial: qcserial: add EM9191 support" (linux-usb,
//   2022-07-15): 0/1 MBIM, 3 = ff/00/00 with three endpoints (AT), 4 = ff/ff/30 (DM);
// - port order "ttyUSB0 = AT, ttyUSB1 = DM" (at-knowledge §7.3) agrees: the AT interface comes first;
// - the download device answers as an SDX55 (src/sim/download/device-core.ts: libqmi's test
//   reply, no FLASH variables);
// - `System mode: ENDC`, SCCn lines, four antennas (RxM1/RxD1) and Thermal Mitigation Level in
//   `!GSTATUS?`, and +COPS AcT 13 in ENDC (at-knowledge §5);
// - the platform prefix SWIX55C: the Sierra `download` tool prints "Model ID :SWIX55C" for
//   SWIX55C_02.08.01.00_002.cwe on an EM9191 (Sierra forum "EM9191 disabled after firmware download
//   attempt", https://forum.sierrawireless.com/t/em9191-disabled-after-firmware-download-attempt/25342);
//   02.08.01.00 is that thread's version, the build ids and PRI are placeholders.
export const EM91_02_08: FirmwareBuild = {
  platform: 'SWIX55C',
  version: '02.08.01.00',
  buildId: '9a0f41',
  builder: 'jenkins',
  built: '2021/08/12 10:44:03',
};

export const EM91_02_09: FirmwareBuild = {
  platform: 'SWIX55C',
  version: '02.09.06.00',
  buildId: 'c31d27',
  builder: 'jenkins',
  built: '2022/02/14 08:21:50',
};

export const EM91_GENERIC_02_08: PriImage = { carrier: 'GENERIC', priVersion: '030.020', index: '000', fwVersion: '02.08.01.00', partNumber: '9910850' };

export const EM9191: ModuleProfile = {
  id: 'em9191',
  model: 'EM9191',
  platform: 'SWIX55C',
  chipset: 'sdx55',
  downloadProtocol: 'sahara-firehose',
  // the CWE product code of SDX55 images is not in our sources, so it is not checked
  downloadProfile: 'em9191',
  downloadProduct: null,
  gstatusLayout: 'sdx55',
  accessTechnology: 13,
  usb: {
    vendorId: 0x1199,
    appPid: 0x90d3,
    bootPid: 0x90d2,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'Sierra Wireless EM9191',
    bootProduct: 'EM9191',
    appInterfaces: [
      ...mbimInterfaces(),
      // the endpoint addresses of 3 and 4 are not in the EM9191 output; the EM9291's stand in
      vendorSerialInterface(3, 'at', 0x00, 0x00, [
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
  identity: { imei: '353533100422716', imeiSv: '6', fsn: 'XQ03221007021A' },
  builds: [EM91_02_08, EM91_02_09],
  maxFwImages: 3,
  bootholdNeedsUnlock: false,
  hasGobiImpref: false,
  lteBands: [1, 2, 3, 4, 5, 7, 8, 12, 13, 14, 17, 18, 19, 20, 25, 26, 28, 29, 30, 32, 34, 38, 39, 40, 41, 42, 46, 48, 66, 71],
  gwBands: ['WCDMA 2100', 'WCDMA 1900', 'WCDMA 850', 'WCDMA 900'],
  currentMa: { idle: 150, registered: 190, dataCall: 900, booting: 320, download: 210 },
  timing: {
    bootMs: [5000, 8000],
    atReadyMs: [1000, 2000],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 44,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
};
