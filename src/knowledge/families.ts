/**
 * Every Sierra module family seen in customers' pastes, as data: which models belong to it (as
 * ATI's `Model:` prints them, OEM names included), the firmware platform prefix its revision
 * strings carry, how its revision string reads, and its USB identities. The analyser uses it
 * to name a family from whatever the text shows (model, revision prefix, USB product string).
 *
 * Status markers as in at-knowledge.md: [C] confirmed in a cited source or a real transcript of
 * the corpus (shared/corpus, tests/corpus), [I] inferred. Nothing here is guessed beyond that.
 * (The virtual-modem profiles in knowledge/profiles keep their own model table; this one is
 * the analyser's, wider, and read-only data.)
 */

export interface ModuleFamily {
  /** Short name used in reports (`9x30`, `SDX55`, `HL78xx`). */
  readonly id: string;
  readonly chipset: string;
  /** Product line label as support says it. */
  readonly line: string;
  /** Models as ATI prints them (matched at the start of the model name). */
  readonly models: RegExp;
  /** Revision-string platform prefixes (`SWI9X30C`), empty for non-SWI schemes. */
  readonly platforms: readonly string[];
  /** A revision string of this family that is not `SWI…_AA.BB.CC.DD` (HL, MC87xx). */
  readonly revision?: RegExp;
  /** OEM product names and the Sierra model inside. */
  readonly oem?: Readonly<Record<string, string>>;
  /** USB product ids (VID 1199 unless an OEM id is listed in `oemUsb`). */
  readonly appPids: readonly number[];
  readonly downloadPids: readonly number[];
  readonly sources: readonly string[];
}

export const FAMILIES: readonly ModuleFamily[] = [
  {
    id: '9x15', chipset: 'MDM9x15', line: 'MC73xx/EM73xx',
    models: /^(?:MC73\d\d|EM73\d\d)/i, platforms: ['SWI9X15C'],
    appPids: [0x9041, 0x901f, 0x9063, 0x68c0], downloadPids: [0x9040, 0x901e, 0x9062],
    sources: ['at-knowledge §4.2 [C] (SWI9X15C_01.08.16.03 MC7355, 05.05.02.00 MC7304)', 'shared/corpus at/mc7355_*, at/mc7304_* [C]', 'kernel qcserial id table [C]'],
  },
  {
    id: 'WP85/WP75', chipset: 'MDM9x15', line: 'WP85xx/WP75xx (FX30)',
    models: /^(?:WP85\d\d|WP75\d\d|FX30)/i, platforms: ['SWI9X15Y'],
    appPids: [0x68c0], downloadPids: [],
    sources: ['at-knowledge §4.2 [I] tech note 2174120; FX30 FDT2 log BuildId 07.12.09.00_GENERIC [C]'],
  },
  {
    id: '9x30', chipset: 'MDM9x30', line: 'EM/MC74xx',
    models: /^(?:EM74\d\d|MC74\d\d|DW5811e)/i, platforms: ['SWI9X30C'],
    oem: { DW5811E: 'EM7455' },
    appPids: [0x9071, 0x9079, 0x907b, 0x68b1], downloadPids: [0x9070, 0x9078, 0x907a],
    sources: ['at-knowledge §4.2 [C]', 'protocol-spec §4.1 [C]', 'shared/corpus logs/em7455-dw5811e_* (Dell DW5811e = EM7455, 413c:81b6) [C]'],
  },
  {
    id: '9x50', chipset: 'MDM9x50', line: 'EM75xx',
    models: /^(?:EM75\d\d|EM74[01]1|EM7411|DW5816e)/i, platforms: ['SWI9X50C'],
    oem: { DW5816E: 'EM7511' },
    appPids: [0x9091, 0x90b1, 0x90c3], downloadPids: [0x9090],
    sources: ['at-knowledge §4.2 [C] (EM7565, EM7511, EM7411)', 'shared/corpus logs/em7411_* (1199:9090 in QDL) [C]', 'tests/corpus logs/em7565_lsusb-v_1199-90c3_* (Lenovo 90c3) [C]', 'DW5816e = EM7511 [I] Dell spec sheet'],
  },
  {
    id: 'SDX55', chipset: 'SDX55', line: 'EM919x',
    models: /^(?:EM919\d|EM9291)/i, platforms: ['SWIX55C'],
    appPids: [0x90d3], downloadPids: [],
    sources: ['issue 13 (SWIX55C named for EM9190/EM9191/EM9291) [C]', 'Sierra forum thread 25342: download tool "Model ID :SWIX55C" on an EM9191 [C]', 'ModemManager/kernel id 1199:90d3 [I]'],
  },
  {
    id: 'SDX62/65', chipset: 'SDX62/SDX65', line: 'EM929x',
    models: /^EM929[3-9]/i, platforms: ['SWIX65C', 'SWIX62C'],
    appPids: [0x90e3], downloadPids: [0x90e2],
    sources: ['at-knowledge §4.2 [C] (SWIX65C: EM9291, EM9293; the issue files EM9291 under SDX55, so a bare EM9291 model reads SDX55 and its revision prefix decides)', 'shared/corpus logs/em9293_* [C]', 'Sierra forum thread 32102: 1199:90e2 "EM92xx" after rebooting an EM9291 in download mode [C]'],
  },
  {
    id: '9x07', chipset: 'MDM9x07', line: 'RC76xx/WP76xx',
    models: /^(?:RC76\d\d|WP76\d\d)/i, platforms: ['SWI9X07H', 'SWI9X07Y'],
    appPids: [0x68c0], downloadPids: [0x68c0],
    sources: ['at-knowledge §0 fact 3, fact 5, §4.2 [C] (RC76xx SWI9X07H, WP76xx SWI9X07Y; RC76 keeps 68c0 in download mode)'],
  },
  {
    id: '9x06', chipset: 'MDM9x06', line: 'WP77xx',
    models: /^WP77\d\d/i, platforms: ['SWI9X06Y'],
    appPids: [0x68c0], downloadPids: [],
    sources: ['at-knowledge §4.2 [I] tech note; shared/corpus at/wp7702_* [C]'],
  },
  {
    id: 'MC77xx', chipset: 'MDM9200/9600', line: 'MC77xx',
    models: /^(?:MC77\d\d|EM77\d\d)/i, platforms: ['SWI9200X', 'SWI9600M'],
    appPids: [0x68a2, 0x68a3, 0x901c, 0x9011], downloadPids: [0x68a4],
    sources: ['shared/corpus at/mc77xx-qmi_* (QMI PID 68a2, DirectIP 68a3) [C]', 'tests/corpus logs/mc7710_* (1199:68a2) [C]'],
  },
  {
    id: 'MC87xx/88xx', chipset: 'QSC/MSM', line: 'MC87xx/MC88xx',
    models: /^(?:MC87\d\d|MC88\d\d|AC88\d|USB30\d)/i, platforms: [],
    revision: /^[KLMT]\d_\d_\d_\d+\w*/,
    appPids: [0x6880, 0x6890, 0x68a3], downloadPids: [],
    sources: ['at-knowledge §4.2 [C] (MC8790V K1_0_2_4AP)', 'shared/corpus at/mc8790v_* [C]'],
  },
  {
    id: 'HL', chipset: 'Intel/Altair/Sequans (HL)', line: 'HL75xx/HL78xx/HL85xx',
    models: /^(?:HL75\d\d|HL78\d\d|HL85\d\d|HL76\d\d|HL61\d\d)/i, platforms: [],
    // HL85xx: "RHL85xx.5.5.23.0…"; HL78xx: "HL7802.5.4.2.0" / "R4.4.7.0.a"; HL75xx: "RHL75xx.V.x.y".
    revision: /^(?:RHL\d{2}xx\.\d[\w.]*|HL\d{4}\.\d[\w.]*|R\d+\.\d+\.\d+\.\d+[\w.]*)$/i,
    appPids: [], downloadPids: [],
    sources: ['at-knowledge §4.2 [C] (RHL85xx.5.5.x.y)', 'shared/corpus at/hl7539_* [C]'],
  },
];

/** A model as ATI, lsusb or an OEM label prints it, mapped to the Sierra model where it is an OEM name. */
export function sierraModelOf(model: string): string {
  const up = model.trim().toUpperCase();
  for (const f of FAMILIES) if (f.oem && f.oem[up]) return f.oem[up]!;
  return model.trim();
}

export function familyOfModel(model: string | null | undefined): ModuleFamily | null {
  if (!model) return null;
  const m = model.trim();
  return FAMILIES.find((f) => f.models.test(m)) ?? null;
}

export function familyOfPlatform(prefix: string | null | undefined): ModuleFamily | null {
  if (!prefix) return null;
  const p = prefix.toUpperCase();
  return FAMILIES.find((f) => f.platforms.includes(p)) ?? null;
}

export function familyOfRevision(revision: string | null | undefined): ModuleFamily | null {
  if (!revision) return null;
  const r = revision.trim();
  const swi = /^(SWI[0-9A-Z]+)_/.exec(r);
  if (swi) return familyOfPlatform(swi[1]);
  return FAMILIES.find((f) => f.revision?.test(r)) ?? null;
}

/** Sierra (1199) product ids that mean "in download (boot-and-hold / QDL) mode" on their own. */
export function isDownloadPid(vid: number, pid: number): boolean {
  if (vid !== 0x1199) return false;
  // 68c0 is both (RC76xx keeps it): not a download-mode sign by itself.
  return FAMILIES.some((f) => f.downloadPids.includes(pid) && !f.appPids.includes(pid));
}

/**
 * Model names in free text (lsusb product strings, prose): `EM7455`, `RC7620-1`, `MC7455-CP`,
 * `EM7565-9`, `DW5811e`. The suffix after a dash is kept only when it is a variant code.
 */
export const MODEL_TOKEN = /\b((?:(?:EM|MC|RC|WP|HL|AR)\d{4}|FX30S?)[A-Z]?(?:-(?:\d{1,2}|[A-Z]{1,3}))?|DW58\d\de)(?![\w-])/g;
