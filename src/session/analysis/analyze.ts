/**
 * "Paste a transcript or a log": turns any text a customer sent (AT transcript, libqmi /
 * FDT2 / fwdwl-lite log, dmesg, lsusb, or several at once, with forum noise) into the same
 * diagnosis a live check gives: modem identity, errors with their meaning, findings, and the
 * line numbers each finding rests on.
 *
 * The analyser is incremental (`push` one line at a time, then `finish`) so the CLI can stream a
 * file of any size and the web worker can report progress; it keeps only what a diagnosis needs
 * (answers of the diagnostic commands, distinct answer-like lines, errors, capped signals), so
 * memory stays flat however long the log is.
 */
import { buildSnapshot, snapshotFromLines, type ModemSnapshot, type SnapshotStep, type StepAnswer, type StepAnswers } from '../../codec/at/snapshot.ts';
import { classifyFinal, type FinalResult } from '../../codec/at/final-result.ts';
import { parseCommand, type ParsedCommand } from '../../codec/at/command.ts';
import { isKnownUrc, isUnsolicited } from '../../codec/at/urc.ts';
import { looksLikeRevision, parseRevision } from '../../codec/at/revision.ts';
import { isGated } from '../../knowledge/profiles/password-gate.ts';
import { decodeLine, type DecodedError } from '../../knowledge/errors/decode.ts';
import { parseCeer } from '../../knowledge/errors/ceer.ts';
import { KERNEL_MESSAGES } from '../../knowledge/errors/kernel.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { isDownloadPid } from '../../knowledge/families.ts';
import type { Finding, FindingId, LocatedError, LogSignal } from '../../knowledge/rules/types.ts';
import { respaceGstatus, stripNoise } from './noise.ts';
import { factsOfLine } from './signals.ts';
import { toolsOfLine, mainTool, type LogTool } from './tools.ts';
import { isCommandLine, stepOf } from './transcript.ts';
import { mmcliOperator, mmcliRegistration } from './mmcli.ts';
import { LogFacts, onlyMentionedModel, type LogIdentity } from './log-facts.ts';
import { UsbPresence } from './presence.ts';
import { evidenceLines, STEP_SHAPES } from './evidence.ts';
import { hex4 } from '../../codec/hex.ts';

export type AnalysisKind = 'at' | 'log' | 'mixed' | 'unknown';

export interface AnalysisResult {
  readonly kind: AnalysisKind;
  /** The main tool (a firmware tool before the kernel or qmicli), null when none. */
  readonly tool: LogTool | null;
  readonly tools: readonly LogTool[];
  /** The last state the text shows. */
  readonly snapshot: ModemSnapshot;
  /** The Sierra (or last seen) USB identity from dmesg/lsusb lines or !USBVID/!USBPID. */
  readonly usb: { readonly vid: number; readonly pid: number } | null;
  readonly errors: readonly LocatedError[];
  readonly signals: readonly LogSignal[];
  /** Gated commands the transcript shows refused with ERROR. */
  readonly lockedCommands: readonly string[];
  /** Findings, each with `lines`: the 1-based line numbers it rests on. */
  readonly findings: readonly Finding[];
  readonly lineCount: number;
  /** Number of AT command blocks found. */
  readonly commandCount: number;
  /** Identity facts read from tool and kernel logs (used where no AT answer gives them). */
  readonly logIdentity?: LogIdentity;
  /** Several modules (distinct IMEIs or models) or several attempts (the same query answered, or a tool run, more than once). */
  readonly several?: { readonly modems: number; readonly attempts: number };
}

/** Lines at the head of a text whose tools are always identified. */
const TOOL_SCAN_LINES = 20_000;
/** Caps that keep memory flat on huge inputs. */
const MAX_LOOSE = 20_000;
const MAX_BLOCK_LINES = 4_000;
const MAX_SIGNALS_PER_KIND = 200;
const MAX_LINE = 4096;

/** Lines that can be AT answers (the shape parsers only look at these). */
const AT_LIKE = /^(?:[+!][A-Za-z]|[A-Za-z][\w ()/.#+-]{0,40}:|(?:FW|PRI|TYPE)\s|SWI|RHL\d|[KLMT]\d_\d_\d_|\d{14,22}[Ff]?$|(?:fw version|carrier name|config name) mismatch|LPM |APP\s*:|BOOT\s*:)/i;

/** A logger's line prefix: syslog/journal, OpenWrt logread, ISO timestamps, dmesg, bracketed clock times. */
const LOGGER_PREFIX = /^\s*(?:[A-Z][a-z]{2}\s+(?:[A-Z][a-z]{2}\s+)?\d{1,2}\s+\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[\s*\d+\.\d+\]|\[\d{2}:\d{2}:\d{2}[.,]\d+(?:,\d+)?\]\s*<)/;

/** Commands that start a data call: a +CME ERROR answering one is a failed data call, not a registration state. */
const DATA_CALL = /^(?:!SCACT|\+CGACT|\+CGDATA|D|\$QCRMCALL|!SCDATA|#SGACT|\+KCNXUP|\^NDISDUP|\+QIACT)$/i;

interface Block {
  readonly command: string;
  readonly parsed: ParsedCommand;
  readonly step: SnapshotStep | null;
  readonly lines: string[];
  readonly lineNos: number[];
  /** Answer lines seen (also for commands whose answer is not kept). */
  answered: number;
  /** Read from a ModemManager trace inside a log: AT traffic, but the text is a log. */
  readonly traced: boolean;
  final: FinalResult | null;
  readonly line: number;
  finalLine: number | null;
}

/** An answer of the diagnostic sequence and the line numbers it was read from. */
interface Answered {
  readonly answer: StepAnswer;
  readonly lineNos: readonly number[];
}

interface StepRecord {
  first: Answered;
  last: Answered;
  /** The answers before the last (at most three, newest first): a cut last answer falls back on them. */
  earlier: Answered[];
  count: number;
}

/** Findings that describe what went wrong during the session even when a later answer shows it fixed. */
const HISTORY_FINDINGS: ReadonlySet<FindingId> = new Set(['carrier-mismatch', 'radio-off', 'carrier-image-missing', 'password-required']);

export class TranscriptAnalyser {
  private lineNo = 0;
  private held: { raw: string; no: number } | null = null;
  private inMmcliResponse = false;
  private readonly tools: LogTool[] = [];
  private readonly toolSet = new Set<LogTool>();
  private readonly errors: LocatedError[] = [];
  private readonly errorIndex = new Map<string, number>();
  private readonly signals: LogSignal[] = [];
  private readonly signalCounts = new Map<LogSignal['kind'], number>();
  private usb: { vid: number; pid: number; line: number } | null = null;
  private logEvidence = false;
  private open: Block | null = null;
  private blockCount = 0;
  /** Command blocks with an answer, typed by a person (not ModemManager's trace): AT-transcript evidence. */
  private answeredBlocks = 0;
  private tracing = false;
  private readonly steps = new Map<SnapshotStep, StepRecord>();
  private readonly locked: { command: string; line: number }[] = [];
  private readonly loose: { text: string; line: number }[] = [];
  private readonly looseSeen = new Set<string>();
  private readonly facts = new LogFacts();
  private readonly presence = new UsbPresence();
  private readonly imeis = new Set<string>();
  private readonly models = new Set<string>();
  private toolRuns = 0;
  /** Lines that carry a logger's prefix (syslog, logread, ISO or bracketed timestamps): a log, whatever wrote it. */
  private loggerLines = 0;
  /** A USB id only named on a tool's command line (`-d 1199:9091`) or in a Windows device path. */
  private namedUsb: { vid: number; pid: number; line: number } | null = null;
  /** The last FDT2 primary code, so the secondary printed under it joins the same event. */
  private fdtPrimary: { index: number; line: number } | null = null;
  private readonly decodeCache = new Map<string, DecodedError[]>();
  /** ModemManager debug logs show the serial traffic as `--> 'AT…<CR>'` / `<-- '…<CR><LF>…'`; a reply may span several log lines. */
  private mmReply = '';
  /** `VID: 0x413C` waiting for its `APP PID:` line (AT!USBINFO?-style answers). */
  private pendingVid: number | null = null;
  /** The latest USB enumeration in a kernel log: which interfaces a driver bound. */
  private enumeration: { vid: number | null; pid: number | null; line: number; ifaces: Set<number>; afterDetach: boolean } | null = null;
  private sawDetach = false;
  /** The last operating mode a host tool printed (qmicli `Mode: 'low-power'`, mmcli `power state: low`). */
  private hostRadio: { low: boolean; text: string; line: number } | null = null;

  /** One line of input, without its line terminator. */
  push(raw: string): void {
    const no = ++this.lineNo;
    // Re-join lines a mail client or forum wrapped: a line ending in a comma continued by an
    // indented one (`idVendor=1199,` / `  idProduct=68c0`); line numbers stay the original ones.
    const held = this.held;
    if (held && held.raw.length < MAX_LINE && /,\s*$/.test(held.raw) && /^[ \t]+\S/.test(raw) && !/^[ \t]+(preferred|current)\b/i.test(raw)) {
      this.held = null;
      this.process(`${held.raw.trimEnd()} ${raw.trim()}`, held.no);
      return;
    }
    if (held) this.process(held.raw, held.no);
    this.held = { raw, no };
  }

  finish(): AnalysisResult {
    if (this.held) {
      this.process(this.held.raw, this.held.no);
      this.held = null;
    }
    this.flushMmReply(this.lineNo);
    this.closeBlock();
    this.presence.end();
    if (this.hostRadio?.low) this.addSignal('radio-low-power', this.hostRadio.text, this.hostRadio.line);
    const waits = this.signalCounts.get('boothold-wait') ?? 0;
    if (waits >= 5 && !this.signalCounts.get('download-mode') && !this.signalCounts.get('update-succeeded')) {
      const first = this.signals.find((x) => x.kind === 'boothold-wait')!;
      this.addSignal('boot-and-hold-timeout', `${first.text} (×${waits}, the download port never appeared)`, first.line);
    }
    const e = this.enumeration;
    if (e && e.afterDetach && e.vid === 0x1199 && e.pid === 0x68c0 && e.ifaces.size === 1 && e.ifaces.has(0)) {
      this.addSignal('download-mode', 'came back as 1199:68c0 with interface 0 only (the download port)', e.line);
    }
    for (const s of this.presence.signals()) this.addSignal(s.kind, s.text, s.line);

    const lastAnswers: StepAnswers = {};
    const firstAnswers: StepAnswers = {};
    const earlierAnswers: StepAnswers[] = [{}, {}, {}];
    const stepLines = new Map<SnapshotStep, number[]>();
    let attempts = 0;
    for (const [step, r] of this.steps) {
      (lastAnswers as Record<string, StepAnswer>)[step] = r.last.answer;
      (firstAnswers as Record<string, StepAnswer>)[step] = r.first.answer;
      r.earlier.forEach((e, i) => ((earlierAnswers[i] as Record<string, StepAnswer>)[step] = e.answer));
      stepLines.set(step, [...new Set([...r.first.lineNos, ...r.last.lineNos])]);
      if (step === 'ati' || step === 'impref' || step === 'gstatus' || step === 'image' || step === 'cpin') attempts = Math.max(attempts, r.count);
    }
    const looseTexts = this.loose.map((l) => l.text);
    const shapes = snapshotFromLines(looseTexts);
    const mmReg = shapes.registration.cs ? null : mmcliRegistration(looseTexts);
    const fromShapes0 = shapes.operator ? shapes : { ...shapes, operator: mmcliOperator(looseTexts) };
    const fromShapes = mmReg ? { ...fromShapes0, registration: { ...fromShapes0.registration, cs: mmReg } } : fromShapes0;
    for (const l of this.loose) {
      for (const [step, re] of STEP_SHAPES) {
        if (!re.test(l.text)) continue;
        const list = stepLines.get(step) ?? [];
        if (list.length < 64) list.push(l.line);
        stepLines.set(step, list);
      }
    }
    const withLogs = (s: ModemSnapshot) => this.withLogIdentity(s);
    // The last state; a field the last answer lacks (cut paste, ATI8 after ATI3) comes from the one before.
    let lastBlocks = buildSnapshot(lastAnswers);
    for (const e of earlierAnswers) if (Object.keys(e).length) lastBlocks = mergeSnapshots(lastBlocks, buildSnapshot(e));
    const last0 = withLogs(mergeSnapshots(lastBlocks, fromShapes));
    // HL modules print the revision bare ("RHL85xx.5.5.24.0.…") as the first line of ATI9 / AT+CGMR.
    const bare = last0.firmware ? null : bareRevision([...(this.steps.get('ati')?.last.answer.lines ?? []), ...(this.steps.get('cgmr')?.last.answer.lines ?? []), ...looseTexts]);
    const last = bare ? { ...last0, firmware: bare } : last0;
    const first = withLogs(mergeSnapshots(buildSnapshot(firstAnswers), fromShapes));

    // Tool logs print identity lines too (FDT2's IMEI, libqmi's "Model:"): those alone do not make
    // a text an AT transcript; command blocks, other AT answers, or a whole ATI body in no log do.
    if (this.tools.length > 0) this.logEvidence = true;
    // Without command lines, answer shapes make an AT transcript when nothing else explains them;
    // next to a tool log only AT-prefixed answers (`+CPIN:`, `!IMPREF:`) do (qmicli prints "Mode:" too).
    const prefixed = this.loose.some((l) => /^[+!][A-Z][A-Z0-9]*:/.test(l.text) && !isKnownUrc(l.text));
    const weakAt = hasAnswerBeyondIdentity(shapes) || Boolean(shapes.identity?.model && (shapes.identity.revision || shapes.identity.imei));
    const atEvidence = this.answeredBlocks > 0 || prefixed || (weakAt && !this.logEvidence);
    if (!atEvidence && this.loggerLines >= 2) this.logEvidence = true;
    const kind: AnalysisKind = atEvidence && this.logEvidence ? 'mixed' : atEvidence ? 'at' : this.logEvidence ? 'log' : 'unknown';

    const usb: { vid: number; pid: number; line: number | null } | null = this.usb ?? usbFromAnswers(last) ?? this.namedUsb;
    if (usb && isDownloadPid(usb.vid, usb.pid)) this.addSignal('download-mode', `USB ${hex4(usb.vid, 'lower')}:${hex4(usb.pid, 'lower')} (download-mode product id)`, usb.line);

    const input = (s: ModemSnapshot) => ({
      snapshot: hasAnyPart(s) ? s : null,
      errors: this.errors,
      signals: this.signals,
      lockedCommands: this.locked.map((l) => l.command),
    });
    const findings = evaluate(input(last));
    const seenIds = new Set(findings.map((f) => f.id));
    if (this.steps.size > 0) {
      for (const f of evaluate(input(first))) {
        if (!HISTORY_FINDINGS.has(f.id) || seenIds.has(f.id)) continue;
        seenIds.add(f.id);
        // Shown by an earlier answer, not by the last one: say so (the text may show the fix).
        findings.push({ ...f, detail: { en: `Earlier in this text: ${f.detail.en} The last answers no longer show it.`, fr: `Plus haut dans ce texte : ${f.detail.fr} Les dernières réponses ne le montrent plus.` } });
      }
    }
    const located = findings.map((f) => ({ ...f, lines: evidenceLines(f.id, { errors: this.errors, signals: this.signals, stepLines, locked: this.locked }) }));

    for (const id of [last.identity?.imei ?? null, last.imei].filter((x): x is string => Boolean(x))) this.imeis.add(id);
    return {
      kind,
      tool: mainTool(this.tools),
      tools: this.tools,
      snapshot: last,
      usb: usb ? { vid: usb.vid, pid: usb.pid } : null,
      errors: this.errors,
      signals: this.signals,
      lockedCommands: this.locked.map((l) => l.command),
      findings: located,
      lineCount: this.lineNo,
      commandCount: this.blockCount,
      logIdentity: this.facts.id,
      several: { modems: Math.max(this.imeis.size, this.models.size), attempts: Math.max(attempts, this.toolRuns) },
    };
  }

  private process(raw0: string, lineNo: number): void {
    if (raw0.length === 0) return;
    const raw = raw0.length > MAX_LINE ? raw0.slice(0, MAX_LINE) : raw0;
    if (LOGGER_PREFIX.test(raw)) this.loggerLines++;
    let t = stripNoise(raw);
    // mmcli --command wraps the modem's answer: response: '!GSTATUS: … (several lines) …'
    const resp = /^response:\s*'/i.exec(t);
    if (resp) {
      t = t.slice(resp[0].length);
      this.inMmcliResponse = true;
    }
    if (this.inMmcliResponse && /'\s*$/.test(t)) {
      t = t.replace(/'\s*$/, '').trim();
      this.inMmcliResponse = false;
    }
    if (t.length === 0) return;
    const trace = /(?:^|\s)(-->|<--)\s*'(.*)'\s*$/.exec(t);
    if (trace && /<CR>|<LF>|^AT/i.test(trace[2]!)) {
      this.mmTrace(trace[1]!, trace[2]!, lineNo);
      return;
    }
    this.line(t, raw, lineNo);
  }

  private mmTrace(dir: string, body: string, lineNo: number): void {
    this.tracing = true;
    try {
      this.mmTraceLines(dir, body, lineNo);
    } finally {
      this.tracing = false;
    }
  }

  private mmTraceLines(dir: string, body: string, lineNo: number): void {
    if (dir === '-->') {
      this.flushMmReply(lineNo);
      for (const part of body.split(/<CR>|<LF>/)) if (part.trim()) this.line(part.trim(), part, lineNo);
      return;
    }
    this.mmReply += body;
    const parts = this.mmReply.split(/<CR>|<LF>/);
    this.mmReply = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) this.line(part.trim(), part, lineNo);
  }

  private flushMmReply(lineNo: number): void {
    const rest = this.mmReply.trim();
    this.mmReply = '';
    if (rest) this.line(rest, rest, lineNo);
  }

  /** One cleaned line: errors, signals, tools, identity facts, then the AT segmentation. */
  private line(t0: string, raw: string, lineNo: number): void {
    let t = respaceGstatus(unquoteMmcli(t0));
    let notable = lineNo < TOOL_SCAN_LINES;

    for (const d of this.decode(t)) {
      this.addError(d, lineNo);
      notable = true;
      if (d.source !== 'cme' && d.source !== 'cms') this.logEvidence = true;
    }
    if (/usb|error -|over-current/i.test(t)) {
      for (const k of KERNEL_MESSAGES) {
        const m = k.match.exec(t);
        if (!m) continue;
        const code = m[1] ? -Number(m[1]) : null;
        this.addError({ source: 'kernel', code, name: k.name, entry: k, text: t }, lineNo);
        this.logEvidence = true;
      }
    }
    const facts = factsOfLine(t);
    if (facts.usb && (facts.usb.vid === 0x1199 || !this.usb || this.usb.vid !== 0x1199)) this.usb = { ...facts.usb, line: lineNo };
    for (const kind of facts.signals) {
      this.addSignal(kind, t, lineNo);
      notable = true;
      if (kind !== 'no-carrier' && kind !== 'loop-reported') this.logEvidence = true;
    }
    if (facts.usb) notable = true;
    this.usbInfo(t, lineNo);
    if (t.charCodeAt(0) === 0x2b && /^\+CEER:/i.test(t)) this.ceer(t, lineNo);
    const mode = /^(?:Mode|power state)\s*:\s*'?([a-z-]+)'?$/i.exec(t);
    if (mode && /^(?:online|on|low-power|persistent-low-power|offline|mode-only-low-power|low|off)$/i.test(mode[1]!)) {
      this.hostRadio = { low: !/^(?:online|on)$/i.test(mode[1]!), text: t, line: lineNo };
    }
    this.trackEnumeration(t, facts, lineNo);
    if (facts.logShape) this.logEvidence = true;
    if (facts.toolRun) this.toolRuns++;
    this.presence.push(t, lineNo);
    // Which tools printed the text: every line of the head of the file, then only lines that
    // carried an error or a signal (tool lines that matter always do), so long logs stay fast.
    if (notable && this.toolSet.size < 8) {
      for (const tool of toolsOfLine(raw, this.toolSet)) {
        this.toolSet.add(tool);
        this.tools.push(tool);
      }
    }
    this.facts.push(t, lineNo);
    const imei = /^IMEI\s*:\s*(\d{14,16})\b/i.exec(t);
    if (imei) this.imeis.add(imei[1]!);
    const model = /^Model\s*:\s*'?([A-Z]{2}\d{4}[\w-]*)/i.exec(t);
    if (model) this.models.add(model[1]!.toUpperCase());
    this.segment(hostCommand(t) ?? t, lineNo);
  }

  /** +CEER after a refused attach or call: an EMM cause refused the attach, an ESM cause the data connection. */
  private ceer(t: string, lineNo: number): void {
    const c = parseCeer(t);
    if (!c) return;
    const what = `+CEER ${c.text}${c.meaning ? ` — ${c.kind.toUpperCase()} cause ${c.cause}: ${c.meaning.en}` : ''}`;
    if (c.kind === 'emm') this.addSignal('attach-rejected', what, lineNo);
    if (c.kind === 'esm' || (c.kind === 'emm' && c.cause === 19) || /\bESM\b/i.test(c.text)) this.addSignal('data-call-refused', what, lineNo);
  }

  private usbInfo(t: string, lineNo: number): void {
    if (!this.namedUsb) {
      const named = /(?:\s-d\s+|--device=|VID_)([0-9a-f]{4})(?::|&PID_)([0-9a-f]{4})\b/i.exec(t);
      if (named) this.namedUsb = { vid: parseInt(named[1]!, 16), pid: parseInt(named[2]!, 16), line: lineNo };
    }
    const vid = /^(?:USB )?VID\s*:\s*(?:0x)?([0-9a-f]{4})\s*$/i.exec(t);
    if (vid) {
      this.pendingVid = parseInt(vid[1]!, 16);
      return;
    }
    const pid = /^(?:APP )?PID\s*:\s*(?:0x)?([0-9a-f]{4})\s*$/i.exec(t);
    if (pid && this.pendingVid !== null) {
      const usb = { vid: this.pendingVid, pid: parseInt(pid[1]!, 16), line: lineNo };
      if (!this.usb || usb.vid === 0x1199 || this.usb.vid !== 0x1199) this.usb = usb;
      this.pendingVid = null;
    }
  }

  /**
   * RC76xx keeps 1199:68c0 in download mode; only the layout tells (at-knowledge §0 fact 5): after
   * a disconnect it comes back with interface 0 alone. Tracks what the last enumeration bound.
   */
  private trackEnumeration(t: string, facts: ReturnType<typeof factsOfLine>, lineNo: number): void {
    if (facts.signals.includes('usb-detach')) this.sawDetach = true;
    if (/New USB device found/i.test(t) && facts.usb) {
      this.enumeration = { vid: facts.usb.vid, pid: facts.usb.pid, line: lineNo, ifaces: new Set(), afterDetach: this.sawDetach };
      return;
    }
    const e = this.enumeration;
    if (!e) return;
    const m = /\b(?:qcserial|qmi_wwan|option|cdc_mbim|cdc_ether|cdc_acm|GobiSerial|GobiNet|sierra|sierra_net)\s+[\d-]+(?:\.\d+)*:1\.(\d+)(?::\s|\s)(?!.*disconnect)/i.exec(t);
    if (m) e.ifaces.add(Number(m[1]));
  }

  private decode(text: string): DecodedError[] {
    const hit = this.decodeCache.get(text);
    if (hit) return hit;
    const d = decodeLine(text);
    if (this.decodeCache.size > 20_000) this.decodeCache.clear();
    this.decodeCache.set(text, d);
    return d;
  }

  /**
   * One error per event. FDT2 prints a primary and a secondary code for one failure: they become
   * one `82/5` error; `Device error code: 0x0` and a secondary `0 - Not applicable` are not errors.
   */
  private addError(d: DecodedError, line: number): void {
    const command = this.open && this.open.final === null ? commandKey(this.open.parsed) : null;
    if (d.source === 'fdt2') {
      const kind = /^\s*(Primary|Secondary|Device)/i.exec(d.text)?.[1]?.toLowerCase() ?? 'primary';
      if (kind === 'device') {
        if (d.code === 0) return;
      } else if (kind === 'secondary') {
        const p = this.fdtPrimary;
        if (p && line - p.line <= 3) {
          const prim = this.errors[p.index]!;
          this.errors[p.index] = { ...prim, secondary: d.code ?? undefined, codeText: `${prim.code}/${d.code}`, text: `${prim.text}; ${d.text}`, secondaryName: d.name, secondaryEntry: d.entry };
          this.errorIndex.set(`fdt2:${prim.code}/${d.code}`, p.index);
          this.fdtPrimary = null;
          return;
        }
        if (d.code === 0) return;
      } else {
        this.fdtPrimary = { index: this.errors.length, line };
        const key = `fdt2:${d.code}:primary:${line}`;
        this.errorIndex.set(key, this.errors.length);
        this.errors.push({ ...d, line, primary: d.code ?? undefined, codeText: String(d.code) });
        this.dedupeFdt();
        return;
      }
    }
    const key = `${d.source}:${d.code}:${d.name}:${command ?? ''}`;
    const at = this.errorIndex.get(key);
    if (at !== undefined) {
      const e = this.errors[at]!;
      this.errors[at] = { ...e, count: (e.count ?? 1) + 1 };
      return;
    }
    this.errorIndex.set(key, this.errors.length);
    this.errors.push({ ...d, line, ...(command ? { command } : {}) });
  }

  /** A repeated FDT2 report (several instances, several tries) is counted on the first one with the same codes. */
  private dedupeFdt(): void {
    // Merging happens when the secondary arrives; the previous event is complete by now.
    const n = this.errors.length;
    if (n < 2) return;
    const prev = this.fdtPrimary!.index - 1;
    for (let i = prev; i >= 0 && i >= prev - 50; i--) {
      const e = this.errors[i]!;
      const last = this.errors[prev]!;
      if (i === prev || e.source !== 'fdt2' || last.source !== 'fdt2') continue;
      if (e.codeText === last.codeText) {
        this.errors[i] = { ...e, count: (e.count ?? 1) + 1 };
        this.errors.splice(prev, 1);
        this.fdtPrimary = { index: this.fdtPrimary!.index - 1, line: this.fdtPrimary!.line };
        return;
      }
    }
  }

  private addSignal(kind: LogSignal['kind'], text: string, line: number | null): void {
    const n = this.signalCounts.get(kind) ?? 0;
    this.signalCounts.set(kind, n + 1);
    // Keep the first ones of each kind (rules count them; evidence names them), then drop.
    if (n < MAX_SIGNALS_PER_KIND) this.signals.push({ kind, text, line });
  }

  private segment(text: string, line: number): void {
    if (isCommandLine(text)) {
      const parsed = parseCommand(text);
      if (parsed) {
        const o = this.open;
        // Echo of the command just sent (terminal shows "Send: ATI" then "Receive: ATI").
        if (o && o.final === null && o.lines.length === 0 && o.command.toUpperCase() === text.toUpperCase()) return;
        this.closeBlock();
        this.blockCount++;
        this.open = { command: text, parsed, step: stepOf(parsed), lines: [], lineNos: [], answered: 0, traced: this.tracing, final: null, line, finalLine: null };
        return;
      }
    }
    const open = this.open;
    if (open && open.final === null) {
      const final = classifyFinal(text);
      if (final) {
        open.final = final;
        open.finalLine = line;
        if (final.kind === 'error' && isGated(open.parsed.name, open.parsed.form)) this.locked.push({ command: open.command, line: open.line });
        if ((final.kind === 'cme-error' || final.kind === 'error' || final.kind === 'no-carrier') && isDataCallAttempt(open.parsed)) {
          this.addSignal('data-call-refused', `${open.command} → ${text}`, line);
        }
        this.closeBlock();
        return;
      }
      if ((text.charCodeAt(0) === 0x2b || text.length <= 12) && isKnownUrc(text) && isUnsolicited(text, open.parsed)) {
        this.addLoose(text, line);
        return;
      }
      open.answered++;
      if (open.step && open.lines.length < MAX_BLOCK_LINES) {
        open.lines.push(text);
        open.lineNos.push(line);
      } else if (!open.step) {
        // A command whose answer is not read (AT!OPENLOCK, a test form) may never show its final
        // result: what follows can be another command's body pasted without its command line.
        this.addLoose(text, line);
      }
      return;
    }
    this.addLoose(text, line);
  }

  private addLoose(text: string, line: number): void {
    if (this.loose.length >= MAX_LOOSE || this.looseSeen.has(text) || !AT_LIKE.test(text)) return;
    this.looseSeen.add(text);
    this.loose.push({ text, line });
  }

  private closeBlock(): void {
    const b = this.open;
    if (!b) return;
    this.open = null;
    if (!b.traced && (b.final !== null || b.answered > 0)) this.answeredBlocks++;
    if (!b.step || (b.lines.length === 0 && b.final === null)) return;
    const passwordRequired = b.final?.kind === 'error' && isGated(b.parsed.name, b.parsed.form);
    const lineNos = [b.line, ...b.lineNos, ...(b.finalLine !== null ? [b.finalLine] : [])];
    const entry: Answered = { answer: { command: b.command, lines: b.lines, final: b.final, passwordRequired }, lineNos };
    const rec = this.steps.get(b.step);
    if (!rec) this.steps.set(b.step, { first: entry, last: entry, earlier: [], count: 1 });
    else {
      rec.earlier.unshift(rec.last);
      if (rec.earlier.length > 3) rec.earlier.pop();
      rec.last = entry;
      rec.count++;
    }
  }

  /** Where no AT answer names the module or its firmware, what the logs print does. */
  private withLogIdentity(s: ModemSnapshot): ModemSnapshot {
    const id = this.facts.id;
    let out = s;
    if (!s.firmware && id.firmware) {
      const rev = parseRevision(id.firmware.value);
      if (rev) out = { ...out, firmware: rev };
    }
    const model = s.identity?.model ?? id.model?.value ?? onlyMentionedModel(id.mentioned);
    if (model && !s.identity?.model) {
      const base = s.identity ?? { manufacturer: null, model: null, revision: null, imei: null, imeiSv: null, fsn: null, meid: null, qtiBaseline: null, gcap: null };
      out = { ...out, identity: { ...base, model } };
    }
    return out;
  }
}

export function analyzeText(text: string): AnalysisResult {
  const a = new TranscriptAnalyser();
  forEachLine(text, (l) => a.push(l));
  return a.finish();
}

/** Splits on CRLF, CR or LF without building an array of every line. */
export function forEachLine(text: string, fn: (line: string) => void): void {
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      fn(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n) fn(text.slice(start));
}

/** Feeds text that arrives in chunks (a stream) as whole lines; a CR at a chunk's end waits for a possible LF. */
export class LineFeeder {
  private rest = '';
  constructor(private readonly sink: (line: string) => void) {}
  write(chunk: string): void {
    const text = this.rest + chunk;
    let cut = text.length;
    // Keep the incomplete last line (and a trailing CR) for the next chunk.
    const lastLf = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastLf < 0) {
      this.rest = text.length > 1_000_000 ? text.slice(0, MAX_LINE) : text;
      return;
    }
    cut = text.charCodeAt(lastLf) === 13 && lastLf === text.length - 1 ? lastLf : lastLf + 1;
    const body = text.slice(0, cut);
    this.rest = text.slice(cut);
    forEachLine(body, this.sink);
  }
  end(): void {
    if (this.rest.length) forEachLine(this.rest, this.sink);
    this.rest = '';
  }
}

function bareRevision(lines: readonly string[]): ReturnType<typeof parseRevision> {
  for (const l of lines) {
    const t = l.trim();
    if (/^(?:RHL\d|HL\d{4}\.\d|[KLMT]\d_\d_\d_\d)/.test(t) && looksLikeRevision(t)) return parseRevision(t);
  }
  return null;
}

/**
 * An AT command sent through a host tool, whose output is the bare answer: `mmcli -m 0
 * --command='!gstatus?'` (ModemManager prepends AT), OpenWrt's `sms_tool -d /dev/ttyUSB2 at "ati"`,
 * `echo -e 'AT+CSQ\r' > /dev/ttyUSB2`. Returned as the command line the answer belongs to.
 */
function hostCommand(t: string): string | null {
  if (!/mmcli|sms_tool|echo|atinout|socat|chat\b/i.test(t) || isCommandLine(t)) return null;
  const m =
    /\bmmcli\b.*--command[= ]\s*['"]?([^'"]+?)['"]?\s*$/i.exec(t) ??
    /\bsms_tool\b.*?\bat\s+['"]?([^'"]+?)['"]?\s*$/i.exec(t) ??
    /\becho\s+(?:-e\s+)?['"]((?:AT|at)[^'"\\]*)(?:\\r)?['"]?\s*>\s*\/dev\//.exec(t);
  if (!m) return null;
  const cmd = m[1]!.trim();
  const line = /^at/i.test(cmd) ? cmd : `AT${cmd}`;
  return isCommandLine(line) ? line : null;
}

/** mmcli quotes values (`model: 'MC7430'`) and may cut them at the wrap; `equipment id` is the IMEI when it has 15 digits. */
function unquoteMmcli(t: string): string {
  const m = /^(model|manufacturer|revision|firmware revision|equipment id|imei|h\/w revision|carrier config)\s*:\s*'?([^']*)'?\s*$/i.exec(t);
  if (!m) return t;
  const label = m[1]!.toLowerCase();
  if (label === 'equipment id') return /^\d{15}$/.test(m[2]!) ? `IMEI: ${m[2]}` : t;
  return `${m[1]}: ${m[2]}`;
}

/** A command that tries to bring a data call up (not a read, not a deactivation). */
function isDataCallAttempt(p: ParsedCommand): boolean {
  if (!DATA_CALL.test(p.name)) return false;
  if (p.name.toUpperCase() === 'D') return true;
  if (p.form !== 'set') return false;
  // +CGACT=<state>,<cid>, !SCACT=<state>,<cid>: state 1 activates.
  return /^(?:\+CGACT|!SCACT|#SGACT|\$QCRMCALL|\+QIACT)$/i.test(p.name) ? /^\s*1\b/.test(p.args) || /^\+QIACT$/i.test(p.name) : true;
}

/** How an error's command is recorded: the name for data-call attempts (rules key on it), name=args otherwise. */
function commandKey(p: ParsedCommand): string {
  if (isDataCallAttempt(p)) return p.name;
  return p.form === 'set' ? `${p.name}=${p.args}` : p.name;
}

function usbFromAnswers(s: ModemSnapshot): { vid: number; pid: number; line: null } | null {
  const ids = s.usbIds;
  if (!ids || ids.vid === null || ids.appPid === null) return null;
  return { vid: ids.vid, pid: ids.appPid, line: null };
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
