import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import { analyzeText, type AnalysisResult } from '../../session/analysis/analyze.ts';
import { stripNoise } from '../../session/analysis/noise.ts';
import { segment } from '../../session/analysis/transcript.ts';
import { factoryFlash, type FlashState } from '../flash.ts';
import { defaultEnvironment, orangeSim, type Operator, type RadioEnvironment, type SimCard } from '../network.ts';
import { PROFILES } from '../profiles/index.ts';
import type { FirmwareBuild, ModuleProfile, Platform, PriImage } from '../profiles/types.ts';
import type { ScenarioSetup } from '../scenarios.ts';
import type { RecordedAnswer } from './recorded.ts';

/**
 * A customer's module rebuilt from what a transcript shows: which family it behaves like,
 * its identity and firmware, the carrier images it holds and prefers, the SIM, the network it
 * sees, the signal, how it reports errors, and the answers it printed.
 */
export interface ReplayBuild {
  readonly setup: ScenarioSetup;
  readonly cmee: 0 | 1 | 2 | null;
  readonly answers: readonly RecordedAnswer[];
  readonly analysis: AnalysisResult;
  /** What was taken from the text (for the banner), in words. */
  readonly fromText: readonly string[];
  /** The family profile whose behaviour fills the gaps. */
  readonly base: ModuleProfile;
}

/** Model number → the family profile that answers what the text does not show (first match wins). */
const FAMILY_OF_MODEL: readonly (readonly [RegExp, string])[] = [
  [/^RC76/i, 'rc7620-1'],
  [/^WP76/i, 'wp7607'],
  [/^WP77/i, 'wp7702'],
  [/^(EM|MC)75|^EM7411/i, 'em7565'],
  [/^(EM|MC)74/i, 'em7455'],
  [/^(EM|MC)7354/i, 'mc7354'],
  [/^(EM|MC)73/i, 'mc7304'],
  [/^EM919/i, 'em9191'],
  [/^EM929/i, 'em9293'],
  // older QDL modules (MC77xx on MDM9200, MC87xx) behave most like the 9x15 Gobi generation
  [/^MC(77|87|88)/i, 'mc7304'],
];

const FAMILY_OF_PLATFORM: Readonly<Record<string, string>> = {
  SWI9X07H: 'rc7620-1',
  SWI9X07Y: 'wp7607',
  SWI9X06Y: 'wp7702',
  SWI9X15C: 'mc7304',
  SWI9X30C: 'em7455',
  SWI9X50C: 'em7565',
  SWIX55C: 'em9191',
  SWIX65C: 'em9293',
};

export function familyProfile(model: string | null, platform: string | null): ModuleProfile {
  return familyMatch(model, platform).profile;
}

/** The family profile, and whether the text's model or platform really belongs to it. */
function familyMatch(model: string | null, platform: string | null): { profile: ModuleProfile; matched: boolean } {
  for (const [re, id] of FAMILY_OF_MODEL) if (model && re.test(model.trim())) return { profile: PROFILES[id]!, matched: true };
  const byPlatform = platform ? FAMILY_OF_PLATFORM[platform.toUpperCase()] : undefined;
  return { profile: PROFILES[byPlatform ?? 'rc7620-1']!, matched: byPlatform !== undefined || model === null };
}

/** The command blocks of the text with their answers, final result codes as printed. */
function recordedAnswers(text: string): RecordedAnswer[] {
  const cleaned: { text: string; line: number }[] = [];
  const byLine = new Map<number, string>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const t = stripNoise(raw.length > 4096 ? raw.slice(0, 4096) : raw);
    if (!t) return;
    cleaned.push({ text: t, line: i + 1 });
    byLine.set(i + 1, t);
  });
  const out: RecordedAnswer[] = [];
  for (const b of segment(cleaned).blocks) {
    if (!isQuery(b.command)) continue;
    if (b.final === null && b.lines.length === 0) continue;
    const final = b.finalLine !== null ? (byLine.get(b.finalLine) ?? 'OK').trim() : 'OK';
    out.push({ command: b.command.trim(), lines: [...b.lines], final, finalAssumed: b.finalLine === null });
  }
  return out;
}

/** Commands whose answer only describes the module: reads, tests and the identity/status executes. */
const QUERY_EXECS = /^AT(?:I\d?|\+C?G(?:MI|MM|MR|SN)|\+CIMI|\+CCID|\+ICCID|\+CSQ|\+CESQ|\+CNUM|\+CEER|\+GCAP|\+CPAS|\+CLCC|!GSTATUS|!PCINFO)$/i;

function isQuery(command: string): boolean {
  const c = command.replace(/\s+/g, '');
  if (/^AT.*\?$/i.test(c) && !/^AT.*=.*[^?]$/.test(c)) return true;
  if (/=\?$/.test(c)) return true;
  // `AT!IMAGE?1`-style query forms
  if (/^AT[+!][A-Z0-9_]+\?\S*$/i.test(c)) return true;
  return QUERY_EXECS.test(c);
}

function platformOf(p: string | null, fallback: Platform): Platform {
  const known: readonly Platform[] = ['SWI9X07H', 'SWI9X07Y', 'SWI9X06Y', 'SWI9X15C', 'SWI9X30C', 'SWI9X50C', 'SWIX55C', 'SWIX65C'];
  const u = p?.toUpperCase();
  return known.find((k) => k === u) ?? fallback;
}

/** The running firmware version: the revision, else the current image preference, else the active image slot. */
function runningVersion(s: ModemSnapshot): string | null {
  if (s.firmware?.version) return s.firmware.version;
  const cur = s.imagePreference?.current.fwVersion;
  if (cur && /^\d\d\.\d\d\.\d\d\.\d\d$/.test(cur)) return cur;
  const active = s.images?.activeFwSlot;
  const slot = s.images?.slots.find((x) => x.type === 'FW' && Number(x.slot) === active && x.fwVersion);
  return slot?.fwVersion ?? null;
}

function firmwareOf(s: ModemSnapshot, base: ModuleProfile, matched: boolean): FirmwareBuild {
  const r = s.firmware;
  const def = base.builds[0]!;
  const running = runningVersion(s);
  // a module of a line we have no profile for, with no revision in the text: its revision is not
  // known, and the stand-in family's own would claim a platform it does not have
  if (!r && !running && !matched) return { ...def, printed: '' };
  if (!r) return running ? { ...def, version: running } : def;
  const version = r.version ?? running ?? def.version;
  return {
    platform: platformOf(r.platform, base.platform),
    version,
    buildId: r.buildId ?? def.buildId,
    builder: r.builder ?? def.builder,
    built: [r.date, r.time].filter(Boolean).join(' ') || def.built,
    ...(s.identity?.qtiBaseline ? { qtiBaseline: s.identity.qtiBaseline } : {}),
    printed: r.full,
  };
}

/** `GENERIC_002.026_000` → its PRI version and index. */
function configParts(config: string | null | undefined): { priVersion: string; index: string } | null {
  const m = /_(\d{3}\.\d{3})_(\d{3})$/.exec(config ?? '');
  return m ? { priVersion: m[1]!, index: m[2]! } : null;
}

function pri(carrier: string, fwVersion: string, parts: { priVersion: string; index: string } | null): PriImage {
  return { carrier: carrier.toUpperCase(), priVersion: parts?.priVersion ?? '000.001', index: parts?.index ?? '000', fwVersion, partNumber: '9999999' };
}

function flashOf(s: ModemSnapshot, profile: ModuleProfile, fw: FirmwareBuild): FlashState {
  const pref = s.imagePreference;
  const carrierPri = s.priId?.carrierPri ?? null;
  const currentCarrier = pref?.current.carrier ?? carrierPri?.carrier ?? null;
  const pris: PriImage[] = [];
  const add = (p: PriImage) => {
    if (!pris.some((x) => x.carrier === p.carrier && x.fwVersion === p.fwVersion)) pris.push(p);
  };
  if (currentCarrier && currentCarrier !== 'NONE') {
    add(pri(currentCarrier, pref?.current.fwVersion ?? carrierPri?.fwVersion ?? fw.version, configParts(pref?.current.config) ?? (carrierPri ? { priVersion: carrierPri.priVersion, index: carrierPri.index } : null)));
  }
  for (const slot of s.images?.slots ?? []) {
    if (slot.carrier && slot.fwVersion && slot.status === 'GOOD') {
      const m = /^(\d{3}\.\d{3})_(\d{3})$/.exec(slot.uniqueId ?? '');
      add(pri(slot.carrier, slot.fwVersion, m ? { priVersion: m[1]!, index: m[2]! } : null));
    }
  }
  // a module with no carrier image in the text still boots with GENERIC for its firmware
  if (pris.length === 0) add(pri('GENERIC', fw.version, null));
  const loaded = pris.find((p) => p.fwVersion === fw.version) ?? pris[0]!;
  const flash = factoryFlash(profile, fw, pris, loaded);
  if (pref && pref.preferred.carrier) {
    const parts = configParts(pref.preferred.config);
    flash.preferred = {
      fwVersion: pref.preferred.fwVersion ?? fw.version,
      carrier: pref.preferred.carrier.toUpperCase(),
      priVersion: parts?.priVersion ?? '000.000',
      index: parts?.index ?? '000',
    };
  }
  return flash;
}

function simOf(s: ModemSnapshot, attached: boolean, currentCarrier: string): SimCard {
  const sim = orangeSim();
  const state = s.sim?.state;
  const status: SimCard['status'] = state === 'pin-required' ? 'pin' : state === 'puk-required' ? 'puk' : state === 'not-inserted' ? 'absent' : 'ready';
  const imsi = s.imsi ?? sim.imsi;
  const name = s.operator?.operator ?? null;
  const mcc = imsi.slice(0, 3);
  const mnc = imsi.slice(3, 5);
  // the operator's settings are in the module's carrier image exactly when the text shows it attached
  const home: Operator = name || s.imsi
    ? { mcc, mnc, name: name ?? `${mcc} ${mnc}`, carriers: attached ? [currentCarrier, 'GENERIC'] : [] }
    : { ...sim.home, carriers: attached ? [...sim.home.carriers, currentCarrier] : [] };
  return {
    ...sim,
    status,
    pinLock: status !== 'ready',
    pinAttempts: status === 'puk' ? 0 : 3,
    imsi,
    iccid: s.iccid?.replace(/[^0-9]/g, '') || sim.iccid,
    home,
  };
}

function radioOf(s: ModemSnapshot, home: Operator): RadioEnvironment {
  const env = defaultEnvironment();
  const g = s.gstatus;
  const noService = g?.systemMode ? /no service/i.test(g.systemMode) : false;
  const reg = s.registration.eps ?? s.registration.cs ?? s.registration.ps;
  const searching = reg ? (reg.stat === 2 || reg.stat === 0 || reg.stat === 3) && !s.operator?.operator : false;
  // camped on a cell but refused the attach, with no operator named anywhere: the module is not
  // registered at all (EMM deregistered), which the simulation shows as still searching
  const csRegistered = s.registration.cs ? s.registration.cs.stat === 1 || s.registration.cs.stat === 5 : false;
  const refused = !attachedOf(s) && !s.operator?.operator && !csRegistered;
  env.coverage = !(noService || searching || refused);
  env.operator = home;
  const band = g?.lteBand ? Number(/\d+/.exec(g.lteBand)?.[0]) : NaN;
  if (Number.isFinite(band)) env.cell.band = band;
  if (g?.lteRxChannel) env.cell.earfcnDl = g.lteRxChannel;
  const tac = g?.tac ? Number.parseInt(g.tac, 16) : reg?.area ? Number.parseInt(reg.area, 16) : NaN;
  if (Number.isFinite(tac)) env.cell.tac = tac;
  const ci = g?.cellId ? Number.parseInt(g.cellId, 16) : reg?.cellId ? Number.parseInt(reg.cellId, 16) : NaN;
  if (Number.isFinite(ci)) env.cell.cellId = ci;
  if (g?.rsrp !== null && g?.rsrp !== undefined) env.signal.rsrp = g.rsrp;
  if (g?.rsrq !== null && g?.rsrq !== undefined) env.signal.rsrq = g.rsrq;
  if (g?.sinr !== null && g?.sinr !== undefined) env.signal.sinr = g.sinr;
  if (g?.rssi !== null && g?.rssi !== undefined) env.signal.rssi = g.rssi;
  else if (s.signal?.rssiDbm !== null && s.signal?.rssiDbm !== undefined) env.signal.rssi = s.signal.rssiDbm;
  return env;
}

function attachedOf(s: ModemSnapshot): boolean {
  const g = s.gstatus;
  if (g?.psState) return /^attached/i.test(g.psState);
  const eps = s.registration.eps ?? s.registration.ps;
  if (eps) return eps.stat === 1 || eps.stat === 5;
  const cs = s.registration.cs;
  return cs ? cs.stat === 1 || cs.stat === 5 : true;
}

/** How the module printed its errors: verbose texts (2), numbers (1), or the profile's default. */
function cmeeOf(answers: readonly RecordedAnswer[]): 0 | 1 | 2 | null {
  for (const a of answers) {
    const m = /^\+CME ERROR:\s*(.+)$/i.exec(a.final);
    if (m) return /^\d+$/.test(m[1]!.trim()) ? 1 : 2;
  }
  return null;
}

/**
 * The radio function the module started with: as `+CFUN?` printed it, else low power when
 * `!GSTATUS?` or `!PCINFO?` showed it and no image-preference mismatch explains it (the
 * simulation goes into low power by itself for a mismatch).
 */
function cfunOf(s: ModemSnapshot, flash: FlashState): 0 | 1 | 4 | undefined {
  const level = s.functionality?.level;
  if (level === 0 || level === 1 || level === 4) return level;
  const lpm = (s.gstatus?.mode && /low power/i.test(s.gstatus.mode)) || s.powerControl?.lowPower;
  const mismatch = flash.preferred && !flash.pris.some((p) => p.carrier === flash.preferred!.carrier && p.fwVersion === flash.preferred!.fwVersion);
  return lpm && !mismatch ? 4 : undefined;
}

export function buildReplay(text: string): ReplayBuild {
  const analysis = analyzeText(text);
  const s = analysis.snapshot;
  const model = s.identity?.model ?? null;
  const { profile: base, matched } = familyMatch(model, s.firmware?.platform ?? null);
  const fromText: string[] = [];
  const identity: ModuleProfile['identity'] = {
    imei: s.imei && /^\d{15}$/.test(s.imei) ? s.imei : base.identity.imei,
    imeiSv: s.identity?.imeiSv ?? base.identity.imeiSv,
    fsn: s.identity?.fsn ?? base.identity.fsn,
    ...(s.identity?.meid ? { meid: s.identity.meid } : base.identity.meid && !s.identity ? { meid: base.identity.meid } : {}),
  };
  const fw = firmwareOf(s, base, matched);
  // no model in the text: the family's own, unless the firmware shows another line (an HL module)
  const otherLine = !model && s.firmware && s.firmware.platform !== base.platform;
  const profile: ModuleProfile = {
    ...base,
    id: base.id,
    model: model ?? (otherLine ? '' : base.model),
    identity,
    ...(s.identity?.gcap ? { gcap: `+GCAP: ${s.identity.gcap}` } : {}),
    ...(s.images?.maxFwImages ? { maxFwImages: s.images.maxFwImages } : {}),
    usb: { ...base.usb, ...(analysis.usb && analysis.usb.vid === 0x1199 ? { appPid: analysis.usb.pid } : {}) },
    ...(s.operator?.act === 13 ? { accessTechnology: 13 } : {}),
  };
  if (model) fromText.push(`model ${model}`);
  if (s.firmware) fromText.push(`firmware ${s.firmware.full}`);
  const flash = flashOf(s, profile, fw);
  const current = flash.pris.find((p) => p.fwVersion === fw.version)?.carrier ?? 'GENERIC';
  if (s.imagePreference || s.priId) fromText.push(`carrier ${current}${flash.preferred && flash.preferred.carrier !== current ? `, preferred ${flash.preferred.carrier}` : ''}`);
  const attached = attachedOf(s);
  const sim = simOf(s, attached, current);
  if (s.sim) fromText.push(`SIM ${s.sim.text}`);
  const radio = radioOf(s, sim.home);
  if (s.operator?.operator) fromText.push(`operator ${s.operator.operator}`);
  if (s.gstatus || s.signal) fromText.push('signal');
  const answers = recordedAnswers(text);
  const cmee = cmeeOf(answers);
  const cfun = cfunOf(s, flash);
  if (cfun !== undefined) fromText.push(`radio CFUN=${cfun}`);
  return { setup: { profile, flash, sim, radio, ...(cfun !== undefined ? { cfun } : {}) }, cmee, answers, analysis, fromText, base };
}
