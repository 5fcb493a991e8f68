/**
 * One decoded error code from any layer: modem (QMI, +CME, +CMS), firmware tools (FDT2,
 * fwdwl-lite), download protocols (Sahara, Firehose, QDL), libqmi's updater, the kernel.
 */
import type { Localized } from '../../text/localized.ts';
import type { FindingId } from '../rules/finding-ids.ts';

export type ErrorSource =
  | 'qmi'
  | 'qmi-core'
  | 'cme'
  | 'cms'
  | 'fdt2'
  | 'fwdwl'
  | 'fwdwl-exit'
  | 'sahara'
  | 'firehose'
  | 'qdl'
  | 'libqmi'
  | 'kernel';

export interface ErrorEntry {
  readonly source: ErrorSource;
  /** Numeric code; null for message-only entries (libqmi, Firehose, kernel text). */
  readonly code: number | null;
  /** The name as the tool or standard prints it: `CallFailed`, `SIM not inserted`, `No MBN adapter available.` */
  readonly name: string;
  /** Plain-language explanation, when we have written one (big tables carry the standard's name only). */
  readonly meaning: Localized | null;
  readonly causes: readonly Localized[];
  readonly nextSteps: readonly Localized[];
  /** The finding this error supports, if any. */
  readonly finding: FindingId | null;
  /** Where the code and name come from. */
  readonly reference: string;
}

/** Optional guidance layered over a table row. */
export interface ErrorGuidance {
  readonly meaning?: Localized;
  readonly causes?: readonly Localized[];
  readonly nextSteps?: readonly Localized[];
  readonly finding?: FindingId;
}

export function entry(
  source: ErrorSource,
  code: number | null,
  name: string,
  reference: string,
  g: ErrorGuidance = {},
): ErrorEntry {
  return {
    source,
    code,
    name,
    meaning: g.meaning ?? null,
    causes: g.causes ?? [],
    nextSteps: g.nextSteps ?? [],
    finding: g.finding ?? null,
    reference,
  };
}
