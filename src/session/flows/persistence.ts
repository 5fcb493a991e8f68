/**
 * The flow in progress, kept in IndexedDB at every step, so a reload or a reopened app can
 * say "a flash was interrupted at 43 %: the module is probably in download mode — continue?".
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
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

export interface FlowStore {
  save(record: FlowRecord): Promise<void>;
  load(): Promise<FlowRecord | null>;
  clear(): Promise<void>;
}

interface Schema extends DBSchema {
  flows: { key: string; value: FlowRecord };
}

const KEY = 'current';

export class IdbFlowStore implements FlowStore {
  #db: Promise<IDBPDatabase<Schema>> | null = null;
  constructor(private readonly name = 'boothold-flows') {}

  #open(): Promise<IDBPDatabase<Schema>> {
    this.#db ??= openDB<Schema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('flows');
      },
    });
    return this.#db;
  }

  async save(record: FlowRecord): Promise<void> {
    // a JSON copy: plain data only, whatever proxies (UI state) the fields came through
    await (await this.#open()).put('flows', JSON.parse(JSON.stringify(record)) as FlowRecord, KEY);
  }

  async load(): Promise<FlowRecord | null> {
    return (await (await this.#open()).get('flows', KEY)) ?? null;
  }

  async clear(): Promise<void> {
    await (await this.#open()).delete('flows', KEY);
  }

  async close(): Promise<void> {
    if (this.#db) (await this.#db).close();
    this.#db = null;
  }
}

export class MemoryFlowStore implements FlowStore {
  record: FlowRecord | null = null;
  readonly history: FlowRecord[] = [];
  async save(r: FlowRecord): Promise<void> {
    this.record = structuredClone(r);
    this.history.push(this.record);
  }
  async load(): Promise<FlowRecord | null> {
    return this.record;
  }
  async clear(): Promise<void> {
    this.record = null;
  }
}

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
