/**
 * Text bound for a terminal. Strings the CLI prints come from files and devices we do not
 * control (a transcript's Model line, a zip entry name, a flasher's log message); a terminal
 * obeys escape sequences in them: retitles the window (OSC 0), recolours or clears the screen,
 * rewrites earlier lines, and on some terminals answers back into the input. So every such
 * string is passed through here first: escape sequences are removed whole, other control
 * characters become U+FFFD (visible, so nothing is silently hidden), and newlines and tabs stay.
 */

/** CSI (ESC [ … final), OSC/DCS/SOS/PM/APC (ESC ] … BEL or ST), and two-byte ESC sequences. */
const ESCAPES = new RegExp(
  [
    '\\x1b\\[[0-?]*[ -/]*[@-~]?', // CSI, possibly cut off
    '\\x9b[0-?]*[ -/]*[@-~]?', // 8-bit CSI
    '[\\x1b][\\]PX^_][^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?', // OSC, DCS, SOS, PM, APC up to BEL or ST
    '[\\x90\\x9d\\x9e\\x9f\\x98][^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?', // their 8-bit introducers
    '\\x1b[ -/]*[0-~]?', // any other escape (ESC c resets the terminal)
  ].join('|'),
  'g',
);

/**
 * C0 controls but tab and newline, DEL, C1 controls, and the Unicode format characters that
 * reorder or hide text (bidi overrides and isolates, which can make a line read backwards).
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Multi-line text for a terminal: escapes removed, other controls shown as U+FFFD. */
export function forTerminal(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '\uFFFD');
}

/** One field on one line: as forTerminal, and line breaks too become U+FFFD. */
export function oneLine(text: string): string {
  return forTerminal(text).replace(/[\n\t]/g, '\uFFFD');
}

/**
 * JSON for a terminal. JSON.stringify escapes C0 controls already, but not C1 controls or bidi
 * format characters, which a UTF-8 terminal may act on; those become \u escapes (same JSON value).
 */
export function jsonForTerminal(json: string): string {
  return json.replace(/[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
