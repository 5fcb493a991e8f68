/**
 * A module personality as data: what it is called, how it enumerates, which firmware it can
 * run and how it answers. Behaviour lives in the AT personality and the modem lifecycle; a
 * new module is a new data file.
 */
export type Platform = 'SWI9X07H' | 'SWI9X07Y' | 'SWI9X06Y' | 'SWI9X15C' | 'SWI9X30C' | 'SWI9X50C' | 'SWIX55C' | 'SWIX65C';
export type Chipset = '9x06' | '9x07' | '9x15' | '9x30' | '9x50' | 'sdx55' | 'sdx65';
export type DownloadProtocol = 'sahara-firehose' | 'qdl';
/** `!GSTATUS?` families (at-knowledge §5): 9x15 is the 9x30 block without carrier aggregation; SDX55/65 add ENDC and four antennas. */
export type GstatusLayout = 'rc76' | '9x15' | '9x30' | '9x50' | 'sdx55';

/** One firmware build the module can report (the ATI Revision line). */
export interface FirmwareBuild {
  readonly platform: Platform;
  /** `AA.BB.CC.DD` */
  readonly version: string;
  readonly buildId: string;
  readonly builder: string;
  /** `yyyy/mm/dd hh:mm:ss` */
  readonly built: string;
  /** RC76 ATI prints the Qualcomm baseline. */
  readonly qtiBaseline?: string;
  readonly release?: string;
  /** The revision exactly as a real module printed it (replays): wins over the assembled form. */
  readonly printed?: string;
}

/** A carrier configuration (PRI, .nvu) stored on the module. */
export interface PriImage {
  readonly carrier: string;
  /** `xxx.yyy` */
  readonly priVersion: string;
  /** `zzz` (sub-PRI index) */
  readonly index: string;
  /** The firmware version it was built for. */
  readonly fwVersion: string;
  readonly partNumber: string;
}

export type UsbFunction = 'dm' | 'adb' | 'nmea' | 'at' | 'qmi' | 'mbim' | 'download';

export interface EndpointSpec {
  /** bEndpointAddress: bit 7 set = IN. */
  readonly address: number;
  readonly type: 'bulk' | 'interrupt';
  readonly packetSize: number;
}

export interface InterfaceSpec {
  readonly number: number;
  readonly function: UsbFunction;
  readonly classCode: number;
  readonly subclassCode: number;
  readonly protocolCode: number;
  readonly endpoints: readonly EndpointSpec[];
  /** Exposed as a serial port by the OS driver (qcserial) and so by WebSerial. */
  readonly serial: boolean;
}

export interface ModuleProfile {
  /** Stable id used by scenarios and URLs. */
  readonly id: string;
  /** ATI `Model:` */
  readonly model: string;
  readonly platform: Platform;
  readonly chipset: Chipset;
  readonly downloadProtocol: DownloadProtocol;
  /** Profile name of the download-mode device (src/sim/download): product code, payload sizes. */
  readonly downloadProfile: string;
  /**
   * The CWE product code the bootloader accepts, when it differs from the download profile's;
   * null: not in our sources, so not checked.
   */
  readonly downloadProduct?: string | null;
  readonly gstatusLayout: GstatusLayout;
  /**
   * USB identity in application mode and in boot-and-hold (download) mode. The boot-mode
   * product strings are not in our sources; the model name stands in.
   */
  readonly usb: {
    readonly vendorId: number;
    readonly appPid: number;
    readonly bootPid: number;
    readonly manufacturer: string;
    readonly product: string;
    readonly bootProduct: string;
    readonly appInterfaces: readonly InterfaceSpec[];
    /** `AT!USBCOMP?` as printed (9x30 and later). */
    readonly composition: { readonly configType: string; readonly mask: string; readonly names: string };
  };
  readonly identity: {
    readonly imei: string;
    readonly imeiSv: string;
    readonly fsn: string;
    /** 9x30 ATI prints MEID. */
    readonly meid?: string;
  };
  /** Builds the simulator knows how to describe (a flash holding another version still boots). */
  readonly builds: readonly FirmwareBuild[];
  /** PRIs the module can hold, by firmware version (used for the factory flash and after updates). */
  readonly maxFwImages: number;
  /** `AT!BOOTHOLD` answers ERROR until `AT!ENTERCND` on this module. */
  readonly bootholdNeedsUnlock: boolean;
  /** `AT!GOBIIMPREF?` exists (9x30 and older). */
  readonly hasGobiImpref: boolean;
  /** `AT!IMPREF` exists (false on 9x15, which only knows the Gobi-era command). Default true. */
  readonly hasImpref?: boolean;
  /** LTE bands the module supports (for `AT!BAND?` masks and the serving band). */
  readonly lteBands: readonly number[];
  readonly gwBands: readonly string[];
  /** Typical supply current in mA per state; the boot loop draws about twice `idle`. */
  readonly currentMa: {
    readonly idle: number;
    readonly registered: number;
    readonly dataCall: number;
    readonly booting: number;
    readonly download: number;
  };
  /** Milliseconds: power-on to enumeration, enumeration to AT ready, download-mode enumeration. */
  readonly timing: {
    readonly bootMs: readonly [number, number];
    readonly atReadyMs: readonly [number, number];
    readonly downloadEnumMs: readonly [number, number];
    /** Boot loop: time enumerated, then time gone. */
    readonly loopUpMs: readonly [number, number];
    readonly loopDownMs: readonly [number, number];
  };
  readonly temperatureC: number;
  /**
   * V.250 / 27.007 settings at power-up: `+CMEE` as the module starts (0 bare ERROR, 1
   * numeric, 2 verbose) and the `n` of +CREG/+CGREG/+CEREG (0: no registration URCs until
   * the host asks, which is what every module in our transcripts does).
   */
  readonly atDefaults: { readonly cmee: 0 | 1 | 2; readonly regUrcMode: 0 | 1 | 2 };
  /** 27.007 AcT printed in +COPS/+CREG (7 E-UTRAN; 13 E-UTRA-NR dual connectivity). Default 7. */
  readonly accessTechnology?: number;
  /** `AT+GCAP` / the last ATI line. */
  readonly gcap: string;
}

/** Serial-function interface with the usual Sierra endpoint triplet. */
export function serialInterface(number: number, fn: UsbFunction, inEp: number, outEp: number, intEp?: number): InterfaceSpec {
  const endpoints: EndpointSpec[] = [];
  if (intEp !== undefined) endpoints.push({ address: intEp, type: 'interrupt', packetSize: 64 });
  endpoints.push({ address: inEp, type: 'bulk', packetSize: 512 }, { address: outEp, type: 'bulk', packetSize: 512 });
  if (fn === 'adb') return { number, function: fn, classCode: 0xff, subclassCode: 0x42, protocolCode: 0x01, endpoints, serial: false };
  return { number, function: fn, classCode: 0xff, subclassCode: 0xff, protocolCode: 0xff, endpoints, serial: fn !== 'qmi' };
}

/**
 * Boot-and-hold: one vendor interface, bulk IN 0x81 then bulk OUT 0x01 (protocol-spec §4.2).
 * The OS serial driver binds it too, so it shows up in WebSerial as well as WebUSB.
 */
export const DOWNLOAD_INTERFACE: InterfaceSpec = {
  number: 0,
  function: 'download',
  classCode: 0xff,
  subclassCode: 0xff,
  protocolCode: 0x10,
  endpoints: [
    { address: 0x81, type: 'bulk', packetSize: 512 },
    { address: 0x01, type: 'bulk', packetSize: 512 },
  ],
  serial: true,
};

/** The Sierra application-mode layout: 0 DM, 2 NMEA, 3 AT, 8 QMI (+10 second rmnet when composed). */
export function sierraAppInterfaces(withRmnet1: boolean): InterfaceSpec[] {
  const list = [
    serialInterface(0, 'dm', 0x81, 0x01),
    serialInterface(2, 'nmea', 0x82, 0x02, 0x83),
    serialInterface(3, 'at', 0x84, 0x03, 0x85),
    serialInterface(8, 'qmi', 0x86, 0x04, 0x87),
  ];
  if (withRmnet1) list.push(serialInterface(10, 'qmi', 0x88, 0x05, 0x89));
  return list;
}

/**
 * The MBIM pair of the SDX55/SDX65 modules' default composition (usb-devices output in the
 * EM9191 and EM9291 kernel patches): 0 = communications 02/0e/00 with one interrupt IN, 1 =
 * data 0a/00/02 with bulk OUT 0x0f and IN 0x8e. cdc_mbim binds them; no serial port.
 */
export function mbimInterfaces(): InterfaceSpec[] {
  return [
    { number: 0, function: 'mbim', classCode: 0x02, subclassCode: 0x0e, protocolCode: 0x00, endpoints: [{ address: 0x81, type: 'interrupt', packetSize: 64 }], serial: false },
    {
      number: 1,
      function: 'mbim',
      classCode: 0x0a,
      subclassCode: 0x00,
      protocolCode: 0x02,
      endpoints: [
        { address: 0x0f, type: 'bulk', packetSize: 512 },
        { address: 0x8e, type: 'bulk', packetSize: 512 },
      ],
      serial: false,
    },
  ];
}

/** A vendor-class serial function with explicit class codes, for layouts that are not ff/ff/ff. */
export function vendorSerialInterface(number: number, fn: UsbFunction, protocolCode: number, subclassCode: number, endpoints: readonly EndpointSpec[]): InterfaceSpec {
  return { number, function: fn, classCode: 0xff, subclassCode, protocolCode, endpoints, serial: true };
}
