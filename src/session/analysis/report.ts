/**
 * The machine-readable summary of an analysis (`boothold analyze --json`). Field names and
 * shapes are an interface; unknown values are null, never guessed. Identifiers are always
 * masked: this is an export.
 */
import { maskIccid, maskImei } from '../../codec/at/redact.ts';
import { lineOfModel, platformInfo } from '../../knowledge/firmware/platforms.ts';
import { releaseOf } from '../../knowledge/firmware/releases.ts';
import { profilesForUsb } from '../../knowledge/profiles/models.ts';
import type { Severity } from '../../knowledge/rules/finding-ids.ts';
import type { ErrorSource } from '../../knowledge/errors/types.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import type { AnalysisKind, AnalysisResult } from './analyze.ts';

export type ReportErrorSource = 'qmi' | 'cme' | 'cms' | 'fdt2' | 'fwdwl' | 'sahara' | 'firehose' | 'qdl' | 'kernel' | 'libqmi';

export interface AnalysisReport {
  readonly kind: AnalysisKind;
  readonly modem: {
    readonly model: string | null;
    readonly family: string | null;
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
  readonly tool: string | null;
  readonly tools: readonly string[];
  readonly errors: readonly {
    readonly source: ReportErrorSource;
    readonly code: number | null;
    readonly name: string;
    readonly line: number | null;
    /** Added: the exact table (`qmi-core`, `fwdwl-exit` refine `libqmi`, `fwdwl`). */
    readonly table: ErrorSource;
    readonly meaning: string | null;
  }[];
  readonly findings: readonly {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    readonly detail: string;
    readonly nextSteps: readonly string[];
    readonly source: string;
    readonly commands: readonly string[];
  }[];
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

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function modemFacts(s: ModemSnapshot, usb: { vid: number; pid: number } | null): AnalysisReport['modem'] {
  const model = s.identity?.model ?? null;
  const platform = s.firmware?.platform ?? null;
  const line = lineOfModel(model) ?? platformInfo(platform)?.line ?? null;
  const version = s.firmware?.version ?? null;
  const rel = line && version ? releaseOf(line, version) : null;
  const current = s.imagePreference?.current.carrier ?? s.priId?.carrierPri?.carrier ?? null;
  return {
    model,
    family: line,
    firmware: s.firmware?.firmware ?? null,
    firmwareVersion: version,
    release: rel ? rel.label.en : null,
    imei: s.imei ? maskImei(s.imei) : null,
    iccid: s.iccid ? maskIccid(s.iccid) : null,
    carrier: { current, preferred: s.imagePreference?.preferred.carrier ?? null },
    sim: s.sim?.state ?? null,
    cfun: s.functionality?.level ?? null,
    usb: usb ? { vid: hex4(usb.vid), pid: hex4(usb.pid) } : null,
    platform,
    operator: s.operator?.operator ?? null,
    usbMatches: usb ? profilesForUsb(usb.vid, usb.pid).map((p) => p.model) : [],
  };
}

export function toReport(r: AnalysisResult, lang: 'en' | 'fr' = 'en'): AnalysisReport {
  return {
    kind: r.kind,
    modem: modemFacts(r.snapshot, r.usb),
    tool: r.tool,
    tools: r.tools,
    errors: r.errors.map((e) => ({
      source: SOURCE_MAP[e.source],
      code: e.code,
      name: e.name,
      line: e.line,
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
    })),
  };
}
