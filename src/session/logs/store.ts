/**
 * Session logs in IndexedDB. Three stores: `sessions` (one small record per session, so the
 * list never reads events), `events` and `raw` keyed by [sessionId, seq] so one session's rows
 * are a key range. Every write is one transaction across the three: a batch lands whole or
 * not at all, and an import is never half there.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LogEvent, RawChunk, JournalData, JournalMeta } from './schema.ts';
import { defaultLocks, heldJournalIds } from './journal-locks.ts';

export interface RetentionPolicy {
  /** Keep at most this many sessions (oldest out). */
  readonly maxSessions: number;
  /** Keep at most this many bytes of logs (oldest out). */
  readonly maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxSessions: 200, maxBytes: 50 * 1024 * 1024 };

type StoredEvent = LogEvent & { readonly sid: string };
type StoredRaw = RawChunk & { readonly sid: string };

interface Schema extends DBSchema {
  sessions: { key: string; value: JournalMeta; indexes: { startedAt: number } };
  events: { key: [string, number]; value: StoredEvent };
  raw: { key: [string, number]; value: StoredRaw };
  settings: { key: string; value: unknown };
}

export type LogStoreErrorCode = 'unavailable' | 'quota-exceeded' | 'not-found' | 'io';

export class LogStoreError extends Error {
  override readonly name = 'LogStoreError';
  constructor(
    readonly code: LogStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface WriteBatch {
  readonly meta: JournalMeta;
  readonly events: readonly LogEvent[];
  readonly raw: readonly RawChunk[];
  /** Drop this session's raw chunks with seq ≤ this (the ring's oldest). */
  readonly dropRawThrough: number | null;
}

export interface StorageUse {
  readonly sessions: number;
  readonly bytes: number;
}

export const DB_NAME = 'boothold-sessions';

/** What a retention pass did: the sessions deleted, and those kept because a tab is recording them. */
export interface RetentionResult {
  readonly removed: string[];
  readonly held: string[];
}

export interface DeleteAllResult {
  readonly deleted: number;
  /** Sessions being recorded (in this tab or another): never deleted. */
  readonly held: number;
}

export class JournalStore {
  private constructor(
    private readonly db: IDBPDatabase<Schema>,
    private readonly locks: LockManager | null,
  ) {}

  /** `locks`: the Web Locks that tell which sessions a tab is recording (navigator.locks by default). */
  static async open(name = DB_NAME, locks: LockManager | null = defaultLocks()): Promise<JournalStore> {
    try {
      const db = await openDB<Schema>(name, 1, {
        upgrade(db) {
          db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
          db.createObjectStore('events', { keyPath: ['sid', 'seq'] });
          db.createObjectStore('raw', { keyPath: ['sid', 'seq'] });
          db.createObjectStore('settings');
        },
      });
      return new JournalStore(db, locks);
    } catch (e) {
      throw new LogStoreError('unavailable', `IndexedDB cannot be opened: ${message(e)}`);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Writes a batch of one session: its meta (replaced), new events and raw chunks, ring trimming. */
  async write(batch: WriteBatch): Promise<void> {
    const sid = batch.meta.id;
    await this.#tx(['sessions', 'events', 'raw'], async (tx) => {
      const events = tx.objectStore('events');
      const raw = tx.objectStore('raw');
      const puts: Promise<unknown>[] = [tx.objectStore('sessions').put(batch.meta)];
      for (const e of batch.events) puts.push(events.put({ ...e, sid }));
      for (const r of batch.raw) puts.push(raw.put({ ...r, sid }));
      if (batch.dropRawThrough !== null) puts.push(raw.delete(IDBKeyRange.bound([sid, -Infinity], [sid, batch.dropRawThrough])));
      await Promise.all(puts);
    });
  }

  /** Adds a complete session in one transaction (import). False when the id is already stored. */
  async add(data: JournalData): Promise<boolean> {
    const sid = data.meta.id;
    let added = false;
    await this.#tx(['sessions', 'events', 'raw'], async (tx) => {
      const sessions = tx.objectStore('sessions');
      if (await sessions.get(sid)) return;
      const puts: Promise<unknown>[] = [sessions.add(data.meta)];
      for (const e of data.events) puts.push(tx.objectStore('events').add({ ...e, sid }));
      for (const r of data.raw) puts.push(tx.objectStore('raw').add({ ...r, sid }));
      await Promise.all(puts);
      added = true;
    });
    return added;
  }

  /** Newest first. */
  async list(): Promise<JournalMeta[]> {
    const all = await this.db.getAllFromIndex('sessions', 'startedAt');
    return all.reverse();
  }

  async meta(id: string): Promise<JournalMeta | null> {
    return (await this.db.get('sessions', id)) ?? null;
  }

  async get(id: string): Promise<JournalData | null> {
    const tx = this.db.transaction(['sessions', 'events', 'raw'], 'readonly');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    const [meta, events, raw] = await Promise.all([
      tx.objectStore('sessions').get(id),
      tx.objectStore('events').getAll(range),
      tx.objectStore('raw').getAll(range),
    ]);
    await tx.done;
    if (!meta) return null;
    return { meta, events: events.map((e) => stripSid<LogEvent>(e)), raw: raw.map((r) => stripSid<RawChunk>(r)) };
  }

  async updateMeta(id: string, change: (m: JournalMeta) => JournalMeta): Promise<JournalMeta | null> {
    let out: JournalMeta | null = null;
    await this.#tx(['sessions'], async (tx) => {
      const m = await tx.objectStore('sessions').get(id);
      if (!m) return;
      out = change(m);
      await tx.objectStore('sessions').put(out);
    });
    return out;
  }

  async delete(id: string): Promise<void> {
    await this.#tx(['sessions', 'events', 'raw'], async (tx) => {
      const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
      await Promise.all([tx.objectStore('sessions').delete(id), tx.objectStore('events').delete(range), tx.objectStore('raw').delete(range)]);
    });
  }

  /**
   * Deletes every session except those in `keep` and those any tab holds the lock of (being
   * recorded there: deleting one would leave that tab writing into a session that is gone).
   */
  async deleteAll(keep: ReadonlySet<string> = new Set()): Promise<DeleteAllResult> {
    const held = await this.#held(keep);
    const all = (await this.list()).map((m) => m.id);
    const ids = all.filter((id) => !held.has(id));
    for (const id of ids) await this.delete(id);
    return { deleted: ids.length, held: all.length - ids.length };
  }

  /** `keep` plus every session whose lock a tab holds. */
  async #held(keep: ReadonlySet<string>): Promise<Set<string>> {
    const locked = await heldJournalIds(this.locks);
    return new Set([...keep, ...(locked ?? [])]);
  }

  async usage(): Promise<StorageUse> {
    const all = await this.db.getAll('sessions');
    return { sessions: all.length, bytes: all.reduce((n, m) => n + sizeOf(m), 0) };
  }

  async retention(): Promise<RetentionPolicy> {
    const v = await this.db.get('settings', 'retention');
    return isPolicy(v) ? v : DEFAULT_RETENTION;
  }

  async setRetention(policy: RetentionPolicy): Promise<void> {
    if (!isPolicy(policy)) throw new RangeError('Retention needs at least 1 session and 1 byte.');
    await this.db.put('settings', { maxSessions: policy.maxSessions, maxBytes: policy.maxBytes }, 'retention');
  }

  /**
   * Deletes the oldest sessions until both limits hold. Sessions in `protect` (being recorded,
   * just imported) and sessions any tab holds the lock of stay even if they alone exceed a limit.
   * Sizes are those the store computed (the recorder's and the importer's), never a file's claim.
   */
  async enforceRetention(protect: ReadonlySet<string> = new Set(), policy?: RetentionPolicy): Promise<RetentionResult> {
    const p = policy ?? (await this.retention());
    const keep = await this.#held(protect);
    const oldestFirst = (await this.list()).reverse();
    let count = oldestFirst.length;
    let bytes = oldestFirst.reduce((n, m) => n + sizeOf(m), 0);
    const removed: string[] = [];
    const held: string[] = [];
    for (const m of oldestFirst) {
      if (count <= p.maxSessions && bytes <= p.maxBytes) break;
      if (keep.has(m.id)) {
        if (!protect.has(m.id)) held.push(m.id);
        continue;
      }
      await this.delete(m.id);
      removed.push(m.id);
      count--;
      bytes -= sizeOf(m);
    }
    return { removed, held };
  }

  async #tx<N extends 'sessions' | 'events' | 'raw'>(
    names: N[],
    body: (tx: import('idb').IDBPTransaction<Schema, N[], 'readwrite'>) => Promise<void>,
  ): Promise<void> {
    const tx = this.db.transaction(names, 'readwrite');
    try {
      await body(tx);
      await tx.done;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted: the transaction's own error is the one to report.
      }
      throw toStoreError(e);
    }
  }
}

/** A stored size that is not a sane number (a record from before sizes were recomputed) counts as the import cap. */
function sizeOf(m: JournalMeta): number {
  const n = m.sizeBytes;
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 64 * 1024 * 1024) : 64 * 1024 * 1024;
}

function stripSid<T>(v: T & { sid: string }): T {
  const { sid: _sid, ...rest } = v;
  return rest as unknown as T;
}

function isPolicy(v: unknown): v is RetentionPolicy {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return Number.isInteger(p.maxSessions) && (p.maxSessions as number) >= 1 && Number.isFinite(p.maxBytes) && (p.maxBytes as number) >= 1;
}

function toStoreError(e: unknown): LogStoreError {
  if (e instanceof LogStoreError) return e;
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') return new LogStoreError('quota-exceeded', 'The browser refused to store more data (storage full).');
  return new LogStoreError('io', `Writing the session log failed: ${message(e)}`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
