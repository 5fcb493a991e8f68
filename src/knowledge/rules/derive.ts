/**
 * Facts several rules share, computed once from the snapshot and the errors.
 */
import { isRegistered } from '../../codec/at/network.ts';
import { NO_CHANNEL } from '../../codec/at/gstatus.ts';
import { findFrenchOperator } from '../apn.ts';
import type { FindingId } from './finding-ids.ts';
import type { Derived, DiagnosisInput, LocatedError } from './types.ts';

export function derive(input: DiagnosisInput): Derived {
  const s = input.snapshot;
  const impref = s?.imagePreference ?? null;
  const priCarrier = s?.priId?.carrierPri?.carrier ?? null;
  const storedCarriers = s?.images
    ? s.images.slots.filter((x) => x.type === 'PRI' && x.status === 'GOOD' && x.carrier).map((x) => x.carrier!.toUpperCase())
    : null;
  const op = s?.operator?.operator ?? null;
  const plmnFromCops = s?.operator?.format === 2 ? op : null;
  const french = findFrenchOperator({ copsName: op, plmn: plmnFromCops, imsi: s?.imsi ?? null });

  const camped = Boolean(op) || (s?.registration.cs ? isRegistered(s.registration.cs) : false);
  const eps = s?.registration.eps ?? null;
  const g = s?.gstatus ?? null;
  const notAttached =
    (eps !== null && !isRegistered(eps)) ||
    (g?.psState !== null && g?.psState !== undefined && /not attached/i.test(g.psState)) ||
    (g?.emmState !== null && g?.emmState !== undefined && /deregistered/i.test(g.emmState)) ||
    g?.lteTxChannel === NO_CHANNEL;

  const byFinding = new Map<FindingId, LocatedError[]>();
  for (const e of input.errors) {
    const f = e.entry?.finding;
    if (!f) continue;
    const list = byFinding.get(f) ?? [];
    list.push(e);
    byFinding.set(f, list);
  }
  return {
    model: s?.identity?.model ?? null,
    firmwareVersion: s?.firmware?.version ?? null,
    currentCarrier: (impref?.current.carrier ?? priCarrier)?.toUpperCase() ?? null,
    preferredCarrier: impref?.preferred.carrier?.toUpperCase() ?? null,
    storedCarriers,
    operatorName: op,
    frenchOperator: french,
    campedNotAttached: camped && notAttached,
    errorsByFinding: byFinding,
  };
}

/** One evidence line per error: where and what. */
export function errorEvidence(errors: readonly LocatedError[]): string[] {
  return errors.map((e) => `${e.line !== null ? `line ${e.line}: ` : ''}${e.text}`);
}
