/**
 * The typed result of "Check my modem": every answer of the diagnostic sequence parsed by
 * its own parser. Built from per-command answers, whether they came from a live session or
 * were cut out of a pasted transcript, so both paths produce the same shape.
 */
import type { FinalResult } from './final-result.ts';
import { parseAti, parseCgmr, parseCgsn, type ModuleIdentity } from './identity.ts';
import { parseImagePreference, type ImagePreference } from './image-preference.ts';
import { parseImageTable, type ImageTable } from './image-table.ts';
import { parsePriId, type PriId } from './pri-id.ts';
import { parseCimi, parseCpin, parseIccid, type SimStatus } from './sim.ts';
import {
  parseBand,
  parseCfun,
  parsePcinfo,
  parseSelrat,
  type BandSelection,
  type FunctionalityLevel,
  type PowerControlInfo,
  type RatSelection,
} from './radio.ts';
import { parseGstatus, type GStatus } from './gstatus.ts';
import {
  parseCgdcont,
  parseCops,
  parseCsq,
  parseRegistration,
  type OperatorSelection,
  type PdpContext,
  type Registration,
  type SignalQuality,
} from './network.ts';
import type { FirmwareRevision } from './revision.ts';
import { parseUsbComposition, parseUsbIds, type UsbComposition, type UsbIds } from './usb-composition.ts';

/** The steps of the diagnostic sequence, by what they ask. */
export type SnapshotStep =
  | 'ati'
  | 'cgmr'
  | 'cgsn'
  | 'impref'
  | 'image'
  | 'priid'
  | 'cpin'
  | 'iccid'
  | 'cimi'
  | 'cfun'
  | 'selrat'
  | 'band'
  | 'gstatus'
  | 'cops'
  | 'cereg'
  | 'cgreg'
  | 'creg'
  | 'csq'
  | 'cgdcont'
  | 'pcinfo'
  // Gated on most modules: read from transcripts, not asked by the live check.
  | 'usbcomp'
  | 'usbpid'
  | 'usbvid';

/** One answer: what was sent, what came back. `final` null: no final result (timeout, cut transcript). */
export interface StepAnswer {
  readonly command: string;
  readonly lines: readonly string[];
  readonly final: FinalResult | null;
  /** Why no answer came (session error code), when that is known. */
  readonly failure?: string;
  /** The command was refused at the ENTERCND gate. */
  readonly passwordRequired?: boolean;
}

export type StepAnswers = Partial<Record<SnapshotStep, StepAnswer>>;

export interface ModemSnapshot {
  readonly identity: ModuleIdentity | null;
  /** Firmware from ATI's Revision, else from AT+CGMR. */
  readonly firmware: FirmwareRevision | null;
  readonly imei: string | null;
  readonly imagePreference: ImagePreference | null;
  readonly images: ImageTable | null;
  readonly priId: PriId | null;
  readonly sim: SimStatus | null;
  readonly iccid: string | null;
  readonly imsi: string | null;
  readonly functionality: FunctionalityLevel | null;
  readonly ratSelection: RatSelection | null;
  readonly band: BandSelection | null;
  readonly gstatus: GStatus | null;
  readonly operator: OperatorSelection | null;
  readonly registration: {
    readonly eps: Registration | null;
    readonly ps: Registration | null;
    readonly cs: Registration | null;
  };
  readonly signal: SignalQuality | null;
  readonly pdpContexts: readonly PdpContext[] | null;
  readonly powerControl: PowerControlInfo | null;
  readonly usbComposition: UsbComposition | null;
  readonly usbIds: UsbIds | null;
  readonly answers: StepAnswers;
}

export function buildSnapshot(answers: StepAnswers): ModemSnapshot {
  const lines = (s: SnapshotStep): readonly string[] => answers[s]?.lines ?? [];
  const identity = parseAti(lines('ati'));
  const firmware = identity?.revision ?? parseCgmr(lines('cgmr'));
  return {
    identity,
    firmware,
    imei: parseCgsn(lines('cgsn')) ?? identity?.imei ?? null,
    imagePreference: parseImagePreference(lines('impref')),
    images: parseImageTable(lines('image')),
    priId: parsePriId(lines('priid')),
    sim: parseCpin(lines('cpin'), answers.cpin?.final ?? undefined),
    iccid: parseIccid(lines('iccid')),
    imsi: parseCimi(lines('cimi')),
    functionality: parseCfun(lines('cfun')),
    ratSelection: parseSelrat(lines('selrat')),
    band: parseBand(lines('band')),
    gstatus: parseGstatus(lines('gstatus')),
    operator: parseCops(lines('cops')),
    registration: {
      eps: parseRegistration(lines('cereg'), 'eps'),
      ps: parseRegistration(lines('cgreg'), 'ps'),
      cs: parseRegistration(lines('creg'), 'cs'),
    },
    signal: parseCsq(lines('csq')),
    pdpContexts: parseCgdcont(lines('cgdcont')),
    powerControl: parsePcinfo(lines('pcinfo')),
    usbComposition: parseUsbComposition(lines('usbcomp')),
    usbIds: mergeIds(parseUsbIds(lines('usbpid')), parseUsbIds(lines('usbvid'))),
    answers,
  };
}

/** Every step answered from the same lines: for text where commands cannot be told apart. */
export function snapshotFromLines(all: readonly string[]): ModemSnapshot {
  const a = (command: string): StepAnswer => ({ command, lines: all, final: null });
  return buildSnapshot({
    ati: a('ATI'),
    impref: a('AT!IMPREF?'),
    image: a('AT!IMAGE?'),
    priid: a('AT!PRIID?'),
    cpin: a('AT+CPIN?'),
    iccid: a('AT+CCID'),
    // A bare 15-digit line could be the IMEI as well: only labelled IMSI lines count here.
    cimi: { command: 'AT+CIMI', lines: all.filter((l) => /^(\+CIMI|IMSI)\s*:/i.test(l.trim())), final: null },
    cfun: a('AT+CFUN?'),
    selrat: a('AT!SELRAT?'),
    gstatus: a('AT!GSTATUS?'),
    cops: a('AT+COPS?'),
    cereg: a('AT+CEREG?'),
    cgreg: a('AT+CGREG?'),
    creg: a('AT+CREG?'),
    csq: a('AT+CSQ'),
    cgdcont: a('AT+CGDCONT?'),
    pcinfo: a('AT!PCINFO?'),
    usbcomp: a('AT!USBCOMP?'),
    usbpid: a('AT!USBPID?'),
  });
}

function mergeIds(a: UsbIds | null, b: UsbIds | null): UsbIds | null {
  if (!a) return b;
  if (!b) return a;
  return { vid: a.vid ?? b.vid, appPid: a.appPid ?? b.appPid, bootPid: a.bootPid ?? b.bootPid };
}
