/**
 * "Paste a transcript or a log": turns any text a customer sent (AT transcript, libqmi /
 * FDT2 / fwdwl-lite log, dmesg, or several at once, with forum noise) into the same
 * diagnosis a live check gives: modem identity, errors with their meaning, findings.
 *
 * One pass over the lines, with cheap pre-filters, so a 10 MB log stays well under a second.
 */
import { buildSnapshot, snapshotFromLines, type ModemSnapshot, type StepAnswers, type StepAnswer } from '../../codec/at/snapshot.ts';
import { isGated } from '../../knowledge/profiles/password-gate.ts';
import { decodeLine } from '../../knowledge/errors/decode.ts';
import { KERNEL_MESSAGES } from '../../knowledge/errors/kernel.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import type { Finding, LocatedError, LogSignal } from '../../knowledge/rules/types.ts';
import { stripNoise } from './noise.ts';
import { factsOfLine } from './signals.ts';
import { toolsOfLine, type LogTool } from './tools.ts';
import { segment, stepOf } from './transcript.ts';
import { mmcliOperator } from './mmcli.ts';

export type AnalysisKind = 'at' | 'log' | 'mixed' | 'unknown';

export interface AnalysisResult {
  readonly kind: AnalysisKind;
  /** The first tool recognised, null when none. */
  readonly tool: LogTool | null;
  readonly tools: readonly LogTool[];
  readonly snapshot: ModemSnapshot;
  /** The Sierra (or last seen) USB identity from dmesg/lsusb lines. */
  readonly usb: { readonly vid: number; readonly pid: number } | null;
  readonly errors: readonly LocatedError[];
  readonly signals: readonly LogSignal[];
  /** Gated commands the transcript shows refused with ERROR. */
  readonly lockedCommands: readonly string[];
  readonly findings: readonly Finding[];
  readonly lineCount: number;
  /** Number of AT command blocks found. */
  readonly commandCount: number;
}

/** Lines at the head of a text whose tools are always identified. */
const TOOL_SCAN_LINES = 20_000;

/** Lines that can be AT answers (the shape parsers only look at these). */
const AT_LIKE = /^(?:[+!][A-Za-z]|[A-Za-z][\w ()/.#+-]{0,40}:|(?:FW|PRI|TYPE)\s|SWI|\d{14,22}[Ff]?$|(?:fw version|carrier name|config name) mismatch|LPM )/i;

export function analyzeText(text: string): AnalysisResult {
  const rawLines = unwrap(text.split(/\r\n|\r|\n/));
  const cleaned: { text: string; line: number }[] = [];
  const tools: LogTool[] = [];
  const toolSet = new Set<LogTool>();
  const errors: LocatedError[] = [];
  const errorKeys = new Set<string>();
  const signals: LogSignal[] = [];
  let usb: { vid: number; pid: number } | null = null;
  let logEvidence = false;

  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i]!;
    if (raw.length === 0) continue;
    const lineNo = i + 1;
    const t = stripNoise(raw.length > 4096 ? raw.slice(0, 4096) : raw);
    if (t.length === 0) continue;
    cleaned.push({ text: t, line: lineNo });
    let notable = i < TOOL_SCAN_LINES;

    for (const d of decodeCached(t)) {
      const k = `${d.source}:${d.code}:${d.name}`;
      if (errorKeys.has(k)) continue;
      errorKeys.add(k);
      errors.push({ ...d, line: lineNo });
      notable = true;
      if (d.source !== 'cme' && d.source !== 'cms') logEvidence = true;
    }
    if (/usb|error -|over-current/i.test(t)) {
      for (const k of KERNEL_MESSAGES) {
        const m = k.match.exec(t);
        if (!m) continue;
        const code = m[1] ? -Number(m[1]) : null;
        const key = `kernel:${code}:${k.name}`;
        if (errorKeys.has(key)) continue;
        errorKeys.add(key);
        errors.push({ source: 'kernel', code, name: k.name, entry: k, text: t, line: lineNo });
        logEvidence = true;
      }
    }
    const facts = factsOfLine(t);
    if (facts.usb && (facts.usb.vid === 0x1199 || !usb || usb.vid !== 0x1199)) usb = facts.usb;
    for (const kind of facts.signals) {
      signals.push({ kind, text: t, line: lineNo });
      notable = true;
      if (kind !== 'no-carrier') logEvidence = true;
    }
    if (facts.usb) notable = true;
    // Which tools printed the text: every line of the head of the file, then only lines that
    // carried an error or a signal (tool lines that matter always do), so long logs stay fast.
    if (notable && toolSet.size < 8) {
      for (const tool of toolsOfLine(raw, toolSet)) {
        toolSet.add(tool);
        tools.push(tool);
      }
    }
  }

  const { blocks, loose } = segment(cleaned);
  const answers: StepAnswers = {};
  const locked: string[] = [];
  for (const b of blocks) {
    const step = stepOf(b.parsed);
    const passwordRequired = b.final?.kind === 'error' && isGated(b.parsed.name, b.parsed.form);
    if (passwordRequired) locked.push(b.command);
    if (step && (b.lines.length > 0 || b.final !== null)) {
      const answer: StepAnswer = { command: b.command, lines: b.lines, final: b.final, passwordRequired };
      (answers as Record<string, StepAnswer>)[step] = answer;
    }
  }
  const fromBlocks = buildSnapshot(answers);
  // Identical loose lines say nothing new (repeated status dumps): parse each text once.
  const seenLoose = new Set<string>();
  const looseAtLike: string[] = [];
  for (const l of loose) {
    if (seenLoose.has(l.text) || !AT_LIKE.test(l.text)) continue;
    seenLoose.add(l.text);
    looseAtLike.push(l.text);
  }
  const shapes = snapshotFromLines(looseAtLike);
  const fromShapes = shapes.operator ? shapes : { ...shapes, operator: mmcliOperator(looseAtLike) };
  const snapshot = mergeSnapshots(fromBlocks, fromShapes);

  // Tool logs print identity lines too (FDT2's IMEI, libqmi's "Model:"): those alone do not
  // make a text an AT transcript; command blocks or other AT answers do.
  const atEvidence = blocks.length > 0 || hasAnswerBeyondIdentity(shapes);
  if (tools.some((t) => t !== 'qmicli')) logEvidence = true;
  const kind: AnalysisKind = atEvidence && logEvidence ? 'mixed' : atEvidence ? 'at' : logEvidence ? 'log' : 'unknown';

  const findings = evaluate({ snapshot: hasAnyPart(snapshot) ? snapshot : null, errors, signals, lockedCommands: locked });
  return {
    kind,
    tool: tools[0] ?? null,
    tools,
    snapshot,
    usb,
    errors,
    signals,
    lockedCommands: locked,
    findings,
    lineCount: rawLines.length,
    commandCount: blocks.length,
  };
}

/**
 * Re-joins lines a mail client or forum wrapped: a line ending in a comma continued by an
 * indented one (`idVendor=1199,` / `  idProduct=68c0`). The continuation is blanked rather
 * than removed so line numbers stay those of the original text.
 */
function unwrap(lines: string[]): string[] {
  for (let i = 0; i + 1 < lines.length; i++) {
    const cur = lines[i]!;
    const next = lines[i + 1]!;
    if (cur.length > 0 && cur.length < 4096 && /,\s*$/.test(cur) && /^[ \t]+\S/.test(next) && !/^[ \t]+(preferred|current)\b/i.test(next)) {
      lines[i] = `${cur.trimEnd()} ${next.trim()}`;
      lines[i + 1] = '';
    }
  }
  return lines;
}

// Logs repeat the same lines (retries, loops): decode each distinct text once.
const decodeCache = new Map<string, ReturnType<typeof decodeLine>>();
function decodeCached(text: string): ReturnType<typeof decodeLine> {
  const hit = decodeCache.get(text);
  if (hit) return hit;
  const d = decodeLine(text);
  if (decodeCache.size > 20_000) decodeCache.clear();
  decodeCache.set(text, d);
  return d;
}

function hasAnswerBeyondIdentity(s: ModemSnapshot): boolean {
  return hasAnyPart({ ...s, identity: null, firmware: null, imei: null });
}

function hasAnyPart(s: ModemSnapshot): boolean {
  return Boolean(
    s.identity || s.firmware || s.imei || s.imagePreference || s.images || s.priId || s.sim || s.iccid || s.imsi || s.functionality ||
      s.ratSelection || s.band || s.gstatus || s.operator || s.registration.eps || s.registration.ps || s.registration.cs || s.signal ||
      s.pdpContexts || s.powerControl || s.usbComposition || s.usbIds,
  );
}

/** Field by field: what command blocks said wins over what loose lines suggest. */
export function mergeSnapshots(a: ModemSnapshot, b: ModemSnapshot): ModemSnapshot {
  return {
    identity: a.identity ?? b.identity,
    firmware: a.firmware ?? b.firmware,
    imei: a.imei ?? b.imei,
    imagePreference: a.imagePreference ?? b.imagePreference,
    images: a.images ?? b.images,
    priId: a.priId ?? b.priId,
    sim: a.sim ?? b.sim,
    iccid: a.iccid ?? b.iccid,
    imsi: a.imsi ?? b.imsi,
    functionality: a.functionality ?? b.functionality,
    ratSelection: a.ratSelection ?? b.ratSelection,
    band: a.band ?? b.band,
    gstatus: a.gstatus ?? b.gstatus,
    operator: a.operator ?? b.operator,
    registration: {
      eps: a.registration.eps ?? b.registration.eps,
      ps: a.registration.ps ?? b.registration.ps,
      cs: a.registration.cs ?? b.registration.cs,
    },
    signal: a.signal ?? b.signal,
    pdpContexts: a.pdpContexts ?? b.pdpContexts,
    powerControl: a.powerControl ?? b.powerControl,
    usbComposition: a.usbComposition ?? b.usbComposition,
    usbIds: a.usbIds ?? b.usbIds,
    answers: a.answers,
  };
}
