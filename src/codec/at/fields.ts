/**
 * Small helpers shared by the AT answer parsers: label/value extraction, comma lists with
 * quoted strings, numbers that may be placeholders (`---`, `--`).
 */

/** `Label: value` → [label, value]; null when the line has no plausible label. */
export function labelled(line: string): [string, string] | null {
  const m = /^([A-Za-z][A-Za-z0-9 ()/.#_+-]{0,48}?)\s*:\s*(.*)$/.exec(line.trim());
  return m ? [m[1]!.trim(), m[2]!.trim()] : null;
}

/** Splits `1,"IPV4V6","",…` into fields, honouring double quotes; quotes are removed. */
export function splitCsv(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  for (const ch of body) {
    if (ch === '"') {
      quoted = !quoted;
      wasQuoted = true;
    } else if (ch === ',' && !quoted) {
      out.push(wasQuoted ? cur : cur.trim());
      cur = '';
      wasQuoted = false;
    } else cur += ch;
  }
  out.push(wasQuoted ? cur : cur.trim());
  return out;
}

/** The body after `+XXX:` when the line carries that prefix (case-insensitive), else null. */
export function afterPrefix(line: string, prefix: string): string | null {
  const t = line.trim();
  if (t.length < prefix.length || t.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase()) return null;
  return t.slice(prefix.length).replace(/^\s*:?\s*/, '');
}

/** A number, or null for placeholders and garbage. */
export function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^\s*([-+]?\d+(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) : null;
}

export function int(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  return /^[-+]?\d+$/.test(t) ? Number(t) : null;
}

/** Firmware version `AA.BB.CC.DD` found anywhere in the text. */
export const VERSION_RE = /\b(\d{2}\.\d{2}\.\d{2}\.\d{2})\b/;
