/**
 * One "what is in progress" record kept in IndexedDB (the guided flow, the batch), written at
 * every step so a reload or a crashed tab can offer to continue. A database of its own per kind,
 * one object store, one key: there is only ever one such thing in progress per browser profile.
 */
import { openDB, type IDBPDatabase } from 'idb';

export interface CurrentRecordStore<T> {
  save(record: T): Promise<void>;
  load(): Promise<T | null>;
  clear(): Promise<void>;
}

const KEY = 'current';

export class IdbCurrentRecord<T> implements CurrentRecordStore<T> {
  #db: Promise<IDBPDatabase> | null = null;

  /** `accept` drops a stored value that is not a `T` (an older or damaged record). */
  constructor(
    private readonly name: string,
    private readonly store: string,
    private readonly accept: (value: unknown) => value is T = (v): v is T => v !== undefined && v !== null,
  ) {}

  #open(): Promise<IDBPDatabase> {
    const store = this.store;
    this.#db ??= openDB(this.name, 1, {
      upgrade(db) {
        db.createObjectStore(store);
      },
    });
    return this.#db;
  }

  async save(record: T): Promise<void> {
    // a JSON copy: plain data only, whatever proxies (UI state) the fields came through
    await (await this.#open()).put(this.store, JSON.parse(JSON.stringify(record)) as T, KEY);
  }

  async load(): Promise<T | null> {
    const r: unknown = await (await this.#open()).get(this.store, KEY);
    return this.accept(r) ? r : null;
  }

  async clear(): Promise<void> {
    await (await this.#open()).delete(this.store, KEY);
  }

  async close(): Promise<void> {
    if (this.#db) (await this.#db).close();
    this.#db = null;
  }
}

/** The same contract in memory, with every saved version kept (tests read the history). */
export class MemoryCurrentRecord<T> implements CurrentRecordStore<T> {
  record: T | null = null;
  readonly history: T[] = [];
  async save(r: T): Promise<void> {
    this.record = structuredClone(r);
    this.history.push(this.record);
  }
  async load(): Promise<T | null> {
    return this.record;
  }
  async clear(): Promise<void> {
    this.record = null;
  }
}
