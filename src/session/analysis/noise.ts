/**
 * Strips what surrounds modem output when people paste it: timestamps, shell prompts,
 * terminal-program prefixes and direction marks, forum quote markers, ANSI colours, and the
 * typography a forum applies (curly quotes, dashes, ellipses, no-break spaces). What is left
 * is the text the modem or the tool printed.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * All prefixes in one anchored alternation (one regex run per layer keeps a 10 MB log fast):
 * dmesg `[  123.456789]`; ISO or bracketed timestamps `2024-01-02 10:11:12.345`, `[10:11:12.345]`,
 * libqmi's `[18 Apr 2021, 20:48:30]`; syslog/journalctl `Jan  2 10:11:12 host`; lite-fw's
 * `[364][7]`; shell prompts `root@host:~#`, `pi@raspberrypi:~ $`, `$ `, `# `, `C:\dir>`;
 * terminal programs and loggers `Send:`/`Receive:` (and the common `Recieve:` misspelling),
 * `Rx:`, `[TX]`, `-->`/`<--`, `<<`, `>>`, a bare `<`/`>` glued to the text; forum quotes `> `.
 */
const PREFIX = new RegExp(
  [
    String.raw`\[\s*\d+\.\d+\]`,
    String.raw`\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?:?`,
    String.raw`\[\d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]`,
    String.raw`\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?:?`,
    String.raw`[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+`,
    String.raw`\[\d+\]\[\d+\]`,
    String.raw`[\w.-]+@[\w.-]+:[^#$\s]*\s?[#$]`,
    String.raw`(?:PS )?[A-Za-z]:\\[^<>:"|?*\r\n]*>(?=\S)`,
    String.raw`[#$](?=\s)`,
    String.raw`(?:Send|Sent|Receive|Received|Recieve|Recieved|Recv|Reply|Response)\s*:`,
    String.raw`\[?(?:RX|TX|Rx|Tx|rx|tx)\]?\s*[:>]`,
    String.raw`\[(?:RX|TX|Rx|Tx)\]`,
    // mmcli tables: "  Hardware |   model: RC7620-1" / "           |   imei: …"
    String.raw`(?:[A-Z0-9][\w ]{0,20}?)?\s*\|(?=\s+[\w ]+:)`,
    '-->',
    '<--',
    '<<',
    '>>',
    String.raw`>(?=\s)`,
    // A direction mark glued to the line: "<AT+WFWUPD?" (sent), ">+WFWUPD: 1" (received).
    String.raw`[<>](?=(?:AT|at|At)|[+!^$#*]\w|OK$|ERROR|[A-Z][a-z]+:)`,
  ]
    .map((x) => `(?:${x})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')\\s*'),
);

/** Forum typography back to what the terminal printed. */
const TYPOGRAPHY = /[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u2013\u2014\u2212\u2026\u00a0\u202f\u2007]/;
const TYPO_MAP: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...', '\u00a0': ' ', '\u202f': ' ', '\u2007': ' ',
};
const TYPO_ALL = new RegExp(TYPOGRAPHY.source, 'g');

export function untypeset(s: string): string {
  return TYPOGRAPHY.test(s) ? s.replace(TYPO_ALL, (c) => TYPO_MAP[c] ?? c) : s;
}

/** Removes one layer of each kind of prefix (they stack: "[ts] root@h:~# AT"). */
export function stripNoise(raw: string): string {
  let s = raw.includes('\u001b') ? raw.replace(ANSI, '') : raw;
  s = untypeset(s);
  if (s.includes('\t')) s = s.replace(/\t+/g, '  ');
  s = s.trimStart();
  for (let pass = 0; pass < 5; pass++) {
    const m = PREFIX.exec(s);
    if (!m || m[0].length === 0) break;
    s = s.slice(m[0].length);
  }
  s = s.trim();
  // A command written as a label ("ATI:", "AT!GSTATUS?:") is still the command; "AT!IMPREF:" is the
  // answer's header with the command merged into it (the body follows), so it reads as "!IMPREF:".
  if (s.length < 40 && s.endsWith(':')) {
    if (/^AT(?:I\d?|[!+$%#^&*][A-Za-z0-9]*\?)?:$/i.test(s)) s = s.slice(0, -1);
    else if (/^AT[!+][A-Za-z0-9]+:$/i.test(s)) s = s.slice(2);
  }
  return s;
}

/**
 * !GSTATUS? prints two `Label: value` columns per line, padded with TABs; a forum copy often
 * collapses the padding to one space ("Reset Counter: 3 Mode: LOW POWER MODE"), which would
 * glue the second pair into the first value. Puts the column gap back before the labels that
 * start the right-hand column (at-knowledge §5).
 */
const RIGHT_COLUMN = / (?=(?:Temperature|Mode|PS state|LTE bw|LTE Tx chan|RSRP \(dBm\)|TAC|Cell ID|LAC|UTRAN Cell ID|RxD RSSI C\d|RSSI \(dBm\)|SCC\d? RxD RSSI|IMS mode|LTE Tx chan|Tx chan|NR5G [A-Za-z ]+|Bandwidth|BW):)/g;
const LEFT_COLUMN = /^(?:Current Time|Reset Counter|System mode|LTE (?:band|Rx chan)|PCC Rx[MD] RSSI|SCC\d? Rx[MD] RSSI|Tx Power|RSRQ \(dB\)|RxM RSSI C\d|WCDMA L1 state|RRC state|UTRAN|WCDMA (?:band|channel)|EMM state|IMS reg state|SSC\d [A-Za-z ]+|NR5G [A-Za-z ]+)\s*:/;

export function respaceGstatus(line: string): string {
  if (line.indexOf(':') === line.lastIndexOf(':') || !LEFT_COLUMN.test(line)) return line;
  return line.replace(RIGHT_COLUMN, '  ');
}
