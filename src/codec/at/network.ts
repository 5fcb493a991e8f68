/**
 * Network attachment: `AT+COPS?` (operator), `AT+CREG?`/`+CGREG?`/`+CEREG?` (registration,
 * 27.007 §7.2/§10.1.20), `AT+CSQ` (signal), `AT+CGDCONT?` (PDP contexts / APNs).
 */
import { afterPrefix, int, splitCsv } from './fields.ts';

export interface OperatorSelection {
  /** 0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic. */
  readonly mode: number;
  /** 0 long alphanumeric, 1 short, 2 numeric (MCC+MNC). */
  readonly format: number | null;
  readonly operator: string | null;
  /** 27.007 AcT: 0 GSM, 2 UTRAN, 7 E-UTRAN, 13 E-UTRA–NR dual connectivity, … */
  readonly act: number | null;
}

export function parseCops(lines: readonly string[]): OperatorSelection | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+COPS');
    if (body === null || body.trim().startsWith('(')) continue;
    const f = splitCsv(body);
    const mode = int(f[0]);
    if (mode === null) continue;
    return { mode, format: int(f[1]), operator: f[2] ? f[2] : null, act: int(f[3]) };
  }
  return null;
}

export type RegistrationDomain = 'cs' | 'ps' | 'eps';

/** stat: 0 not searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming, 6–10 SMS-only/CSFB variants. */
export interface Registration {
  readonly domain: RegistrationDomain;
  readonly urcMode: number | null;
  readonly stat: number;
  readonly area: string | null;
  readonly cellId: string | null;
  readonly act: number | null;
}

const DOMAIN_PREFIX: Readonly<Record<RegistrationDomain, string>> = { cs: '+CREG', ps: '+CGREG', eps: '+CEREG' };

/**
 * Parses the read form (`+CEREG: <n>,<stat>[,…]`). A lone `+CEREG: <stat>` (the URC form) is
 * accepted too, with urcMode null, because pasted transcripts mix both.
 */
export function parseRegistration(lines: readonly string[], domain: RegistrationDomain): Registration | null {
  let best: Registration | null = null;
  for (const line of lines) {
    const body = afterPrefix(line, DOMAIN_PREFIX[domain]);
    if (body === null || body.trim().startsWith('(')) continue;
    const f = splitCsv(body);
    const a = int(f[0]);
    const b = int(f[1]);
    if (a === null) continue;
    if (b !== null) {
      // Read form: n, stat, [lac/tac], [ci], [AcT]
      return { domain, urcMode: a, stat: b, area: f[2] || null, cellId: f[3] || null, act: int(f[4]) };
    }
    best = { domain, urcMode: null, stat: a, area: f[1] || null, cellId: f[2] || null, act: int(f[3]) };
  }
  return best;
}

export function isRegistered(r: Registration): boolean {
  return r.stat === 1 || r.stat === 5 || (r.stat >= 6 && r.stat <= 10);
}

/** `+CSQ: <rssi>,<ber>`: rssi 0–31 → −113…−51 dBm, 99 = unknown. */
export interface SignalQuality {
  readonly rssiIndex: number;
  readonly rssiDbm: number | null;
  readonly ber: number | null;
}

export function parseCsq(lines: readonly string[]): SignalQuality | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CSQ');
    if (body === null) continue;
    const f = splitCsv(body);
    const rssi = int(f[0]);
    if (rssi === null) continue;
    const ber = int(f[1]);
    return { rssiIndex: rssi, rssiDbm: rssi >= 0 && rssi <= 31 ? -113 + 2 * rssi : null, ber: ber === 99 ? null : ber };
  }
  return null;
}

export interface PdpContext {
  readonly cid: number;
  /** `IP`, `IPV6`, `IPV4V6`, … */
  readonly pdpType: string;
  /** Empty string means "let the network choose". */
  readonly apn: string;
  readonly address: string | null;
}

export function parseCgdcont(lines: readonly string[]): PdpContext[] | null {
  const out: PdpContext[] = [];
  let seen = false;
  for (const line of lines) {
    const body = afterPrefix(line, '+CGDCONT');
    if (body === null || body.trim().startsWith('(')) continue;
    seen = true;
    const f = splitCsv(body);
    const cid = int(f[0]);
    if (cid === null) continue;
    out.push({ cid, pdpType: (f[1] ?? '').toUpperCase(), apn: f[2] ?? '', address: f[3] || null });
  }
  return seen ? out : null;
}
