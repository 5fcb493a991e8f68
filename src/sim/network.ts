/**
 * The radio world around a virtual modem: the SIM in its slot, the operators it can hear and
 * the serving cell. Scenarios set it; the AT personality reports it; the modem's registration
 * follows from it and from the carrier configuration the module booted with.
 */
export interface Operator {
  readonly mcc: string;
  readonly mnc: string;
  /** `+COPS` long alphanumeric name. */
  readonly name: string;
  /** `+COPS` short name, when it differs. */
  readonly short?: string;
  /** Carrier PRIs that carry this operator's settings (GENERIC suits everyone). */
  readonly carriers: readonly string[];
}

export const ORANGE_F: Operator = { mcc: '208', mnc: '01', name: 'Orange F', carriers: ['ORANGE-EU', 'GENERIC'] };
export const SFR: Operator = { mcc: '208', mnc: '10', name: 'SFR', carriers: ['GENERIC'] };
export const BOUYGUES: Operator = { mcc: '208', mnc: '20', name: 'Bouygues', short: 'BYTEL', carriers: ['GENERIC'] };
export const OPERATORS: readonly Operator[] = [ORANGE_F, SFR, BOUYGUES];

export type SimStatus = 'ready' | 'pin' | 'puk' | 'absent';

export interface SimCard {
  status: SimStatus;
  pin: string;
  puk: string;
  pinAttempts: number;
  pukAttempts: number;
  readonly imsi: string;
  readonly iccid: string;
  readonly home: Operator;
  /** The PIN lock (`AT+CLCK="SC"`): on when the SIM asked for its PIN at power-up. */
  pinLock?: boolean;
  /** `+CSCA`: the operator's SMS centre. */
  readonly smsc: string;
  /** Messages stored on the SIM (`+CMGL`/`+CMGR`), index 1 first. */
  readonly sms: StoredSms[];
}

/** One received text message as the SIM stores it. */
export interface StoredSms {
  readonly index: number;
  read: boolean;
  readonly from: string;
  /** `yy/MM/dd,hh:mm:ss±zz` as 27.005 text mode prints it. */
  readonly at: string;
  readonly text: string;
}

export interface CellSignal {
  /** dBm */
  rsrp: number;
  /** dB */
  rsrq: number;
  /** dB */
  sinr: number;
  /** dBm, main antenna */
  rssi: number;
  /** dBm, diversity antenna */
  rssiDiv: number;
  rsrpDiv: number;
}

export interface ServingCell {
  band: number;
  bandwidthMhz: number;
  earfcnDl: number;
  tac: number;
  cellId: number;
}

export interface RadioEnvironment {
  /** False: no cell can be heard at all (antenna off, basement). */
  coverage: boolean;
  operator: Operator;
  cell: ServingCell;
  signal: CellSignal;
}

export function orangeSim(): SimCard {
  return {
    status: 'ready',
    pin: '1234',
    puk: '12345678',
    pinAttempts: 3,
    pukAttempts: 10,
    imsi: '208013302714859',
    iccid: '8933014610190281735',
    home: ORANGE_F,
    smsc: '+33689004000',
    sms: [{ index: 1, read: true, from: '+33612345678', at: '26/11/30,09:12:05+04', text: 'Bienvenue chez Orange' }],
  };
}

export function orangeCell(): Pick<RadioEnvironment, 'cell' | 'signal'> {
  return {
    cell: { band: 20, bandwidthMhz: 10, earfcnDl: 6400, tac: 0x0e62, cellId: 0x02ac602 },
    signal: { rsrp: -97, rsrq: -11, sinr: 8.4, rssi: -68, rssiDiv: -71, rsrpDiv: -100 },
  };
}

export function defaultEnvironment(): RadioEnvironment {
  return { coverage: true, operator: ORANGE_F, ...orangeCell() };
}

/** Uplink EARFCN for FDD bands: DL + 18000 is right for the common European bands. */
export function uplinkEarfcn(dl: number): number {
  return dl + 18000;
}

/** 27.007 `+CSQ` rssi index from dBm (0 ≤ −113 dBm … 31 ≥ −51 dBm). */
export function csqIndex(rssiDbm: number): number {
  return Math.max(0, Math.min(31, Math.round((rssiDbm + 113) / 2)));
}

/** Does a carrier configuration hold the settings this SIM's operator needs for data? */
export function carrierSuits(carrier: string, sim: SimCard): boolean {
  return sim.home.carriers.includes(carrier.toUpperCase());
}
