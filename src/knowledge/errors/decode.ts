/**
 * Finds error codes in text: a line of a log, a pasted message, a query typed in the
 * decoder's search box. Each recogniser knows one tool's way of printing its codes.
 */
import { cmeByName, cmsByName, lookup, lookupFdt2, qmiByName, ALL_ERRORS } from './catalog.ts';
import { FIREHOSE_MARKERS } from './firehose.ts';
import { LIBQMI_MESSAGES } from './libqmi.ts';
import type { ErrorEntry, ErrorSource } from './types.ts';

export interface DecodedError {
  readonly source: ErrorSource;
  readonly code: number | null;
  /** The table's name, or `unknown <source> error <code>` when the table lacks it. */
  readonly name: string;
  readonly entry: ErrorEntry | null;
  /** The text that matched. */
  readonly text: string;
}

function decoded(source: ErrorSource, code: number | null, entry: ErrorEntry | null, text: string, fallbackName?: string): DecodedError {
  return { source, code, entry, text, name: entry?.name ?? fallbackName ?? `unknown ${source} error ${code ?? ''}`.trim() };
}

function parseNumber(s: string): number {
  return /^0x/i.test(s) ? parseInt(s.slice(2), 16) : Number(s);
}

// A cheap filter so a 10 MB log only pays for the full recognisers on candidate lines.
const CANDIDATE =
  /litefw|error|fail|qmi|cme|cms|sahara|qdl|firehose|nak|download|busy|hangup|timed out|exit|status|modemmanager|callfailed|invalid image/i;

export function decodeLine(line: string): DecodedError[] {
  if (!CANDIDATE.test(line)) return [];
  const out: DecodedError[] = [];
  let m: RegExpExecArray | null;

  // qmicli / libqmi: "QMI protocol error (14): 'CallFailed'"
  const qmiRe = /QMI protocol error \((\d+)\)(?::\s*'?(\w+)'?)?/gi;
  while ((m = qmiRe.exec(line))) {
    const code = Number(m[1]);
    out.push(decoded('qmi', code, lookup('qmi', code), m[0], `unknown QMI error ${code}`));
  }
  if (out.length === 0) {
    // ModemManager debug: "FAILURE: InvalidQmiCommand"; enum names "QMI_PROTOCOL_ERROR_CALL_FAILED".
    if ((m = /FAILURE:\s*([A-Z][A-Za-z]+)\b/.exec(line)) && qmiByName(m[1]!)) out.push(decoded('qmi', qmiByName(m[1]!)!.code, qmiByName(m[1]!), m[0]));
    else if ((m = /QMI_PROTOCOL_ERROR_([A-Z_]+)/.exec(line)) && qmiByName(m[1]!)) out.push(decoded('qmi', qmiByName(m[1]!)!.code, qmiByName(m[1]!), m[0]));
    else if ((m = /\bQMI\s+(?:protocol\s+)?(?:error|err)\s*(?:code\s*)?[:#(]?\s*(\d{1,5})\b/i.exec(line))) {
      const code = Number(m[1]);
      out.push(decoded('qmi', code, lookup('qmi', code), m[0], `unknown QMI error ${code}`));
    } else if ((m = /\bqmi(?:-core)?\s+core\s+error\s*\(?(\d+)/i.exec(line))) {
      out.push(decoded('qmi-core', Number(m[1]), lookup('qmi-core', Number(m[1])), m[0]));
    }
  }

  if ((m = /\+CM([ES]) ERROR\s*:\s*(.+?)\s*$/i.exec(line))) {
    const isCme = m[1]!.toUpperCase() === 'E';
    const body = m[2]!.replace(/^"|"$/g, '');
    const source: ErrorSource = isCme ? 'cme' : 'cms';
    if (/^\d+$/.test(body)) {
      const code = Number(body);
      out.push(decoded(source, code, lookup(source, code), m[0], `unknown +CM${m[1]!.toUpperCase()} ERROR ${code}`));
    } else {
      const e = isCme ? cmeByName(body) : cmsByName(body);
      out.push(decoded(source, e?.code ?? null, e, m[0], body));
    }
  }

  const fdtRe = /\b(Primary|Secondary|Device)(?:\s+error)?(?:\s+code)?\s*[:=]?\s*(0x[0-9a-f]+|\d+)/gi;
  while ((m = fdtRe.exec(line))) {
    const kind = m[1]!.toLowerCase() as 'primary' | 'secondary' | 'device';
    const code = parseNumber(m[2]!);
    out.push(decoded('fdt2', code, lookupFdt2(kind, code), m[0], `unknown FDT2 ${kind} error ${code}`));
  }

  if ((m = /(?:FW download failed|litefw_\w+ failed)\s*:\s*(?:([A-Z][A-Z0-9_]*)\s*\()?\s*(\d+)\)?/i.exec(line))) {
    const code = Number(m[2]);
    out.push(decoded('fwdwl', code, lookup('fwdwl', code), m[0], m[1] ?? `unknown lite-fw error ${code}`));
  }
  if ((m = /^Error in [\w ]+?checking!?\s*error code\s*=\s*(1[0-2]\d)\b/i.exec(line.trim()))) {
    // fwdwl-lite's own step failures print its application exit code ("modem crash state checking … 103").
    const code = Number(m[1]);
    out.push(decoded('fwdwl-exit', code, lookup('fwdwl-exit', code), m[0], `unknown fwdwl-lite exit code ${code}`));
  } else if (/does not work with ModemManager/i.test(line)) {
    out.push(decoded('fwdwl-exit', 120, lookup('fwdwl-exit', 120), line.trim()));
  } else if ((m = /\b(?:fwdwl\S*|fw-download-tool)\b.*?\bexit(?:ed)?(?:\s+with)?(?:\s+(?:code|status))?\s*[:=]?\s*(\d{1,3})\b/i.exec(line)) ||
    (m = /\bexit(?:ed)?\s+(?:with\s+)?(?:code|status)\s*[:=]?\s*(1[0-2]\d)\b/i.exec(line))) {
    const code = Number(m[1]);
    out.push(decoded('fwdwl-exit', code, lookup('fwdwl-exit', code), m[0], `unknown fwdwl-lite exit code ${code}`));
  }

  if ((m = /\bsahara\b[^\n]*?\b(?:status|error)(?:\s+code)?\s*[:=(]?\s*(0x[0-9a-f]+|\d+)/i.exec(line))) {
    const code = parseNumber(m[1]!);
    out.push(decoded('sahara', code, lookup('sahara', code), m[0], `unknown Sahara status ${code}`));
  }
  if ((m = /\bQDL\b[^\n]*?\b(?:error|status)(?:\s+code)?\s*[:=(]?\s*(0x[0-9a-f]+|\d+)/i.exec(line))) {
    const code = parseNumber(m[1]!);
    out.push(decoded('qdl', code, lookup('qdl', code), m[0], `unknown QDL error ${code}`));
  }

  for (const f of FIREHOSE_MARKERS) if (f.match.test(line)) out.push(decoded('firehose', null, f, line.trim()));
  for (const l of LIBQMI_MESSAGES) if (l.match.test(line)) out.push(decoded('libqmi', null, l, line.trim()));
  return out;
}

/** Decodes every line of a text; duplicates (same source, code, name) are kept once. */
export function decodeText(text: string): DecodedError[] {
  const seen = new Set<string>();
  const out: DecodedError[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (const d of decodeLine(line)) {
      const k = `${d.source}:${d.code}:${d.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

/**
 * The decoder's search box: structured input first ("QMI protocol error (14)", "+CME ERROR: 30",
 * "primary error 82 secondary 5"), then names ("CallFailed", "SIM not inserted"), then codes
 * with an optional source word ("cme 30", "sahara 0x25", "14").
 */
export function decodeQuery(query: string): DecodedError[] {
  const q = query.trim();
  if (!q) return [];
  const structured = decodeText(q);
  if (structured.length > 0) return structured;
  const byName: ErrorEntry[] = [];
  const qmi = qmiByName(q.replace(/^'|'$/g, ''));
  if (qmi) byName.push(qmi);
  const cme = cmeByName(q);
  if (cme) byName.push(cme);
  const cms = cmsByName(q);
  if (cms) byName.push(cms);
  if (byName.length > 0) return byName.map((e) => decoded(e.source, e.code, e, q));

  // A QMI result TLV value as debug logs print it: u16 result, u16 error, little-endian
  // (`01:00:47:00` = failure, error 0x0047 = 71; at-knowledge §1).
  const tlv = /^([0-9a-f]{2})[: ]([0-9a-f]{2})[: ]([0-9a-f]{2})[: ]([0-9a-f]{2})$/i.exec(q);
  if (tlv) {
    const result = parseInt(tlv[2]! + tlv[1]!, 16);
    const code = parseInt(tlv[4]! + tlv[3]!, 16);
    if (result === 1) return [decoded('qmi', code, lookup('qmi', code), q, `unknown QMI error ${code}`)];
    if (result === 0 && code === 0) return [decoded('qmi', 0, lookup('qmi', 0), q)];
  }

  const m = /^(?:(qmi|cme|cms|fdt2?|fwdwl|lite-?fw|exit|sahara|qdl|firehose)\b\D*)?(0x[0-9a-f]+|\d+)$/i.exec(q);
  if (m) {
    const code = parseNumber(m[2]!);
    const word = (m[1] ?? '').toLowerCase();
    const sources: readonly ErrorSource[] = word.startsWith('fdt')
      ? ['fdt2']
      : word.startsWith('lite') || word === 'fwdwl'
        ? ['fwdwl']
        : word === 'exit'
          ? ['fwdwl-exit']
          : word
            ? [word as ErrorSource]
            : ['qmi', 'cme', 'cms', 'fdt2', 'fwdwl', 'fwdwl-exit', 'sahara', 'qdl'];
    return ALL_ERRORS.filter((e) => e.code === code && sources.includes(e.source)).map((e) => decoded(e.source, e.code, e, q));
  }
  const needle = q.toLowerCase();
  return ALL_ERRORS.filter((e) => e.name.toLowerCase().includes(needle))
    .slice(0, 50)
    .map((e) => decoded(e.source, e.code, e, q));
}
