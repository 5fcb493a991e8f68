/**
 * Strips what surrounds modem output when people paste it: timestamps, shell prompts,
 * terminal-program prefixes, forum quote markers, ANSI colours. What is left is the text the
 * modem or the tool printed.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * All prefixes in one anchored alternation (one regex run per layer keeps a 10 MB log fast):
 * dmesg `[  123.456789]`; ISO or bracketed timestamps `2024-01-02 10:11:12.345`, `[10:11:12.345]`;
 * syslog/journalctl `Jan  2 10:11:12 host`; shell prompts `root@host:~#`, `pi@raspberrypi:~ $`,
 * `$ `, `# `; terminal programs and loggers `Rx:`, `[TX]`, `<<`, `>>`; forum quotes `> `.
 */
const PREFIX = new RegExp(
  [
    String.raw`\[\s*\d+\.\d+\]`,
    String.raw`\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?`,
    String.raw`\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?`,
    String.raw`[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+`,
    String.raw`[\w.-]+@[\w.-]+:[^#$\s]*\s?[#$]`,
    String.raw`[#$](?=\s)`,
    String.raw`\[?(?:RX|TX|Rx|Tx|rx|tx)\]?\s*[:>]`,
    // mmcli tables: "  Hardware |   model: RC7620-1" / "           |   imei: …"
    String.raw`(?:[A-Z0-9][\w ]{0,20}?)?\s*\|(?=\s+[\w ]+:)`,
    '<<',
    '>>',
    String.raw`>(?=\s)`,
  ]
    .map((x) => `(?:${x})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')\\s*'),
);

/** Removes one layer of each kind of prefix (they stack: "[ts] root@h:~# AT"). */
export function stripNoise(raw: string): string {
  let s = raw.includes('\u001b') ? raw.replace(ANSI, '') : raw;
  s = s.trimStart();
  for (let pass = 0; pass < 4; pass++) {
    const m = PREFIX.exec(s);
    if (!m || m[0].length === 0) break;
    s = s.slice(m[0].length);
  }
  return s.trim();
}
