/**
 * Evaluates every rule over a snapshot and/or a log analysis and returns the findings, most
 * severe first. Rules are independent; the order below only breaks ties within a severity.
 */
import { carrierImageMissing, carrierMismatch, firmwareOutdated } from './carrier-rules.ts';
import { dataCallFailed, notRegistered, passwordRequired, radioOff, simNotReady, weakSignal } from './connectivity-rules.ts';
import {
  bootLoop,
  deviceNotFound,
  downloadMode,
  downloadModeNotEntered,
  downloadProtocolFailed,
  imageRejected,
  portBusy,
  updateSucceeded,
} from './download-rules.ts';
import { derive } from './derive.ts';
import type { DiagnosisInput, Finding, Rule, Severity } from './types.ts';

export const RULES: readonly Rule[] = [
  portBusy,
  deviceNotFound,
  bootLoop,
  downloadMode,
  downloadModeNotEntered,
  downloadProtocolFailed,
  imageRejected,
  updateSucceeded,
  simNotReady,
  radioOff,
  carrierMismatch,
  carrierImageMissing,
  dataCallFailed,
  notRegistered,
  weakSignal,
  firmwareOutdated,
  passwordRequired,
];

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function evaluate(input: DiagnosisInput): Finding[] {
  const d = derive(input);
  const out: Finding[] = [];
  for (const rule of RULES) {
    const f = rule.evaluate(input, d);
    if (f) out.push(f);
  }
  return out.map((f, i) => [f, i] as const).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}
