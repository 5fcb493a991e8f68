/**
 * Strips what surrounds modem output when people paste it: timestamps, shell prompts,
 * terminal-program prefixes, forum quote markers, ANSI colours. What is left is the text the
 * modem or the tool printed.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

const PREFIXES: readonly RegExp[] = [
  // dmesg: "[  123.456789] "
  /^\[\s*\d+\.\d+\]\s*/,
  // ISO or bracketed timestamps: "2024-01-02 10:11:12.345 ", "[2024-01-02T10:11:12Z] ", "[10:11:12.345] "
  /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s*/,
  /^\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?\s*/,
  // syslog/journalctl: "Jan  2 10:11:12 host kernel: " / "Jan 02 10:11:12 host ModemManager[123]: "
  /^[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+\s+/,
  // Shell prompts: "root@host:~# ", "pi@raspberrypi:~ $ ", "user@box:/tmp$ ", "$ ", "# "
  /^[\w.-]+@[\w.-]+:[^#$\s]*\s?[#$]\s*/,
  /^[#$]\s+/,
  // Terminal programs and loggers: "Rx: ", "Tx: ", "<< ", ">> ", "[RX] ", "[TX] ", "> " (forum quotes)
  /^(?:\[?(?:RX|TX|Rx|Tx|rx|tx)\]?\s*[:>]\s*|<<\s*|>>\s*|>\s+)/,
];

/** Removes one layer of each kind of prefix (they stack: "[ts] root@h:~# AT"). */
export function stripNoise(raw: string): string {
  let s = raw.replace(ANSI, '');
  for (let pass = 0; pass < 3; pass++) {
    const before = s;
    s = s.replace(/^\s+/, '');
    for (const re of PREFIXES) s = s.replace(re, '');
    if (s === before) break;
  }
  return s.trim();
}
