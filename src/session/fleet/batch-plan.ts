/**
 * What a batch would do to each ticked modem, decided before the first byte is written and
 * shown to the operator before they press Start: write it, skip it (it already runs the
 * image's firmware, unless they asked to re-flash it), or refuse it (another product line, an
 * unknown line without a typed model, a broken image). The verdict is the write job's own
 * check (`checkBeforeWrite`) against the modem's AT identity, so the plan and the write can
 * never disagree; the batch runs the same plan and touches only the modems it says "write".
 *
 * Pure: plain data in, plain data out (the Batch page re-plans on every tick and keystroke).
 */
import { firmwareOf } from '../../knowledge/firmware/version-string.ts';
import type { CompatibilityCode } from '../../knowledge/compatibility.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { writeImageOfFlow, type FlowImage } from '../flows/flow-image.ts';
import type { ModuleIdentity } from '../write/module-identity.ts';
import { checkBeforeWrite } from '../write/pre-write-check.ts';
import type { WriteRefusal } from '../write/refusal.ts';

/** One modem as the plan needs it: what it said over AT when it was identified. */
export interface PlanMember {
  readonly id: string;
  readonly connected: boolean;
  readonly model: string | null;
  /** The revision as printed by ATI (`SWI9X07H_00.08.24.02 f90cbd jenkins …`). */
  readonly revision: string | null;
  /** The carrier configuration it runs, when known (the fleet's cards do not read it). */
  readonly carrier?: string | null;
}

export type PlanVerdict =
  /** The batch writes it. `reflash`: it already ran this firmware and the operator asked anyway. */
  | {
      readonly kind: 'write';
      readonly from: string | null;
      readonly to: string | null;
      readonly reflash: boolean;
      /** Cautions the operator accepts for this modem by starting (downgrade, carrier change). */
      readonly cautions: readonly CompatibilityCode[];
    }
  /** It already runs the image's firmware: skipped unless the operator ticks "re-flash anyway". */
  | { readonly kind: 'current'; readonly firmware: string }
  /** The write check refused it: nothing will be sent to this modem. */
  | {
      readonly kind: 'refused';
      readonly refusal: WriteRefusal;
      readonly imageLine: ProductLine | string | null;
      readonly moduleLine: ProductLine | string | null;
    }
  /** Not connected now: the batch cannot reach it. */
  | { readonly kind: 'not-connected' };

export interface PlanEntry {
  readonly memberId: string;
  readonly verdict: PlanVerdict;
}

export interface BatchPlanInput {
  readonly image: FlowImage;
  readonly members: readonly PlanMember[];
  /** The model the operator typed for an unknown product line (empty: none). */
  readonly typedConfirmation?: string | null;
  /** Members the operator asked to re-flash although they already run the image's firmware. */
  readonly reflash?: ReadonlySet<string>;
}

export interface BatchPlan {
  readonly entries: readonly PlanEntry[];
  /** Member ids the batch writes, in the members' order. */
  readonly writes: readonly string[];
  readonly skipped: number;
  readonly refused: number;
}

/** The platform prefix of an ATI revision (`SWI9X07H` of `SWI9X07H_00.08.24.02 …`). */
function platformOf(revision: string | null): string | null {
  const m = revision?.trim().match(/^([A-Z0-9]+)_/i);
  return m ? m[1]!.toUpperCase() : null;
}

/** The module as the write check sees it: its own AT answers, never the image's claims. */
export function identityOfMember(m: PlanMember): ModuleIdentity {
  return { source: 'at', model: m.model, platform: platformOf(m.revision), firmwareVersion: m.revision, carrier: m.carrier ?? null };
}

export function planMember(m: PlanMember, image: FlowImage, typed: string | null, reflash: boolean): PlanVerdict {
  if (!m.connected) return { kind: 'not-connected' };
  const check = checkBeforeWrite({ images: [writeImageOfFlow(image)], module: identityOfMember(m), typedConfirmation: typed });
  if (!check.ok) {
    const p = check.refusal.params;
    const line = (k: string) => (typeof p[k] === 'string' && p[k] !== '?' ? (p[k] as string) : null);
    return { kind: 'refused', refusal: check.refusal, imageLine: line('imageLine'), moduleLine: line('moduleLine') ?? line('modelLine') };
  }
  const from = firmwareOf(m.revision);
  const codes = check.cautions.map((c) => c.code);
  if (codes.includes('same-version') && !reflash) return { kind: 'current', firmware: from ?? image.firmwareVersion ?? '?' };
  return {
    kind: 'write',
    from,
    to: image.firmwareVersion,
    reflash: codes.includes('same-version'),
    cautions: codes.filter((c) => c !== 'same-version'),
  };
}

/** The plan for the ticked members, in their order. */
export function planBatch(input: BatchPlanInput): BatchPlan {
  const typed = input.typedConfirmation?.trim() || null;
  const entries = input.members.map((m) => ({ memberId: m.id, verdict: planMember(m, input.image, typed, input.reflash?.has(m.id) ?? false) }));
  return {
    entries,
    writes: entries.filter((e) => e.verdict.kind === 'write').map((e) => e.memberId),
    skipped: entries.filter((e) => e.verdict.kind === 'current').length,
    refused: entries.filter((e) => e.verdict.kind === 'refused').length,
  };
}
