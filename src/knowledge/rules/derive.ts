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
  // A pasted !IMAGE? may be cut before its PRI part: no PRI row and no "Max PRI images" line
  // means the PRI slots are unknown, not empty.
  const storedCarriers = s?.images && hasPriSection(s.images)
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
    // FDT2's secondary code can point elsewhere than its primary (82/5: mode check failed / no adapter or port).
    const fs = new Set([findingOfError(e), e.secondaryEntry?.finding ?? null]);
    for (const f of fs) {
      if (!f) continue;
      const list = byFinding.get(f) ?? [];
      list.push(e);
      byFinding.set(f, list);
    }
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

export function hasPriSection(t: import('../../codec/at/image-table.ts').ImageTable): boolean {
  return t.maxPriImages !== null || t.slots.some((x) => x.type === 'PRI');
}

/** Commands that set up a data call (27.007 +CGACT/+CGDATA, ATD, Sierra !SCACT, Qualcomm $QCRMCALL). */
const DATA_CALL_COMMAND = /^(?:!SCACT|\+CGACT|\+CGDATA|D|\$QCRMCALL)$/i;

/**
 * The finding an error supports. "+CME ERROR: 30 no network service" answering a data-call
 * command says the call was refused, not that the module is unregistered (the transcript may
 * show +CREG registered just before): it counts for data-call-failed.
 */
export function findingOfError(e: LocatedError): FindingId | null {
  const f = e.entry?.finding ?? null;
  if (e.command && DATA_CALL_COMMAND.test(e.command) && (f === 'not-registered' || f === null || e.source === 'cme')) return 'data-call-failed';
  return f;
}

/** One evidence line per error: where and what. */
export function errorEvidence(errors: readonly LocatedError[]): string[] {
  return errors.map((e) => `${e.line !== null ? `line ${e.line}: ` : ''}${e.text}`);
}
