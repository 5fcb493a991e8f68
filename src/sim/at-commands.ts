import { ERROR, OK, cme, info, simGate, revisionOf, type AtHost, type CommandHandler, type CommandResult, type ParsedCommand } from './at-personality.ts';
import { activeFirmware, configName, preferenceOf } from './flash.ts';
import { register3gppCommands } from './at-commands-3gpp.ts';
import { gstatusLines } from './gstatus.ts';
import { csqIndex, OPERATORS, carrierSuits } from './network.ts';
import type { ModuleProfile } from './profiles/types.ts';
import type { Registration } from './registration.ts';
import { hex4 } from '../codec/hex.ts';

/**
 * The AT command set of the simulated Sierra modules. Response shapes follow
 * shared/research/at-knowledge.md (spacing, blank lines, field order); where a shape is not
 * in our sources the closest documented form is used and the comment says so.
 */
const UNLOCK_PASSWORD = 'A710';

/** Commands refused with a bare ERROR until `AT!ENTERCND` (at-knowledge §6). */
function locked(h: AtHost): CommandResult | null {
  return h.session.unlocked ? null : ERROR;
}

type RegName = '+CREG' | '+CGREG' | '+CEREG';

/** The packet-switched (+CGREG) status: attached is registered, camped but not attached is searching. */
export function psStat(reg: Registration): 0 | 1 | 2 | 3 | 5 {
  return reg.attached ? reg.cereg : reg.camped ? 2 : reg.creg === 0 ? 0 : 2;
}

/** `"0E62","02AC602",7`: the location part printed with n=2 once registered (27.007 §7.2). */
function location(name: RegName, stat: number, h: AtHost): string {
  if (stat !== 1 && stat !== 5) return '';
  const c = h.radio.cell;
  return `,"${hex4(c.tac)}","${c.cellId.toString(16).toUpperCase().padStart(7, '0')}",${h.profile.accessTechnology ?? 7}`;
}

/** The read form: `n` first, then the status, then the location when n=2. */
function regLine(name: RegName, n: number, stat: number, h: AtHost): string {
  return `${name}: ${n},${stat}${n === 2 ? location(name, stat, h) : ''}`;
}

/** The URC form (no `n` field): the status alone for n=1, with the location for n=2. */
export function regUrc(name: RegName, n: number, stat: number, h: AtHost): string {
  return `${name}: ${stat}${n === 2 ? location(name, stat, h) : ''}`;
}

function lteMask(bands: readonly number[]): string {
  let mask = 0n;
  for (const b of bands) mask |= 1n << BigInt(b - 1);
  return mask.toString(16).toUpperCase().padStart(16, '0');
}

const BAND_TABLE: readonly (readonly [string, string, (p: ModuleProfile) => readonly number[]])[] = [
  ['00', 'All bands', (p) => p.lteBands],
  ['01', 'Europe 3G', () => []],
  ['02', 'North America 3G', () => []],
  ['06', 'Europe', (p) => p.lteBands.filter((b) => [1, 3, 7, 8, 20, 28, 32].includes(b))],
  ['07', 'North America', (p) => p.lteBands.filter((b) => [2, 4, 5, 12, 13, 25, 26, 29, 30, 41, 66].includes(b))],
  ['08', 'WCDMA ALL', () => []],
  ['09', 'LTE ALL', (p) => p.lteBands],
];

function bandRow(p: ModuleProfile, row: (typeof BAND_TABLE)[number], masks: boolean): string {
  const [idx, name, bands] = row;
  if (!masks) return `${idx}, ${name}`;
  const gw = idx === '09' ? '0000000000000000' : '0002000007C00000';
  if (p.chipset === '9x50') {
    return `${idx}, ${name.padEnd(20)} ${gw} ${lteMask(bands(p))} 0000000000000000 0000000000000000 0000000000000000 0000000000000000`;
  }
  return `${idx}, ${name.padEnd(20)} ${gw} ${lteMask(bands(p))}`;
}

function bandHeader(p: ModuleProfile, masks: boolean): string {
  if (!masks) return 'Index, Name';
  if (p.chipset === '9x50') return 'Index, Name,                GW Band Mask     L Band Mask 1    L Band Mask 2    L Band Mask 3    L Band Mask 4    TDS Band Mask';
  return 'Index, Name,                GW Band Mask     L Band Mask';
}

function imprefLines(h: AtHost, header: string, subpri: boolean): string[] {
  const f = h.flash;
  const pref = f.preferred;
  const fw = activeFirmware(f);
  const cur = h.session.loadedPri;
  const lines = [`${header}: `];
  const w = 25;
  const row = (label: string, value: string) => ` ${(label + ':').padEnd(w)}${value}`;
  lines.push(row('preferred fw version', pref?.fwVersion ?? '00.00.00.00'));
  lines.push(row('preferred carrier name', pref?.carrier ?? 'NONE'));
  lines.push(row('preferred config name', pref ? configName(pref) : 'NONE_000.000_000'));
  if (subpri) lines.push(row('preferred subpri index', pref?.index ?? '000'));
  lines.push(row('current fw version', fw?.version ?? ''));
  lines.push(row('current carrier name', cur?.carrier ?? ''));
  lines.push(row('current config name', cur ? configName(cur) : ''));
  if (subpri) lines.push(row('current subpri index', cur?.index ?? ''));
  // mismatches compare the preference with what this boot actually loaded
  for (const m of preferenceMismatchesAgainst(f, cur)) lines.push(` ${m}`);
  return lines;
}

function preferenceMismatchesAgainst(f: AtHost['flash'], cur: AtHost['session']['loadedPri']): string[] {
  const pref = f.preferred;
  if (!pref) return [];
  const fw = activeFirmware(f);
  const out: string[] = [];
  if (!fw || fw.version !== pref.fwVersion) out.push('fw version mismatch');
  if (!cur || cur.carrier !== pref.carrier) out.push('carrier name mismatch');
  if (!cur || configName(cur) !== configName(pref)) out.push('config name mismatch');
  return out;
}

function imageLines(h: AtHost): string[] {
  const f = h.flash;
  const p = h.profile;
  const lines = ['TYPE SLOT STATUS LRU FAILURES UNIQUE_ID   BUILD_ID'];
  for (let i = 0; i < p.maxFwImages; i++) {
    const fw = f.firmware[i];
    if (fw) lines.push(`FW   ${i + 1}    GOOD   ${f.active === i ? 1 : 0}   0    0    ?_?         ${fw.version}_?`);
    else lines.push(`FW   ${i + 1}    EMPTY  0   0    0                `);
  }
  lines.push(`Max FW images: ${p.maxFwImages}`);
  lines.push(`Active FW image is at slot ${f.active === null ? 255 : f.active + 1}`);
  lines.push('');
  lines.push('TYPE SLOT STATUS LRU FAILURES UNIQUE_ID   BUILD_ID');
  for (const pri of f.pris) {
    lines.push(`PRI  FF   GOOD   0   0    0    ${pri.priVersion}_${pri.index} ${pri.fwVersion}_${pri.carrier}`);
  }
  lines.push('Max PRI images: 50');
  return lines;
}

function priidLines(h: AtHost): string[] {
  const cur = h.session.loadedPri;
  const fw = activeFirmware(h.flash);
  const oem = h.profile.chipset === '9x07' || h.profile.chipset === '9x06' ? { part: '9908739', rev: '001.004', customer: 'Generic-M2M' } : { part: '9904336', rev: '001.007', customer: 'Generic-Laptop' };
  const carrier = cur && fw
    ? `Carrier PRI: 9999999_${cur.partNumber}_${h.profile.platform}_${fw.version}_00_${cur.carrier}_${cur.priVersion}_${cur.index}`
    : 'Carrier PRI: None';
  return [`PRI Part Number: ${oem.part}`, `Revision: ${oem.rev}`, `Customer: ${oem.customer}`, '', carrier];
}

function pcinfoLines(h: AtHost): string[] {
  const s = h.session;
  const lpm = s.imswitchLpm || s.cfun !== 1;
  if (h.profile.chipset === '9x15') {
    // the Gobi-era layout: force flags with GOBIIM for an incompatible PRI (corpus at/mc7304_pcinfo-*)
    return [
      `State: ${lpm ? 'LowPowerMode' : 'Online'}`,
      `LPM force flags - W_DISABLE:0, User:${s.cfun !== 1 ? 1 : 0}, Temp:0, Volt:0, BIOS:0, GOBIIM:${s.imswitchLpm ? 1 : 0}`,
      'W_DISABLE: 0',
      'Poweroff mode: 0',
      'LPM Persistent: 1',
    ];
  }
  return [
    `State: ${lpm ? 'Low Power Mode' : 'Online'}`,
    `LPM voters - Temp:0, Volt:0, User:${s.cfun !== 1 ? 1 : 0}, W_DISABLE:0, IMSWITCH:${s.imswitchLpm ? 1 : 0}, BIOS:0, LWM2M:0, OMADM:0, FOTA:0`,
    'LPM persistence - None',
  ];
}

function ipFor(h: AtHost, cid: number): string {
  return `10.${(h.identity.imei.charCodeAt(10) % 200) + 20}.${37 + cid}.${(h.identity.imei.charCodeAt(12) % 200) + 10}`;
}

/** Activates a context; the outcome depends on attach state and the carrier configuration. */
function activate(h: AtHost, cid: number): CommandResult {
  const gate = simGate(h);
  if (gate) return gate;
  const ctx = h.session.contexts.get(cid);
  if (!ctx) return cme(50);
  const reg = h.registration();
  if (!reg.camped) return { ...cme(30), delayMs: 300 };
  if (!reg.attached) {
    // camped but never attached: the network keeps rejecting what this configuration asks for
    const carrier = h.session.loadedPri?.carrier ?? 'NONE';
    return { ...cme(carrierSuits(carrier, h.sim) ? 30 : 131), delayMs: h.rng.int(1500, 3000) };
  }
  h.session.active.set(cid, ipFor(h, cid));
  return { reply: { kind: 'ok' }, delayMs: h.rng.int(600, 1400), after: () => h.stateChanged() };
}

function flag(n: string | undefined, allowed: readonly number[]): number | null {
  if (n === undefined || !/^\d+$/.test(n)) return null;
  const v = Number(n);
  return allowed.includes(v) ? v : null;
}

const handlers = new Map<string, CommandHandler>();
function on(name: string, fn: (cmd: ParsedCommand, h: AtHost) => CommandResult): void {
  handlers.set(name, fn);
}

on('+CGMR', (c, h) => (c.op === 'exec' ? info(h.firmware() ? revisionOf(h.firmware()!) : 'Unknown') : c.op === 'test' ? OK : ERROR));
on('+GMR', (c, h) => (c.op === 'test' ? OK : c.op === 'exec' ? info(h.firmware() ? revisionOf(h.firmware()!) : 'Unknown') : ERROR));
on('+CGMI', (c) => (c.op === 'exec' ? info('Sierra Wireless, Incorporated') : c.op === 'test' ? OK : ERROR));
on('+GMI', (c) => (c.op === 'test' ? OK : c.op === 'exec' ? info('Sierra Wireless, Incorporated') : ERROR));
on('+CGMM', (c, h) => (c.op === 'exec' ? info(h.profile.model) : c.op === 'test' ? OK : ERROR));
on('+GMM', (c, h) => (c.op === 'test' ? OK : c.op === 'exec' ? info(h.profile.model) : ERROR));
on('+CGSN', (c, h) => (c.op === 'exec' ? info(h.identity.imei) : c.op === 'test' ? OK : ERROR));
on('+GSN', (c, h) => (c.op === 'test' ? OK : c.op === 'exec' ? info(h.identity.imei) : ERROR));
on('+GCAP', (c, h) => (c.op === 'exec' ? info(h.profile.gcap) : c.op === 'test' ? OK : ERROR));

on('+CMEE', (c, h) => {
  if (c.op === 'read') return info(`+CMEE: ${h.session.cmee}`);
  if (c.op === 'test') return info('+CMEE: (0-2)');
  if (c.op === 'set') {
    const v = flag(c.args[0], [0, 1, 2]);
    if (v === null) return ERROR;
    h.session.cmee = v as 0 | 1 | 2;
    return OK;
  }
  return ERROR;
});

on('+CIMI', (c, h) => {
  if (c.op !== 'exec') return c.op === 'test' ? OK : ERROR;
  return simGate(h) ?? info(h.sim.imsi);
});

on('+CCID', (c, h) => {
  if (c.op !== 'exec' && c.op !== 'read') return c.op === 'test' ? OK : ERROR;
  if (h.sim.status === 'absent') return cme(10);
  return info(`+CCID: ${h.sim.iccid}`);
});

// Undocumented but works before the PIN (at-knowledge §9).
on('+ICCID', (c, h) => {
  if (c.op !== 'exec') return ERROR;
  if (h.sim.status === 'absent') return cme(10);
  return info(`ICCID: ${h.sim.iccid}`);
});

// Fails before PIN entry on this firmware generation (at-knowledge §9).
on('!ICCID', (c, h) => {
  if (c.op !== 'read') return ERROR;
  return simGate(h) ?? info(`!ICCID: ${h.sim.iccid}`);
});

on('+CPIN', (c, h) => {
  const sim = h.sim;
  if (c.op === 'test') return OK;
  if (c.op === 'read') {
    if (sim.status === 'absent') return cme(10);
    return info(`+CPIN: ${sim.status === 'ready' ? 'READY' : sim.status === 'pin' ? 'SIM PIN' : 'SIM PUK'}`);
  }
  if (c.op !== 'set') return ERROR;
  if (sim.status === 'absent') return cme(10);
  if (sim.status === 'ready') return cme(3);
  if (sim.status === 'pin') {
    if (c.args[0] === sim.pin) {
      sim.status = 'ready';
      sim.pinAttempts = 3;
      return { reply: { kind: 'ok' }, delayMs: 200, after: () => h.stateChanged() };
    }
    sim.pinAttempts -= 1;
    if (sim.pinAttempts <= 0) sim.status = 'puk';
    return { ...cme(16), delayMs: 200 };
  }
  // PUK: AT+CPIN="<puk>","<new pin>"
  if (c.args[0] === sim.puk && c.args[1] && /^\d{4,8}$/.test(c.args[1])) {
    sim.pin = c.args[1];
    sim.status = 'ready';
    sim.pinAttempts = 3;
    sim.pukAttempts = 10;
    return { reply: { kind: 'ok' }, delayMs: 300, after: () => h.stateChanged() };
  }
  sim.pukAttempts -= 1;
  return { ...cme(16), delayMs: 300 };
});

on('+CFUN', (c, h) => {
  if (c.op === 'read') return info(`+CFUN: ${h.session.imswitchLpm ? 0 : h.session.cfun}`);
  if (c.op === 'test') return info('+CFUN: (0,1,4),(0-1)');
  if (c.op !== 'set') return ERROR;
  const v = flag(c.args[0], [0, 1, 4]);
  if (v === null) return cme(50);
  if (c.args[1] === '1') return { reply: { kind: 'ok' }, delayMs: 100, after: () => h.reset() };
  // image-switch low power mode cannot be left with CFUN (at-knowledge §0.1)
  if (h.session.imswitchLpm && v === 1) return cme(4);
  const was = h.session.cfun;
  h.session.cfun = v as 0 | 1 | 4;
  if (v === 1 && was !== 1) h.session.radioReadyAt = h.clock.now() + h.rng.int(1500, 3000);
  if (v !== 1) h.session.active.clear();
  return { reply: { kind: 'ok' }, delayMs: h.rng.int(100, 400), after: () => h.stateChanged() };
});

on('!ENTERCND', (c, h) => {
  if (c.op === 'set') {
    if (c.args[0] === UNLOCK_PASSWORD) {
      h.session.unlocked = true;
      return OK;
    }
    return ERROR;
  }
  return ERROR;
});

on('!IMPREF', (c, h) => {
  if (h.profile.hasImpref === false) return ERROR;
  if (c.op === 'read') return info(...imprefLines(h, '!IMPREF', h.profile.chipset !== '9x30'));
  if (c.op === 'test') return info('!IMPREF: "carrier name"');
  if (c.op !== 'set') return ERROR;
  const gate = locked(h);
  if (gate) return gate;
  const carrier = (c.args[0] ?? '').toUpperCase();
  const fw = activeFirmware(h.flash);
  const pri = h.flash.pris.find((p) => p.carrier === carrier && p.fwVersion === fw?.version);
  // "will error if Generic does not exist" (at-knowledge §6)
  if (!pri) return ERROR;
  h.flash.preferred = preferenceOf(pri);
  return OK;
});

on('!GOBIIMPREF', (c, h) => {
  if (!h.profile.hasGobiImpref) return ERROR;
  if (c.op === 'read') return info(...imprefLines(h, '!GOBIIMPREF', false));
  if (c.op !== 'set') return ERROR;
  const gate = locked(h);
  if (gate) return gate;
  // AT!GOBIIMPREF="<fw>","<carrier>","<config>"
  const [fwv, carrier] = c.args;
  const pri = h.flash.pris.find((p) => p.carrier === carrier?.toUpperCase() && p.fwVersion === fwv);
  if (!pri) return ERROR;
  h.flash.preferred = preferenceOf(pri);
  return OK;
});

on('!IMAGE', (c, h) => {
  if (c.op === 'read') {
    if (c.args[0] === '2') return info(`Max FW images: ${h.profile.maxFwImages}`, 'Max PRI images: 50');
    return info(...imageLines(h));
  }
  if (c.op === 'test') return info('!IMAGE: (0-2),(0-1),(1-4),"unique id","build id"');
  return ERROR;
});

on('!PRIID', (c, h) => {
  if (c.op === 'read') return info(...priidLines(h));
  if (c.op === 'set') return locked(h) ?? OK;
  return ERROR;
});

on('!PCINFO', (c, h) => (c.op === 'read' ? info(...pcinfoLines(h)) : ERROR));

on('!SELRAT', (c, h) => {
  const names: Record<string, string> = {
    '00': 'Automatic', '01': 'UMTS 3G Only', '02': 'GSM 2G Only', '03': 'UMTS 3G Preferred', '04': 'GSM 2G Preferred',
    '05': 'GSM and UMTS Only', '06': 'LTE Only', '07': 'GSM, UMTS, LTE Only',
  };
  if (c.op === 'read') return info(`!SELRAT: ${h.session.selrat}, ${names[h.session.selrat] ?? 'Automatic'}`);
  if (c.op === 'test') return info('!SELRAT: (0-7)');
  if (c.op !== 'set') return ERROR;
  const gate = locked(h);
  if (gate) return gate;
  const v = (c.args[0] ?? '').padStart(2, '0');
  if (!names[v]) return ERROR;
  h.session.selrat = v;
  return OK;
});

on('!BAND', (c, h) => {
  const p = h.profile;
  const masks = h.session.unlocked;
  if (c.op === 'read') {
    const row = BAND_TABLE.find((r) => r[0] === h.session.bandIndex) ?? BAND_TABLE[0]!;
    return info(bandHeader(p, masks), bandRow(p, row, masks));
  }
  if (c.op === 'test') return info(bandHeader(p, masks), ...BAND_TABLE.map((r) => bandRow(p, r, masks)));
  if (c.op !== 'set') return ERROR;
  const gate = locked(h);
  if (gate) return gate;
  const v = (c.args[0] ?? '').padStart(2, '0');
  if (!BAND_TABLE.some((r) => r[0] === v)) return ERROR;
  h.session.bandIndex = v;
  return OK;
});

on('!GSTATUS', (c, h) => {
  if (c.op !== 'read' && c.op !== 'exec') return ERROR;
  const s = h.session;
  return info(
    ...gstatusLines({
      layout: h.profile.gstatusLayout,
      uptimeS: h.uptimeSeconds(),
      temperatureC: h.temperatureC(),
      resetCounter: h.flash.resetCounter,
      online: !s.imswitchLpm && s.cfun === 1,
      reg: h.registration(),
      radio: h.radio,
      dataActive: s.active.size > 0,
      endc: h.profile.accessTechnology === 13,
    }),
  );
});

on('+COPS', (c, h) => {
  if (c.op === 'read') {
    const reg = h.registration();
    const op = h.radio.operator;
    const f = h.session.copsFormat;
    const name = f === 2 ? `${op.mcc}${op.mnc}` : f === 1 ? (op.short ?? op.name) : op.name;
    return info(reg.camped ? `+COPS: 0,${f},"${name}",${h.profile.accessTechnology ?? 7}` : '+COPS: 0');
  }
  if (c.op === 'test') {
    if (!h.radio.coverage || h.session.cfun !== 1) return { ...info('+COPS: ,(0-4),(0-2)'), delayMs: 8000 };
    const entries = OPERATORS.map((o) => {
      const stat = o === h.radio.operator && h.registration().camped ? 2 : o.mcc === h.sim.home.mcc && o.mnc === h.sim.home.mnc ? 1 : 3;
      const short = o.short ?? o.name;
      return `(${stat},"${o.name}","${short}","${o.mcc}${o.mnc}",7)`;
    });
    return { ...info(`+COPS: ${entries.join(',')},,(0-4),(0-2)`), delayMs: h.rng.int(3000, 6000) };
  }
  if (c.op !== 'set') return ERROR;
  const mode = flag(c.args[0], [0, 1, 2, 3, 4]);
  if (mode === null) return cme(50);
  if (mode === 3) {
    // only sets the format of later +COPS? answers
    const f = flag(c.args[1], [0, 1, 2]);
    if (f === null) return cme(50);
    h.session.copsFormat = f as 0 | 1 | 2;
    return OK;
  }
  return { ...OK, delayMs: 500 };
});

function regCommand(name: RegName): (c: ParsedCommand, h: AtHost) => CommandResult {
  return (c, h) => {
    const key = name === '+CREG' ? 'cregN' : name === '+CGREG' ? 'cgregN' : 'ceregN';
    if (c.op === 'read') {
      const reg = h.registration();
      const stat = name === '+CREG' ? reg.creg : name === '+CGREG' ? psStat(reg) : reg.cereg;
      return info(regLine(name, h.session[key], stat, h));
    }
    if (c.op === 'test') return info(`${name}: (0-2)`);
    if (c.op === 'set') {
      const v = c.args.length === 0 || c.args[0] === '' ? 0 : flag(c.args[0], [0, 1, 2]);
      if (v === null) return cme(50);
      h.session[key] = v as 0 | 1 | 2;
      return OK;
    }
    return ERROR;
  };
}
on('+CREG', regCommand('+CREG'));
on('+CGREG', regCommand('+CGREG'));
on('+CEREG', regCommand('+CEREG'));

on('+CSQ', (c, h) => {
  if (c.op === 'test') return info('+CSQ: (0-31,99),(99)');
  if (c.op !== 'exec') return ERROR;
  const reg = h.registration();
  return info(reg.camped ? `+CSQ: ${csqIndex(h.radio.signal.rssi)},99` : '+CSQ: 99,99');
});

on('+CGDCONT', (c, h) => {
  const ctxs = h.session.contexts;
  if (c.op === 'read') {
    return info(...[...ctxs.entries()].sort((a, b) => a[0] - b[0]).map(([cid, x]) => `+CGDCONT: ${cid},"${x.type}","${x.apn}","",0,0,0,0`));
  }
  if (c.op === 'test') return info('+CGDCONT: (1-16),"IP",,,(0-2),(0-4)', '+CGDCONT: (1-16),"IPV6",,,(0-2),(0-4)', '+CGDCONT: (1-16),"IPV4V6",,,(0-2),(0-4)');
  if (c.op !== 'set') return ERROR;
  const cid = Number(c.args[0]);
  if (!Number.isInteger(cid) || cid < 1 || cid > 16) return cme(50);
  if (c.args.length === 1) {
    ctxs.delete(cid);
    return OK;
  }
  const type = (c.args[1] ?? 'IP').toUpperCase();
  if (!['IP', 'IPV6', 'IPV4V6'].includes(type)) return cme(50);
  ctxs.set(cid, { type, apn: c.args[2] ?? '' });
  return OK;
});

on('+CGACT', (c, h) => {
  const s = h.session;
  if (c.op === 'read') return info(...[...s.contexts.keys()].sort((a, b) => a - b).map((cid) => `+CGACT: ${cid},${s.active.has(cid) ? 1 : 0}`));
  if (c.op === 'test') return info('+CGACT: (0-1)');
  if (c.op !== 'set') return ERROR;
  const state = flag(c.args[0], [0, 1]);
  if (state === null) return cme(50);
  const cids = c.args.length > 1 ? c.args.slice(1).map(Number) : [...s.contexts.keys()];
  if (state === 0) {
    for (const cid of cids) s.active.delete(cid);
    return { reply: { kind: 'ok' }, delayMs: 200, after: () => h.stateChanged() };
  }
  let last: CommandResult = OK;
  for (const cid of cids) {
    last = activate(h, cid);
    if (last.reply.kind !== 'ok') return last;
  }
  return last;
});

// RC76 ties !SCACT to the legacy GobiNet driver: it reports no network service even when
// registered (at-knowledge §9). The other families activate the context.
on('!SCACT', (c, h) => {
  const s = h.session;
  if (c.op === 'read') return info(...[...s.contexts.keys()].sort((a, b) => a - b).map((cid) => `!SCACT: ${cid},${s.active.has(cid) ? 1 : 0}`));
  if (c.op !== 'set') return ERROR;
  const state = flag(c.args[0], [0, 1]);
  const cid = Number(c.args[1] ?? '1');
  if (state === null || !s.contexts.has(cid)) return cme(50);
  if (state === 0) {
    s.active.delete(cid);
    return { reply: { kind: 'ok' }, after: () => h.stateChanged() };
  }
  if (h.profile.chipset === '9x07') return { ...cme(30), delayMs: 400 };
  return activate(h, cid);
});

on('+CGPADDR', (c, h) => {
  const s = h.session;
  if (c.op === 'test') return info(`+CGPADDR: (${[...s.contexts.keys()].join(',')})`);
  const cids = c.op === 'set' ? c.args.map(Number) : [...s.contexts.keys()].sort((a, b) => a - b);
  return info(...cids.map((cid) => `+CGPADDR: ${cid},${s.active.get(cid) ?? '0.0.0.0'}`));
});

on('+CGATT', (c, h) => {
  if (c.op === 'read') return info(`+CGATT: ${h.registration().attached ? 1 : 0}`);
  if (c.op === 'test') return info('+CGATT: (0-1)');
  return c.op === 'set' ? { ...OK, delayMs: 500 } : ERROR;
});

on('!RESET', (c, h) => (c.op === 'exec' ? { reply: { kind: 'ok' }, after: () => h.reset() } : ERROR));

on('!BOOTHOLD', (c, h) => {
  if (c.op !== 'exec') return ERROR;
  if (h.profile.bootholdNeedsUnlock && !h.session.unlocked) return ERROR;
  return { reply: { kind: 'ok' }, after: () => h.boothold() };
});

on('!USBPID', (c, h) => {
  const gate = locked(h);
  if (gate) return gate;
  if (c.op === 'read') return info(`APP : ${hex4(h.flash.usbPid.app)}`, `BOOT: ${hex4(h.flash.usbPid.boot)}`);
  if (c.op !== 'set') return ERROR;
  const [app, boot] = c.args.map((a) => Number.parseInt(a, 16));
  if (!app || !boot || app > 0xffff || boot > 0xffff) return ERROR;
  // takes effect on the next enumeration
  h.flash.usbPid = { app, boot };
  return OK;
});

on('!USBVID', (c, h) => {
  const gate = locked(h);
  if (gate) return gate;
  return c.op === 'read' ? info(`!USBVID: ${hex4(h.profile.usb.vendorId)}`) : ERROR;
});

on('!USBCOMP', (c, h) => {
  const gate = locked(h);
  if (gate) return gate;
  const comp = h.profile.usb.composition;
  if (c.op === 'read') return info('Config Index: 1', `Config Type:  ${comp.configType}`, `Interface bitmask: ${comp.mask} (${comp.names})`);
  return c.op === 'set' ? OK : ERROR;
});

on('!USBPRODUCT', (c, h) => locked(h) ?? (c.op === 'read' ? info(`!USBPRODUCT: ${h.profile.usb.product}`) : ERROR));

on('!BCFWUPDATESTATUS', (c) => (c.op === 'read' || c.op === 'exec' ? info('!BCFWUPDATESTATUS: UNKNOWN') : ERROR));

register3gppCommands(on);

/** The handler table, shared by every simulated module (family differences are in the profile). */
export const SIERRA_AT_COMMANDS: ReadonlyMap<string, CommandHandler> = handlers;

