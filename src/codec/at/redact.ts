/**
 * Masks subscriber and device identifiers (IMEI, IMEISV, FSN, ICCID, IMSI, phone numbers) and
 * the secrets typed into a modem (AT!ENTERCND passwords, SIM PINs and PUKs, facility passwords).
 *
 * One masking style everywhere in Boothold — cards, the identity panel, the sessions list, exports,
 * batch summaries: the last four characters stay visible, every other digit (or letter, for an
 * FSN) becomes `•`, one for one. The last four are what is printed on the module's label and the
 * SIM card, so an operator can tell three identical modules apart and support can match a report
 * to a physical module ("the one ending 2884"); the model is recorded beside it, so the IMEI's TAC
 * adds nothing. Separators stay where they were, so a masked text keeps exactly the length of the
 * original (raw bytes are masked in place). The UI masks by default (the user may reveal locally);
 * exports and CLI output are masked.
 */
export const MASK = '•';
/** Secrets are hidden whole, not partly: `*` for each character, in events and raw bytes alike. */
export const SECRET_MASK = '*';
/** Characters left visible at the end of any identifier. */
export const VISIBLE_TAIL = 4;

export function maskImei(imei: string): string {
  return keepLast(imei, /[0-9A-Fa-f]/);
}

export function maskIccid(iccid: string): string {
  return keepLast(iccid, /[0-9A-Fa-f]/);
}

export function maskImsi(imsi: string): string {
  return keepLast(imsi, /[0-9]/);
}

/** A leading `+` stays: it says the number is international, not whose it is. */
export function maskPhone(phone: string): string {
  return keepLast(phone, /[0-9]/);
}

/** The module's serial (FSN, e.g. `4L0183560502A1`). */
export function maskFsn(fsn: string): string {
  return keepLast(fsn, /[0-9A-Za-z]/);
}

/** A device identifier of unknown kind (a card shows the IMEI, or the FSN when there is none). */
export function maskDeviceId(id: string): string {
  return /^\d{14,16}$/.test(id) ? maskImei(id) : maskFsn(id);
}

/** Every character of class `masked` but the last VISIBLE_TAIL of them becomes `•`. */
function keepLast(s: string, masked: RegExp): string {
  const chars = [...s];
  let total = 0;
  for (const c of chars) if (masked.test(c)) total++;
  // Too short to keep anything: nothing of it is shown.
  const keep = total <= VISIBLE_TAIL ? 0 : VISIBLE_TAIL;
  let seen = 0;
  let out = '';
  for (const c of chars) {
    if (!masked.test(c)) out += c;
    else out += seen++ < total - keep ? MASK : c;
  }
  return out;
}

// ---- secrets ----------------------------------------------------------------------------------

/**
 * Commands that carry a secret, and where it starts: the unlock password of AT!ENTERCND (and
 * AT!SETCND, which sets it), every argument of AT+CPIN / AT+CPIN2 (PIN, PUK, new PIN), the
 * password of AT+CLCK (third argument) and both passwords of AT+CPWD. The match is on the
 * command as typed, echoed or logged, in either case, with or without quotes.
 */
const SECRET_COMMANDS: readonly RegExp[] = [
  /(AT\s*!\s*(?:ENTERCND|SETCND)\s*=\s*)([^\r\n]*)/gi,
  /(AT\s*\+\s*CPIN2?\s*=\s*)([^\r\n]*)/gi,
  /(AT\s*\+\s*CLCK\s*=\s*"?[^",\r\n]*"?\s*,\s*\d*\s*,\s*)([^\r\n]*)/gi,
  /(AT\s*\+\s*CPWD\s*=\s*"?[^",\r\n]*"?\s*,\s*)([^\r\n]*)/gi,
];

const MIGHT_HOLD_SECRET = /ENTERCND|SETCND|CPIN|CLCK|CPWD/i;

/** Masks the secrets of unlock and PIN commands in `text`, keeping its length. */
export function maskSecrets(text: string): string {
  if (!MIGHT_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const re of SECRET_COMMANDS) {
    out = out.replace(re, (_m, head: string, args: string) => head + hideArgs(args, re === SECRET_COMMANDS[2]));
  }
  return out;
}

/** Every character of the arguments but quotes, commas and spaces; for CLCK only the first argument. */
function hideArgs(args: string, firstOnly: boolean): string {
  if (!firstOnly) return args.replace(/[^",\s]/g, SECRET_MASK);
  const m = /^(\s*"[^"]*"?|\s*[^,]*)/.exec(args)!;
  return m[0].replace(/[^",\s]/g, SECRET_MASK) + args.slice(m[0].length);
}

// ---- identifiers in text ----------------------------------------------------------------------

/** A digit, possibly followed by one separator people put inside numbers. */
const SEP = '[ \\-./]?';
const digitsWithSeps = (min: number, max: number) => `\\d(?:${SEP}\\d){${min - 1},${max - 1}}`;

type Rule = { readonly re: RegExp; readonly mask: (s: string) => string };

/**
 * In order: labelled identifiers first (their label says what they are, any spacing or
 * punctuation inside), then the forms that need no label.
 */
const RULES: readonly Rule[] = [
  // "IMEI: 35-265309-041288-4", "IMEISV 3526530904128807", "MEID: …"
  { re: new RegExp(`(?<=\\b(?:IMEI|IMEISV|IMEI\\s?SV|MEID|ESN)\\b[\\s:=#"'(]{0,4})${digitsWithSeps(14, 17)}(?![\\d])`, 'gi'), mask: maskImei },
  // "FSN: 4L0183560502A1", "Serial Number: …"
  { re: /(?<=\b(?:FSN|Serial\s?(?:Number|No\.?)?|S\/N)\b[\s:=#"']{1,4})[0-9A-Z]{8,20}(?![0-9A-Za-z])/gi, mask: maskFsn },
  // "+ICCID: 8933…", "ICCID 89 33 01 …", "!ICCID?"
  { re: new RegExp(`(?<=\\b(?:ICCID|CCID)\\b[\\s:=#"']{0,4})\\d(?:${SEP}[\\dFf]){17,20}(?![\\dFf])`, 'gi'), mask: maskIccid },
  // "+CIMI: 208011234567890", "IMSI: …"
  { re: new RegExp(`(?<=\\b(?:IMSI|CIMI)\\b[\\s:=#"']{0,4})${digitsWithSeps(14, 15)}(?!\\d)`, 'gi'), mask: maskImsi },
  // "+CRSM: 144,0,"98330154…F1"": the ICCID as the SIM stores it (EF_ICCID, nibbles swapped, starts 98).
  { re: /(?<=\+CRSM:\s*\d+\s*,\s*\d+\s*,\s*")98[0-9]{16,18}[0-9Ff]{0,2}(?=")/gi, mask: maskIccid },
  { re: /(?<![0-9A-Fa-f])98[0-9]{16,18}[0-9Ff]{0,2}(?![0-9A-Fa-f])/g, mask: maskIccid },
  // Phone numbers in the replies and commands that carry them: +CNUM, +CMT, +CLIP, +CMGL, +CMGR,
  // +CDS, +CCWA, +COLP, +CPBR and the AT+CMGS / AT+CPBW / ATD that send to one.
  {
    re: /(?<=(?:\+(?:CNUM|CMT|CLIP|CMGL|CMGR|CDS|CCWA|COLP|CPBR|CPBF|CUSD|CSCA)\s*:|AT\s*\+\s*(?:CMGS|CPBW|CSCA|CCFC|CMGW)\s*=)[^\r\n]*?")\+?\d[\d \-.]{2,22}\d(?=")/gi,
    mask: maskPhone,
  },
  // …and unquoted, as some modules print them: "+CLIP: 0612345678,129", "+CNUM: ,+33612345678,145"
  {
    re: /(?<=\+(?:CNUM|CMT|CLIP|CMGL|CMGR|CDS|CCWA|COLP)\s*:\s*(?:[^,\r\n]*,){0,3}\s*)\+?\d[\d \-.]{5,22}\d(?=\s*(?:,|\r|\n|$))/gim,
    mask: maskPhone,
  },
  { re: /(?<=\bATD\s*)\+?\d[\d \-.]{2,22}\d(?=\s*[;\r\n]|$)/gim, mask: maskPhone },
  // ICCIDs, IMEIs/IMSIs anywhere (bare AT+CGSN / AT+CIMI answers), written as one run of digits
  // (a dot between digits is a version number, a dot after one ends a sentence)
  // Glued to a word is still a number ("IMEI359…", "log_359….txt"); glued to hex digits it may be a
  // hash, which is left alone unless the number is a known one (the pass before this).
  { re: /(?<![0-9A-Fa-f]|\d\.)89\d{16,19}[Ff]?(?!\d|\.\d)/g, mask: maskIccid },
  { re: /(?<![0-9A-Fa-f]|\d\.)\d{14,16}(?!\d|\.\d)/g, mask: maskImei },
  // …or in the IMEI's printed grouping: 35-209900-176148-1, 35 209900 176148 23, 35209900-176148-1
  { re: /(?<![\w.-])\d{2}([- ])\d{6}\1\d{6}\1\d{1,2}(?![\w.-])/g, mask: maskImei },
  { re: /(?<![\w.-])\d{8}([- ])\d{6}\1\d{1,2}(?![\w.-])/g, mask: maskImei },
  // International phone numbers anywhere
  { re: /(?<![\w.+])\+\d{8,15}(?![\d.])/g, mask: maskPhone },
];

/**
 * Masks identifiers and secrets anywhere in free text (a transcript, a log, a whole session's
 * assembled text). `known` are identifiers already known to belong to the session (the device's
 * IMEI, ICCID, IMSI…): they are masked wherever their digits appear, whatever separates them.
 */
export function redactText(text: string, known: readonly KnownIdentifier[] = []): string {
  let out = maskSecrets(text);
  if (known.length) {
    // Cheap test first (most strings hold none of them): the text without separators.
    const compact = out.replace(/[ \-./]/g, '').toUpperCase();
    for (const k of known) {
      if (!compact.includes(k.value.toUpperCase())) continue;
      const re = knownPattern(k.value);
      if (re) out = out.replace(re, (m) => k.mask(m));
    }
  }
  for (const r of RULES) out = out.replace(r.re, (m) => r.mask(m));
  return out;
}

export interface KnownIdentifier {
  readonly value: string;
  readonly mask: (s: string) => string;
}

/** The identifiers `redactText` would mask in `text`, as found (for a second, session-wide pass). */
export function findIdentifiers(text: string): KnownIdentifier[] {
  const out: KnownIdentifier[] = [];
  for (const r of RULES) {
    for (const m of text.matchAll(r.re)) {
      const value = m[0].replace(/[^0-9A-Za-z]/g, '');
      if (value.length >= 8 && !out.some((k) => k.value === value)) out.push({ value, mask: r.mask });
    }
  }
  return out;
}

const patternCache = new Map<string, RegExp | null>();

/** The value's characters in order, each pair allowed one separator between them. */
function knownPattern(value: string): RegExp | null {
  let re = patternCache.get(value);
  if (re !== undefined) return re;
  const chars = value.replace(/[^0-9A-Za-z]/g, '');
  // A number is bounded by other digits only (it may be glued to a label); an FSN by letters too.
  const edge = /^\d+$/.test(chars) ? '0-9' : '0-9A-Za-z';
  re = chars.length < 8 ? null : new RegExp(`(?<![${edge}])${[...chars].join(SEP)}(?![${edge}])`, 'gi');
  // Small: a compiled pattern can hold a lot of memory, and a session has a handful of identifiers.
  if (patternCache.size > 64) patternCache.clear();
  patternCache.set(value, re);
  return re;
}
