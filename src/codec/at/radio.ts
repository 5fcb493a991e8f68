/**
 * Radio control and selection: `AT+CFUN?`, `AT!SELRAT?`, `AT!BAND?`, `AT!PCINFO?`.
 */
import { afterPrefix, int, labelled, splitCsv } from './fields.ts';

/** 27.007 `+CFUN` levels; 0 minimum (radio off), 1 full, 4 flight mode (RF off). */
export interface FunctionalityLevel {
  readonly level: number;
}

export function parseCfun(lines: readonly string[]): FunctionalityLevel | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CFUN');
    if (body === null) continue;
    const level = int(splitCsv(body)[0]);
    if (level !== null) return { level };
  }
  return null;
}

/** `!SELRAT: 00, Automatic` (ModemManager sierra plugin values, at-knowledge §5). */
export interface RatSelection {
  readonly index: number;
  readonly name: string;
}

export function parseSelrat(lines: readonly string[]): RatSelection | null {
  for (const line of lines) {
    const body = afterPrefix(line, '!SELRAT');
    if (body === null) continue;
    const m = /^(\d+)\s*(?:,\s*(.*))?$/.exec(body.trim());
    if (m) return { index: Number(m[1]), name: (m[2] ?? '').trim() };
  }
  return null;
}

/** `AT!BAND?` → the selected band-set index and name (`00, All bands`). */
export interface BandSelection {
  readonly index: number;
  readonly name: string;
}

export function parseBand(lines: readonly string[]): BandSelection | null {
  for (const line of lines) {
    const body = afterPrefix(line, '!BAND') ?? line;
    if (/^index\s*,\s*name/i.test(body.trim())) continue;
    const m = /^(\d{1,2})\s*,\s*([^,]+?)\s*(?:,.*)?$/.exec(body.trim());
    if (m) return { index: Number(m[1]), name: m[2]!.trim() };
  }
  return null;
}

/**
 * `AT!PCINFO?`: `State: Online|Low Power Mode` and the LPM voters / force flags; any flag at
 * 1 names the reason for low-power mode (IMSWITCH/GOBIIM = image mismatch, W_DISABLE = pin).
 */
export interface PowerControlInfo {
  readonly state: string | null;
  readonly lowPower: boolean;
  /** Flags set to 1, e.g. `['IMSWITCH']`. */
  readonly activeVoters: readonly string[];
}

export function parsePcinfo(lines: readonly string[]): PowerControlInfo | null {
  let state: string | null = null;
  const voters: string[] = [];
  let seen = false;
  for (const raw of lines) {
    const line = (afterPrefix(raw, '!PCINFO') ?? raw).trim();
    const kv = labelled(line);
    // Only !PCINFO's own states: other tools print "state:" lines too (mmcli "registered").
    if (kv && kv[0].toLowerCase() === 'state' && /online|low power|offline|factory|reset|shutting/i.test(kv[1])) {
      state = kv[1];
      seen = true;
      continue;
    }
    const flags = /^LPM (?:voters|force flags)\s*-\s*(.*)$/i.exec(line);
    if (flags) {
      seen = true;
      for (const f of flags[1]!.split(',')) {
        const m = /^\s*([A-Za-z_0-9]+)\s*:\s*(\d+)/.exec(f);
        if (m && m[2] !== '0') voters.push(m[1]!.toUpperCase());
      }
    }
  }
  if (!seen) return null;
  return { state, lowPower: state !== null && /low power/i.test(state), activeVoters: voters };
}
