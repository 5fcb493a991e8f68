/**
 * Unsolicited result codes: lines the modem prints on its own (registration changes, SMS
 * arrival, AVMS events) that may land in the middle of a command's answer.
 *
 * A line is only treated as unsolicited when its prefix is a known URC *and* the command in
 * flight does not own that prefix. When it does (`AT+CREG?` while `+CREG:` URCs are enabled),
 * the line's shape decides: the read answer is `+CREG: <n>,<stat>[,…]` (two leading integers)
 * while the URC is `+CREG: <stat>[,"<lac>",…]` (27.007 §7.2).
 */
import { responsePrefix, type ParsedCommand } from './command.ts';

/** Prefixes (with the colon) of URCs seen on Sierra and 3GPP modems. */
export const URC_PREFIXES: ReadonlySet<string> = new Set([
  '+CREG:', '+CGREG:', '+CEREG:', '+C5GREG:',
  '+CRING:', '+CMTI:', '+CMT:', '+CDS:', '+CDSI:', '+CBM:', '+CBMI:',
  '+CUSD:', '+CGEV:', '+CIEV:', '+CTZV:', '+CTZE:', '+CTZU:', '+CLIP:', '+CCWA:', '+CSSI:', '+CSSU:',
  '+PACSP:', '+STKPCI:', '+CPIN:', '+CMGS:',
  // HL-heritage and AVMS indications on RC76xx.
  '+WDSI:', '+WFWUPD:', '+KCNX_IND:', '+KTCP_IND:', '+KTCP_DATA:', '+KTCP_NOTIF:', '+KUDP_IND:', '+KUDP_DATA:',
  '+KUDP_NOTIF:', '+KSUP:', '+WIND:', '+KBNDCFG:',
]);

/** Whole-line URCs without a colon. */
const BARE_URCS: ReadonlySet<string> = new Set(['RING', 'RDY', '+PBREADY', 'SMS READY', 'CALL READY']);

const REGISTRATION = new Set(['+CREG:', '+CGREG:', '+CEREG:', '+C5GREG:']);

/** The `+XXX:` / `!XXX:` prefix of an information line, upper-cased, or null. */
export function linePrefix(line: string): string | null {
  const m = /^([+!$%#^][A-Za-z0-9_]+)\s*:/.exec(line);
  return m ? `${m[1]!.toUpperCase()}:` : null;
}

export function isKnownUrc(line: string): boolean {
  const p = linePrefix(line);
  if (p) return URC_PREFIXES.has(p);
  return BARE_URCS.has(line.trim().toUpperCase());
}

/**
 * Whether `line` is unsolicited given the command in flight (null: nothing in flight, so
 * every line is unsolicited).
 */
export function isUnsolicited(line: string, inFlight: ParsedCommand | null): boolean {
  if (inFlight === null) return true;
  if (!isKnownUrc(line)) return false;
  const prefix = linePrefix(line);
  if (prefix === null || prefix !== responsePrefix(inFlight)) return true;
  if (REGISTRATION.has(prefix)) {
    if (inFlight.form === 'test') return false;
    if (inFlight.form !== 'read') return true;
    return !looksLikeRegistrationRead(line);
  }
  // `+CPIN:` is both the answer to AT+CPIN? and a boot-time URC; owned → answer.
  return false;
}

/** `+CREG: 0,1` or `+CEREG: 2,1,"1A2B",…` (read form: the 2nd field is a bare integer). */
function looksLikeRegistrationRead(line: string): boolean {
  const body = line.slice(line.indexOf(':') + 1);
  const fields = body.split(',').map((f) => f.trim());
  return fields.length >= 2 && /^\d+$/.test(fields[0]!) && /^\d+$/.test(fields[1]!);
}
