import { ERROR, OK, cme, info, simGate, type AtHost, type CommandResult, type ParsedCommand } from './at-personality.ts';
import { deliverPdu } from './sms-pdu.ts';
import type { Registration } from './registration.ts';

/**
 * The 3GPP 27.007 / 27.005 commands that generic AT clients (gammu, gsmlib, ModemManager)
 * send while probing a module: character set, SMS storage and format, indicators, phonebook,
 * serial settings. The Sierra references list these commands without printing every answer;
 * where the exact answer is not in our sources the 27.007 form is used with the value range a
 * Qualcomm-based Sierra module accepts, and the comment says so.
 */
type On = (name: string, fn: (cmd: ParsedCommand, h: AtHost) => CommandResult) => void;

const q = (s: string): string => `"${s}"`;

/** +CIND `service`, `roam`, `GPRS coverage` from the registration. */
function indicators(h: AtHost, reg: Registration): number[] {
  const rssi = h.radio.signal.rssi;
  const bars = !reg.camped ? 0 : rssi >= -65 ? 5 : rssi >= -75 ? 4 : rssi >= -85 ? 3 : rssi >= -95 ? 2 : 1;
  return [5, bars, reg.camped ? 1 : 0, 0, reg.creg === 5 ? 1 : 0, 0, reg.attached ? 1 : 0, 0];
}

const SMS_MEMORIES = ['SM', 'ME'] as const;
const SM_CAPACITY = 30;
const ME_CAPACITY = 100;

function cpmsCounts(h: AtHost, mem: string): string {
  return mem === 'SM' ? `${h.sim.sms.length},${SM_CAPACITY}` : `0,${ME_CAPACITY}`;
}

/** Phonebook storages and their sizes (27.007 §8.11); all empty on the virtual SIM. */
const PHONEBOOKS: Readonly<Record<string, number>> = { SM: 250, DC: 100, FD: 20, LD: 100, MC: 100, ON: 4, RC: 100, EN: 5 };

const STAT_TEXT = ['REC UNREAD', 'REC READ', 'STO UNSENT', 'STO SENT', 'ALL'] as const;

/** Swapped-nibble ICCID as EF_ICCID holds it (what +CRSM READ BINARY of 2FE2 returns). */
function efIccid(iccid: string): string {
  const d = iccid.length % 2 ? iccid + 'F' : iccid;
  let out = '';
  for (let i = 0; i < d.length; i += 2) out += d[i + 1]! + d[i]!;
  return out.padEnd(20, 'F');
}

export function register3gppCommands(on: On): void {
  on('+CSCS', (c, h) => {
    if (c.op === 'read') return info(`+CSCS: ${q(h.session.cscs)}`);
    if (c.op === 'test') return info('+CSCS: ("IRA","GSM","UCS2")');
    if (c.op !== 'set') return ERROR;
    const v = (c.args[0] ?? '').toUpperCase();
    if (!['IRA', 'GSM', 'UCS2'].includes(v)) return cme(4);
    h.session.cscs = v;
    return OK;
  });

  on('+CMGF', (c, h) => {
    if (c.op === 'read') return info(`+CMGF: ${h.session.cmgf}`);
    if (c.op === 'test') return info('+CMGF: (0-1)');
    if (c.op !== 'set') return ERROR;
    if (c.args[0] !== '0' && c.args[0] !== '1') return ERROR;
    h.session.cmgf = c.args[0] === '1' ? 1 : 0;
    return OK;
  });

  on('+CSMS', (c) => {
    if (c.op === 'read') return info('+CSMS: 0,1,1,1');
    if (c.op === 'test') return info('+CSMS: (0-1)');
    if (c.op === 'set') return c.args[0] === '0' || c.args[0] === '1' ? info('+CSMS: 1,1,1') : ERROR;
    return ERROR;
  });

  on('+CPMS', (c, h) => {
    if (c.op === 'test') return info('+CPMS: ("SM","ME"),("SM","ME"),("SM","ME")');
    if (c.op === 'read') {
      const [a, b, d] = h.session.cpms;
      return simGate(h) ?? info(`+CPMS: ${q(a)},${cpmsCounts(h, a)},${q(b)},${cpmsCounts(h, b)},${q(d)},${cpmsCounts(h, d)}`);
    }
    if (c.op !== 'set') return ERROR;
    const gate = simGate(h);
    if (gate) return gate;
    const mems = c.args.map((a) => a.toUpperCase());
    if (mems.length === 0 || mems.some((m) => !(SMS_MEMORIES as readonly string[]).includes(m))) return cme(50);
    const cur = h.session.cpms;
    const next: [string, string, string] = [mems[0]!, mems[1] ?? cur[1], mems[2] ?? cur[2]];
    h.session.cpms = next;
    return info(`+CPMS: ${next.map((m) => cpmsCounts(h, m)).join(',')}`);
  });

  on('+CNMI', (c, h) => {
    if (c.op === 'read') return info(`+CNMI: ${h.session.cnmi.join(',')}`);
    if (c.op === 'test') return info('+CNMI: (0-2),(0-3),(0,2),(0-2),(0-1)');
    if (c.op !== 'set') return ERROR;
    const v = c.args.map(Number);
    const max = [2, 3, 2, 2, 1];
    if (v.some((x, i) => !Number.isInteger(x) || x < 0 || x > (max[i] ?? 0))) return cme(4);
    h.session.cnmi = [0, 1, 2, 3, 4].map((i) => v[i] ?? h.session.cnmi[i] ?? 0);
    return OK;
  });

  on('+CSCA', (c, h) => {
    if (c.op === 'read') return simGate(h) ?? info(`+CSCA: ${q(h.sim.smsc)},145`);
    if (c.op === 'test') return OK;
    return c.op === 'set' ? (simGate(h) ?? OK) : ERROR;
  });

  on('+CMGL', (c, h) => {
    if (c.op === 'test') return info(h.session.cmgf ? '+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")' : '+CMGL: (0-4)');
    const gate = simGate(h);
    if (gate) return gate;
    if (h.session.cpms[0] !== 'SM') return info();
    const want = c.args[0] ?? (h.session.cmgf ? 'REC UNREAD' : '0');
    const stat = h.session.cmgf ? STAT_TEXT.indexOf(want.toUpperCase() as (typeof STAT_TEXT)[number]) : Number(want);
    if (stat < 0 || stat > 4 || !Number.isInteger(stat)) return cme(50);
    const lines: string[] = [];
    for (const m of h.sim.sms) {
      const s = m.read ? 1 : 0;
      if (stat !== 4 && stat !== s) continue;
      if (h.session.cmgf) {
        lines.push(`+CMGL: ${m.index},${q(STAT_TEXT[s]!)},${q(m.from)},,${q(m.at)}`, m.text);
      } else {
        const pdu = deliverPdu(m, h.sim.smsc);
        lines.push(`+CMGL: ${m.index},${s},,${pdu.tpduLength}`, pdu.hex);
      }
      // listing "REC UNREAD" marks the messages read (27.005 §3.4.2)
      m.read = true;
    }
    return { ...info(...lines), delayMs: 150 };
  });

  on('+CMGR', (c, h) => {
    if (c.op === 'test') return OK;
    if (c.op !== 'set') return ERROR;
    const gate = simGate(h);
    if (gate) return gate;
    const i = Number(c.args[0]);
    const cap = h.session.cpms[0] === 'SM' ? SM_CAPACITY : ME_CAPACITY;
    if (!Number.isInteger(i) || i < 1 || i > cap) return cme(21);
    const m = h.session.cpms[0] === 'SM' ? h.sim.sms.find((x) => x.index === i) : undefined;
    // an empty slot answers OK with no text on Qualcomm firmware
    if (!m) return OK;
    const s = m.read ? 1 : 0;
    m.read = true;
    if (h.session.cmgf) return info(`+CMGR: ${q(STAT_TEXT[s]!)},${q(m.from)},,${q(m.at)}`, m.text);
    const pdu = deliverPdu(m, h.sim.smsc);
    return info(`+CMGR: ${s},,${pdu.tpduLength}`, pdu.hex);
  });

  on('+CMGD', (c, h) => {
    if (c.op === 'test') return info(`+CMGD: (${h.sim.sms.map((m) => m.index).join(',')}),(0-4)`);
    if (c.op !== 'set') return ERROR;
    const gate = simGate(h);
    if (gate) return gate;
    const i = Number(c.args[0]);
    const at = h.sim.sms.findIndex((m) => m.index === i);
    if (at >= 0) h.sim.sms.splice(at, 1);
    return OK;
  });

  on('+CPBS', (c, h) => {
    if (c.op === 'test') return info(`+CPBS: (${Object.keys(PHONEBOOKS).map(q).join(',')})`);
    const gate = simGate(h);
    if (gate) return gate;
    if (c.op === 'read') return info(`+CPBS: ${q(h.session.cpbs)},0,${PHONEBOOKS[h.session.cpbs] ?? 250}`);
    if (c.op !== 'set') return ERROR;
    const v = (c.args[0] ?? '').toUpperCase();
    if (!(v in PHONEBOOKS)) return cme(4);
    h.session.cpbs = v;
    return OK;
  });

  on('+CPBR', (c, h) => {
    const gate = simGate(h);
    if (gate) return gate;
    if (c.op === 'test') return info(`+CPBR: (1-${PHONEBOOKS[h.session.cpbs] ?? 250}),40,18`);
    // an empty phonebook: a range read lists nothing
    return c.op === 'set' ? OK : ERROR;
  });

  on('+CIND', (c, h) => {
    if (c.op === 'test') {
      return info('+CIND: ("battchg",(0-5)),("signal",(0-5)),("service",(0-1)),("call",(0-1)),("roam",(0-1)),("smsfull",(0-1)),("GPRS coverage",(0-1)),("callsetup",(0-3))');
    }
    if (c.op === 'read') return info(`+CIND: ${indicators(h, h.registration()).join(',')}`);
    return ERROR;
  });

  on('+CMER', (c, h) => {
    if (c.op === 'test') return info('+CMER: (0-3),(0),(0),(0-2),(0-1)');
    if (c.op === 'read') return info(`+CMER: ${h.session.cmer.join(',')}`);
    if (c.op !== 'set') return ERROR;
    const v = c.args.map((a) => (a === '' ? 0 : Number(a)));
    const max = [3, 0, 0, 2, 1];
    if (v.some((x, i) => !Number.isInteger(x) || x < 0 || x > (max[i] ?? 0))) return cme(4);
    h.session.cmer = [0, 1, 2, 3, 4].map((i) => v[i] ?? 0);
    return OK;
  });

  // +CBC is answered by the Qualcomm command processor these modules share: no battery, the
  // level and the supply in mV (our Sierra references do not print it; 3.8 V is a typical VCC)
  on('+CBC', (c) => (c.op === 'exec' ? info('+CBC: 0,80,3800') : c.op === 'test' ? info('+CBC: (0-3),(0-100),(3000-4300)') : ERROR));

  on('+CPAS', (c) => (c.op === 'exec' ? info('+CPAS: 0') : c.op === 'test' ? info('+CPAS: (0-5)') : ERROR));

  on('+CLIP', (c) => (c.op === 'read' ? info('+CLIP: 0,2') : c.op === 'test' ? info('+CLIP: (0-1)') : c.op === 'set' ? OK : ERROR));
  on('+CRC', (c) => (c.op === 'read' ? info('+CRC: 0') : c.op === 'test' ? info('+CRC: (0-1)') : c.op === 'set' ? OK : ERROR));
  on('+CLCC', (c) => (c.op === 'exec' || c.op === 'test' ? OK : ERROR));
  on('+CHUP', (c) => (c.op === 'exec' || c.op === 'test' ? OK : ERROR));
  on('+CGEREP', (c) => (c.op === 'read' ? info('+CGEREP: 0,0') : c.op === 'test' ? info('+CGEREP: (0-2),(0-1)') : c.op === 'set' ? OK : ERROR));
  on('+CTZR', (c) => (c.op === 'read' ? info('+CTZR: 0') : c.op === 'test' ? info('+CTZR: (0-1)') : c.op === 'set' ? OK : ERROR));
  on('+CTZU', (c) => (c.op === 'read' ? info('+CTZU: 1') : c.op === 'test' ? info('+CTZU: (0-1)') : c.op === 'set' ? OK : ERROR));
  // 3GPP systems (GERAN, UTRAN, E-UTRAN): 25; LTE-only modules would print 28
  on('+WS46', (c) => (c.op === 'read' ? info('+WS46: 25') : c.op === 'test' ? info('+WS46: (12,22,25,28,29,30,31)') : c.op === 'set' ? OK : ERROR));

  on('+CNUM', (c, h) => (c.op === 'exec' ? (simGate(h) ?? OK) : c.op === 'test' ? OK : ERROR));

  on('+CESQ', (c, h) => {
    if (c.op === 'test') return info('+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)');
    if (c.op !== 'exec') return ERROR;
    const reg = h.registration();
    if (!reg.camped) return info('+CESQ: 99,99,255,255,255,255');
    const s = h.radio.signal;
    const rsrq = Math.max(0, Math.min(34, Math.round((s.rsrq + 20) * 2)));
    const rsrp = Math.max(0, Math.min(97, s.rsrp + 141));
    return info(`+CESQ: 99,99,255,255,${rsrq},${rsrp}`);
  });

  on('+CLCK', (c, h) => {
    if (c.op === 'test') return info('+CLCK: ("SC","AO","OI","OX","AI","IR","AB","AG","AC","PN","PU","PP","PC","FD")');
    if (c.op !== 'set') return ERROR;
    const fac = (c.args[0] ?? '').toUpperCase();
    const mode = c.args[1];
    if (h.sim.status === 'absent') return cme(10);
    if (fac === 'SC') {
      if (mode === '2') return info(`+CLCK: ${pinEnabled(h) ? 1 : 0}`);
      if (mode !== '0' && mode !== '1') return cme(50);
      if (c.args[2] !== h.sim.pin) return { ...cme(16), delayMs: 200 };
      h.sim.pinLock = mode === '1';
      return { ...OK, delayMs: 200 };
    }
    const gate = simGate(h);
    if (gate) return gate;
    // fixed dialling and the personalisation locks are off on this SIM
    if (['FD', 'PN', 'PU', 'PP', 'PC'].includes(fac)) return mode === '2' ? info('+CLCK: 0') : cme(3);
    // call barring lives in the network: a query takes a round trip (a few hundred ms) and finds nothing barred
    if (['AO', 'OI', 'OX', 'AI', 'IR', 'AB', 'AG', 'AC'].includes(fac)) {
      if (mode === '2') return { ...info('+CLCK: 0,7'), delayMs: h.rng.int(150, 400) };
      return { ...cme(3), delayMs: h.rng.int(150, 400) };
    }
    return cme(4);
  });

  on('+CPWD', (c, h) => {
    if (c.op === 'test') return info('+CPWD: ("SC",8),("AO",4),("OI",4),("OX",4),("AI",4),("IR",4),("AB",4),("AG",4),("AC",4),("P2",8)');
    if (c.op !== 'set') return ERROR;
    const gate = simGate(h);
    if (gate) return gate;
    if ((c.args[0] ?? '').toUpperCase() !== 'SC') return cme(4);
    if (c.args[1] !== h.sim.pin) return cme(16);
    if (!/^\d{4,8}$/.test(c.args[2] ?? '')) return cme(50);
    h.sim.pin = c.args[2]!;
    return { ...OK, delayMs: 200 };
  });

  on('+CRSM', (c, h) => {
    if (c.op === 'test') return OK;
    if (c.op !== 'set') return ERROR;
    if (h.sim.status === 'absent') return cme(10);
    const [cmd, fileId] = c.args.map(Number);
    // READ BINARY (176) of EF_ICCID (0x2FE2) works before the PIN (at-knowledge §9)
    if (cmd === 176 && fileId === 0x2fe2) return info(`+CRSM: 144,0,"${efIccid(h.sim.iccid)}"`);
    if (h.sim.status !== 'ready') return info('+CRSM: 105,130,""');
    return info('+CRSM: 106,130,""');
  });

  on('+CCLK', (c, h) => {
    if (c.op === 'test') return OK;
    if (c.op === 'set') return OK;
    if (c.op !== 'read') return ERROR;
    // network time: a fixed date moved on by the module's clock
    const d = new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + h.clock.now());
    const p = (n: number) => String(n).padStart(2, '0');
    return info(`+CCLK: "${p(d.getUTCFullYear() % 100)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())},${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+04"`);
  });

  // call forwarding: a network query that finds nothing forwarded for any class
  on('+CCFC', (c, h) => {
    if (c.op === 'test') return info('+CCFC: (0-5)');
    if (c.op !== 'set') return ERROR;
    const gate = simGate(h);
    if (gate) return gate;
    const reason = Number(c.args[0]);
    if (!Number.isInteger(reason) || reason < 0 || reason > 5) return cme(50);
    if (c.args[1] === '2') return { ...info('+CCFC: 0,7'), delayMs: h.rng.int(150, 400) };
    return { ...cme(3), delayMs: h.rng.int(150, 400) };
  });
  on('+CCWA', (c) => (c.op === 'read' ? info('+CCWA: 0') : c.op === 'test' ? info('+CCWA: (0-1)') : c.op === 'set' ? OK : ERROR));
  on('+CUSD', (c) => (c.op === 'read' ? info('+CUSD: 0') : c.op === 'test' ? info('+CUSD: (0-2)') : c.op === 'set' ? (c.args[0] === '0' || c.args[0] === '1' || c.args[0] === '2' ? OK : cme(50)) : ERROR));

  on('+CEER', (c) => (c.op === 'exec' ? info('+CEER: No report available') : c.op === 'test' ? OK : ERROR));

  on('+IFC', (c, h) => {
    if (c.op === 'read') return info(`+IFC: ${h.session.ifc.join(',')}`);
    if (c.op === 'test') return info('+IFC: (0,2),(0,2)');
    if (c.op !== 'set') return ERROR;
    const a = Number(c.args[0] ?? 0);
    const b = Number(c.args[1] ?? a);
    if (![0, 2].includes(a) || ![0, 2].includes(b)) return ERROR;
    h.session.ifc = [a, b];
    return OK;
  });

  const RATES = [0, 300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 3000000, 3200000, 3686400, 4000000];
  on('+IPR', (c, h) => {
    if (c.op === 'read') return info(`+IPR: ${h.session.ipr}`);
    if (c.op === 'test') return info(`+IPR: (${RATES.join(',')})`);
    if (c.op !== 'set') return ERROR;
    const v = Number(c.args[0]);
    if (!RATES.includes(v)) return ERROR;
    // on the USB AT port the rate is stored and has no effect (there is no UART here)
    h.session.ipr = v;
    return OK;
  });
}

/** The SIM asks for its PIN at power-up (the PIN lock is on). */
function pinEnabled(h: AtHost): boolean {
  return h.sim.pinLock ?? h.sim.status !== 'ready';
}
