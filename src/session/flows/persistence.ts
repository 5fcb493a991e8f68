/**
 * The flow in progress, kept in IndexedDB at every step, so a reload or a reopened app can
 * say "a flash was interrupted at 43 %: the module is probably in download mode — continue?".
 */
import { IdbCurrentRecord, MemoryCurrentRecord, type CurrentRecordStore } from '../current-record.ts';
import type { FlowImageRef } from './flow-image.ts';
import type { ModemFacts } from './modem-reads.ts';
import type { FlowKind, Phase } from './phases.ts';

export interface FlowRecord {
  readonly id: string;
  readonly kind: FlowKind;
  readonly phase: Phase;
  /** Write progress 0–1 when the flow was flashing. */
  readonly progress: number | null;
  readonly image: FlowImageRef | null;
  /** What the module was before the flow (the snapshot: firmware, carrier, APNs, IMPREF). */
  readonly before: ModemFacts | null;
  readonly model: string | null;
  readonly usb: { readonly vendorId: number; readonly productId: number } | null;
  readonly targetCarrier: string | null;
  readonly startedAt: number;
  readonly updatedAt: number;
}

export type FlowStore = CurrentRecordStore<FlowRecord>;

/** IndexedDB `boothold-flows`, store `flows`, key `current` (as before the store was shared). */
export class IdbFlowStore extends IdbCurrentRecord<FlowRecord> {
  constructor(name = 'boothold-flows') {
    super(name, 'flows');
  }
}

export class MemoryFlowStore extends MemoryCurrentRecord<FlowRecord> {}

/** Where a resumed flow starts: an interrupted write means the module waits in download mode. */
export function resumePhase(r: FlowRecord): Phase {
  switch (r.phase) {
    case 'enter-download':
    case 'wait-download':
    case 'flash':
    case 'tp1':
    case 'catch':
      return 'wait-download';
    case 'wait-app':
    case 'verify':
    case 'restore':
    case 'reset':
    case 'check':
      return 'wait-app';
    case 'watch':
      return 'watch';
    default:
      return 'start';
  }
}

/** The module is probably in download mode (what the resume banner says). */
export function probablyInDownloadMode(r: FlowRecord): boolean {
  return resumePhase(r) === 'wait-download';
}
