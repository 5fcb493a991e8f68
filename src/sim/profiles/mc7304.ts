import { sierraAppInterfaces, type FirmwareBuild, type ModuleProfile, type PriImage } from './types.ts';

// MC73xx (MDM9x15, SWI9X15C). Sources:
// - platform prefix and models: at-knowledge §4.2 [C] (SWI9X15C: MC7304, MC7354, MC7355);
// - revision shape `r<svn> carmd-fwbuild1`: at-knowledge §0.3 and corpus at/mc7355_*ati.txt;
// - 05.05.02.00 seen in a fixture (at-knowledge §4.2); 05.05.63.01 is a package in protocol-spec §5
//   (the build ids and times of both are placeholders);
// - USB 1199:68C0 in application mode (protocol-spec §4.1, Sierra SDK); the download PID is not
//   confirmed there ("may keep 0x68C0 like the RC7620"), so it is kept;
// - QDL download protocol (protocol-spec §3.1, "MDM9x15 … QDL");
// - Gobi-era image preference: only `AT!GOBIIMPREF` (src/session/at/snapshot.ts, at-knowledge §0.1),
//   older `!PCINFO?` layout with "LPM force flags … GOBIIM" (corpus at/mc7304_pcinfo-*.txt);
// - index-style USB composition 6 = DM NMEA AT QMI (at-knowledge §7.2).
export const MC73_05_05_02: FirmwareBuild = {
  platform: 'SWI9X15C',
  version: '05.05.02.00',
  buildId: 'r21040',
  builder: 'carmd-fwbuild1',
  built: '2014/03/26 18:08:21',
};

export const MC73_05_05_63: FirmwareBuild = {
  platform: 'SWI9X15C',
  version: '05.05.63.01',
  buildId: 'r27038',
  builder: 'carmd-fwbuild1',
  built: '2015/09/02 13:29:33',
};

export const MC73_GENERIC_05_05_02: PriImage = { carrier: 'GENERIC', priVersion: '005.025', index: '000', fwVersion: '05.05.02.00', partNumber: '9902574' };

const MC73_BASE = {
  platform: 'SWI9X15C',
  chipset: '9x15',
  downloadProtocol: 'qdl',
  gstatusLayout: '9x15',
  builds: [MC73_05_05_02, MC73_05_05_63],
  maxFwImages: 4,
  bootholdNeedsUnlock: false,
  hasGobiImpref: true,
  hasImpref: false,
  gwBands: ['WCDMA 2100', 'WCDMA 900', 'GSM 900', 'GSM 1800'],
  currentMa: { idle: 120, registered: 140, dataCall: 520, booting: 210, download: 160 },
  timing: {
    bootMs: [4000, 6000],
    atReadyMs: [600, 1200],
    downloadEnumMs: [1500, 2500],
    loopUpMs: [1000, 3000],
    loopDownMs: [10_000, 15_000],
  },
  temperatureC: 38,
  atDefaults: { cmee: 1, regUrcMode: 0 },
  gcap: '+GCAP: +CGSM',
} as const satisfies Partial<ModuleProfile>;

export const MC7304: ModuleProfile = {
  ...MC73_BASE,
  id: 'mc7304',
  model: 'MC7304',
  downloadProfile: 'mc7304',
  usb: {
    vendorId: 0x1199,
    appPid: 0x68c0,
    bootPid: 0x68c0,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'MC7304',
    bootProduct: 'MC7304',
    appInterfaces: sierraAppInterfaces(false),
    composition: { configType: '6 (DM NMEA AT QMI)', mask: '0000010D', names: 'diag,nmea,modem,rmnet0' },
  },
  identity: { imei: '359225050241778', imeiSv: '4', fsn: 'J8414100230310' },
  // MC7304: the European variant (LTE 1/3/7/8/20, UMTS, GSM)
  lteBands: [1, 3, 7, 8, 20],
};

export const MC7354: ModuleProfile = {
  ...MC73_BASE,
  id: 'mc7354',
  model: 'MC7354',
  downloadProfile: 'mc7354',
  usb: {
    vendorId: 0x1199,
    appPid: 0x68c0,
    bootPid: 0x68c0,
    manufacturer: 'Sierra Wireless, Incorporated',
    product: 'MC7354',
    bootProduct: 'MC7354',
    appInterfaces: sierraAppInterfaces(false),
    composition: { configType: '6 (DM NMEA AT QMI)', mask: '0000010D', names: 'diag,nmea,modem,rmnet0' },
  },
  // the North American CDMA+LTE variant prints MEID as the MC7355 does (corpus at/mc7355_*ati.txt)
  identity: { imei: '359225050811851', imeiSv: '4', fsn: 'J8421500810310', meid: '35922505081185' },
  lteBands: [2, 4, 5, 13, 17, 25],
};
