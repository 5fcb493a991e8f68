/**
 * SIM state from `AT+CPIN?` (27.007 §8.3) — including the case where the answer is the
 * error itself (`+CME ERROR: 10` / `SIM not inserted`) — and the ICCID from `AT+CCID`,
 * `AT+ICCID` (`ICCID: …`) or `AT!ICCID?`.
 */
import type { FinalResult } from './final-result.ts';
import { afterPrefix } from './fields.ts';

export type SimState =
  | 'ready'
  | 'pin-required'
  | 'puk-required'
  | 'pin2-required'
  | 'puk2-required'
  | 'ph-sim-pin-required'
  | 'network-pin-required'
  | 'other-lock'
  | 'not-inserted'
  | 'failure'
  | 'busy'
  | 'wrong';

export interface SimStatus {
  readonly state: SimState;
  /** What the module printed (`READY`, `SIM PIN`, `SIM not inserted`, …). */
  readonly text: string;
}

const CPIN_CODES: Readonly<Record<string, SimState>> = {
  READY: 'ready',
  'SIM PIN': 'pin-required',
  'SIM PUK': 'puk-required',
  'SIM PIN2': 'pin2-required',
  'SIM PUK2': 'puk2-required',
  'PH-SIM PIN': 'ph-sim-pin-required',
  'PH-NET PIN': 'network-pin-required',
};

/** CME codes/texts that answer `AT+CPIN?` when there is no usable SIM (27.007 §9.2). */
const CME_SIM: readonly { code: number; text: string; state: SimState }[] = [
  { code: 10, text: 'sim not inserted', state: 'not-inserted' },
  { code: 11, text: 'sim pin required', state: 'pin-required' },
  { code: 12, text: 'sim puk required', state: 'puk-required' },
  { code: 13, text: 'sim failure', state: 'failure' },
  { code: 14, text: 'sim busy', state: 'busy' },
  { code: 15, text: 'sim wrong', state: 'wrong' },
  { code: 17, text: 'sim pin2 required', state: 'pin2-required' },
  { code: 18, text: 'sim puk2 required', state: 'puk2-required' },
];

export function parseCpin(lines: readonly string[], final?: FinalResult): SimStatus | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CPIN');
    if (body === null) continue;
    const text = body.replace(/"/g, '').trim();
    const state = CPIN_CODES[text.toUpperCase()] ?? (/PIN|PUK/i.test(text) ? 'other-lock' : null);
    if (state) return { state, text };
  }
  if (final?.kind === 'cme-error') {
    const norm = final.text.toLowerCase().replace(/\s+/g, ' ').trim();
    const hit = CME_SIM.find((c) => c.code === final.code || c.text === norm);
    if (hit) return { state: hit.state, text: final.text };
  }
  return null;
}

/** ICCID: 18–22 characters of digits (a trailing `F` pads odd lengths). */
export function parseIccid(lines: readonly string[]): string | null {
  for (const line of lines) {
    const crsm = afterPrefix(line, '+CRSM');
    if (crsm !== null) {
      const fromSim = iccidFromCrsm(crsm);
      if (fromSim) return fromSim;
      continue;
    }
    const labelled = afterPrefix(line, '+CCID') ?? afterPrefix(line, '!ICCID') ?? afterPrefix(line, '+ICCID') ?? afterPrefix(line, 'ICCID');
    const m = /^"?(\d{17,21}[\dFf]?)"?$/.exec((labelled ?? line).trim());
    // A bare number is only taken for an ICCID when it has the telecom prefix 89 (ITU-T E.118).
    if (m && (labelled !== null || m[1]!.startsWith('89'))) return m[1]!.toUpperCase();
  }
  return null;
}

/** `AT+CIMI` → IMSI (15 digits; the first 5–6 are the home network's MCC+MNC). */
export function parseCimi(lines: readonly string[]): string | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CIMI') ?? afterPrefix(line, 'IMSI') ?? line;
    const m = /^"?(\d{14,15})"?$/.exec(body.trim());
    if (m) return m[1]!;
  }
  return null;
}

/**
 * `+CRSM: 144,0,"<hex>"` (READ BINARY of EF_ICCID, 2FE2): the SIM stores the ICCID as
 * swapped BCD, so each pair of digits is reversed and an odd length ends in F
 * (at-knowledge §9). Status other than 144,0 means the read failed.
 */
export function iccidFromCrsm(body: string): string | null {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*"?([0-9A-Fa-f]+)"?/.exec(body);
  if (!m || m[1] !== '144' || m[2] !== '0' || m[3]!.length % 2 !== 0) return null;
  let out = '';
  for (let i = 0; i < m[3]!.length; i += 2) out += m[3]![i + 1]! + m[3]![i]!;
  const digits = out.toUpperCase().replace(/F+$/, '');
  return /^\d{18,22}$/.test(digits) ? digits : null;
}
