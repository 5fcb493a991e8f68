/**
 * The machine-readable summary of an analysis (`boothold analyze --json`). Field names and
 * shapes are an interface; unknown values are null, never guessed.
 *
 * Identifiers (IMEI, ICCID) are printed as found: the input is the user's own text and support
 * matches them to its records. `redact: true` masks them for text that will be posted publicly;
 * `identifiers` says which was done.
 */
import { maskIccid, maskImei } from '../../codec/at/redact.ts';
import { platformInfo } from '../../knowledge/firmware/platforms.ts';
import { releaseOf } from '../../knowledge/firmware/releases.ts';
import { familyOfModel, familyOfRevision, sierraModelOf } from '../../knowledge/families.ts';
import { lineOfModel, profilesForUsb } from '../../knowledge/profiles/models.ts';
import type { Severity } from '../../knowledge/rules/finding-ids.ts';
import type { ErrorSource } from '../../knowledge/errors/types.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import type { AnalysisKind, AnalysisResult } from './analyze.ts';
import type { LogIdentity } from './log-facts.ts';
import { hex4 } from '../../codec/hex.ts';
import type { Locale } from '../../text/locale.ts';

export type ReportErrorSource = 'qmi' | 'cme' | 'cms' | 'fdt2' | 'fwdwl' | 'sahara' | 'firehose' | 'qdl' | 'kernel' | 'libqmi';

export interface ReportOptions {
  /** Mask IMEI/ICCID (for public posting). Default false: identifiers as found. */
  readonly redact?: boolean;
}

export interface ReportError {
  readonly source: ReportErrorSource;
  /** The code as the tool prints it: a number, or FDT2's `"82/5"` (primary/secondary). */
  readonly code: number | string | null;
  readonly name: string;
  readonly line: number | null;
  /** FDT2 only: the two halves of `code`. */
  readonly primary?: number;
  readonly secondary?: number;
  /** Times the same error was printed. */
  readonly count: number;
  /** The AT command it answered, when the transcript shows it. */
  readonly command: string | null;
  /** Added: the exact table (`qmi-core`, `fwdwl-exit` refine `libqmi`, `fwdwl`). */
  readonly table: ErrorSource;
  readonly meaning: string | null;
}

/**
 * What the text says overall. "working" only when it shows a working module (SIM ready, registered,
 * radio on, a completed update): a log that ends badly but maps to no finding is "inconclusive",
 * never an all-clear.
 */
export type Verdict = 'problems' | 'working' | 'inconclusive';

export function verdictOf(r: AnalysisResult): Verdict {
  if (r.findings.some((f) => f.severity !== 'info')) return 'problems';
  const s = r.snapshot;
  const registered = [s.registration.cs, s.registration.ps, s.registration.eps].some((x) => x !== null && (x.stat === 1 || x.stat === 5));
  const online =
    s.functionality?.level === 1 ||
    /online/i.test(s.powerControl?.state ?? '') ||
    (/online/i.test(s.gstatus?.mode ?? '') && /^attached/i.test(s.gstatus?.psState ?? ''));
  const succeeded = r.signals.some((x) => x.kind === 'update-succeeded');
  return registered || online || succeeded || (s.sim?.state === 'ready' && Boolean(s.operator?.operator)) ? 'working' : 'inconclusive';
}

export interface AnalysisReport {
  readonly kind: AnalysisKind;
  readonly verdict: Verdict;
  readonly modem: {
    readonly model: string | null;
    readonly family: string | null;
    /** Chipset family id from knowledge/families (`9x30`, `SDX55`, `HL`). */
    readonly chipsetFamily: string | null;
    readonly firmware: string | null;
    readonly firmwareVersion: string | null;
    readonly release: string | null;
    readonly imei: string | null;
    readonly iccid: string | null;
    readonly carrier: { readonly current: string | null; readonly preferred: string | null };
    readonly sim: string | null;
    readonly cfun: number | null;
    readonly usb: { readonly vid: string; readonly pid: string } | null;
    /** Added: platform prefix and operator as printed. */
    readonly platform: string | null;
    readonly operator: string | null;
    /** Added: models known to use the USB VID:PID seen (a list of candidates, not a guess). */
    readonly usbMatches: readonly string[];
  };
  /** `as-found` or `masked` (`--redact`). */
  readonly identifiers: 'as-found' | 'masked';
  /** Several modules or attempts in one text: the modem facts are the last state shown. */
  readonly several: { readonly modems: number; readonly attempts: number } | null;
  readonly tool: string | null;
  readonly tools: readonly string[];
  readonly errors: readonly ReportError[];
  readonly findings: readonly {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    readonly detail: string;
    readonly nextSteps: readonly string[];
    readonly source: string;
    readonly commands: readonly string[];
    /** 1-based line numbers of the analysed text this finding rests on. */
    readonly evidence: readonly number[];
  }[];
  readonly lineCount: number;
}

const SOURCE_MAP: Readonly<Record<ErrorSource, ReportErrorSource>> = {
  qmi: 'qmi',
  'qmi-core': 'libqmi',
  cme: 'cme',
  cms: 'cms',
  fdt2: 'fdt2',
  fwdwl: 'fwdwl',
  'fwdwl-exit': 'fwdwl',
  sahara: 'sahara',
  firehose: 'firehose',
  qdl: 'qdl',
  libqmi: 'libqmi',
  kernel: 'kernel',
};

export function modemFacts(s: ModemSnapshot, usb: { vid: number; pid: number } | null, logs?: LogIdentity, opts: ReportOptions = {}): AnalysisReport['modem'] {
  const model = s.identity?.model ?? null;
  const platform = s.firmware?.platform ?? null;
  const line = lineOfModel(model ? sierraModelOf(model) : null) ?? platformInfo(platform)?.line ?? null;
  const version = s.firmware?.version ?? logs?.firmwareVersion?.value ?? currentFromImages(s);
  const rel = line && version ? releaseOf(line, version) : null;
  const current = nonEmpty(s.imagePreference?.current.carrier) ?? nonEmpty(s.priId?.carrierPri?.carrier) ?? logs?.carrier?.value ?? null;
  const fam = familyOfModel(model ? sierraModelOf(model) : null) ?? familyOfRevision(s.firmware?.firmware ?? null);
  const imei = s.imei ?? s.identity?.imei ?? null;
  return {
    model,
    family: line ?? fam?.line ?? null,
    chipsetFamily: fam?.id ?? null,
    firmware: s.firmware?.firmware ?? null,
    firmwareVersion: version,
    release: rel ? rel.label.en : null,
    imei: imei ? (opts.redact ? maskImei(imei) : imei) : null,
    iccid: s.iccid ? (opts.redact ? maskIccid(s.iccid) : s.iccid) : null,
    carrier: { current, preferred: nonEmpty(s.imagePreference?.preferred.carrier) },
    sim: s.sim?.state ? s.sim.text || s.sim.state : null,
    cfun: s.functionality?.level ?? null,
    usb: usb ? { vid: hex4(usb.vid, 'lower'), pid: hex4(usb.pid, 'lower') } : null,
    platform,
    operator: s.operator?.operator ?? null,
    usbMatches: usb ? profilesForUsb(usb.vid, usb.pid).map((p) => p.model) : [],
  };
}

function nonEmpty(s: string | null | undefined): string | null {
  return s && s.trim() ? s.trim() : null;
}

/** The firmware the module runs per `!IMPREF? current fw version`, else the active `!IMAGE?` slot. */
function currentFromImages(s: ModemSnapshot): string | null {
  const cur = s.imagePreference?.current.fwVersion;
  if (cur && /^\d{2}\.\d{2}\.\d{2}\.\d{2}$/.test(cur) && cur !== '00.00.00.00') return cur;
  const img = s.images;
  if (img?.activeFwSlot !== null && img?.activeFwSlot !== undefined) {
    const slot = img.slots.find((x) => x.type === 'FW' && Number(x.slot) === img.activeFwSlot);
    if (slot?.fwVersion) return slot.fwVersion;
  }
  return null;
}

export function toReport(r: AnalysisResult, lang: Locale = 'en', opts: ReportOptions = {}): AnalysisReport {
  const several = r.several && (r.several.modems > 1 || r.several.attempts > 1) ? r.several : null;
  return {
    kind: r.kind,
    verdict: verdictOf(r),
    modem: modemFacts(r.snapshot, r.usb, r.logIdentity, opts),
    identifiers: opts.redact ? 'masked' : 'as-found',
    several,
    tool: r.tool,
    tools: r.tools,
    errors: r.errors.map((e) => ({
      source: SOURCE_MAP[e.source],
      code: e.source === 'fdt2' && e.codeText ? e.codeText : e.code,
      name: e.secondaryName ? `${e.name} / ${e.secondaryName}` : e.name,
      line: e.line,
      ...(e.primary !== undefined ? { primary: e.primary } : {}),
      ...(e.secondary !== undefined ? { secondary: e.secondary } : {}),
      count: e.count ?? 1,
      command: e.command ?? null,
      table: e.source,
      meaning: e.entry?.meaning?.[lang] ?? null,
    })),
    findings: r.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      title: f.title[lang],
      detail: f.detail[lang],
      nextSteps: f.nextSteps.map((s) => s.text[lang]),
      source: f.source,
      commands: f.nextSteps.flatMap((s) => s.action?.commands ?? []),
      evidence: f.lines ?? [],
    })),
    lineCount: r.lineCount,
  };
}
