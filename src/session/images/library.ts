/**
 * The image library: inspected firmware files kept in IndexedDB, keyed by the SHA-256 of their
 * content, so the same file dropped twice is stored once. Records (name, report, search text)
 * and file bodies live in separate stores so listing never touches the big blobs.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InspectionReport } from './report.ts';

export interface LibraryEntry {
  readonly sha256: string;
  readonly name: string;
  readonly size: number;
  /** ms since epoch */
  readonly addedAt: number;
  readonly report: InspectionReport;
}

interface Schema extends DBSchema {
  entries: { key: string; value: LibraryEntry & { search: string }; indexes: { addedAt: number } };
  files: { key: string; value: Blob };
}

export interface StorageStatus {
  /** Bytes of firmware the library holds. */
  readonly libraryBytes: number;
  /** Browser-wide figures for this origin (navigator.storage.estimate), null when unavailable. */
  readonly usage: number | null;
  readonly quota: number | null;
  readonly persisted: boolean | null;
  /** Quotas this small come from private/incognito windows, where data also vanishes on close. */
  readonly smallQuota: boolean;
}

export type QuotaCheck =
  | { readonly kind: 'fits'; readonly free: number | null }
  | { readonly kind: 'duplicate' }
  /** Storing would exceed the quota: say so before trying. */
  | { readonly kind: 'too-big'; readonly needed: number; readonly free: number; readonly smallQuota: boolean };

/** Below this the browser is almost certainly a private window (Chromium gives incognito ~100 MiB). */
export const SMALL_QUOTA_BYTES = 400 << 20;

export class LibraryError extends Error {
  override readonly name = 'LibraryError';
  constructor(
    readonly code: 'quota-exceeded' | 'unavailable' | 'not-found' | 'io',
    message: string,
  ) {
    super(message);
  }
}

const DB_NAME = 'boothold-images';

export class ImageLibrary {
  private constructor(
    private readonly db: IDBPDatabase<Schema>,
    private readonly storage: StorageManager | null,
  ) {}

  static async open(options: { name?: string; storage?: StorageManager | null } = {}): Promise<ImageLibrary> {
    try {
      const db = await openDB<Schema>(options.name ?? DB_NAME, 1, {
        upgrade(db) {
          const entries = db.createObjectStore('entries', { keyPath: 'sha256' });
          entries.createIndex('addedAt', 'addedAt');
          db.createObjectStore('files');
        },
      });
      const storage = options.storage !== undefined ? options.storage : (globalThis.navigator?.storage ?? null);
      return new ImageLibrary(db, storage);
    } catch (e) {
      throw new LibraryError('unavailable', `IndexedDB cannot be opened: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Newest first. */
  async list(): Promise<LibraryEntry[]> {
    const all = await this.db.getAllFromIndex('entries', 'addedAt');
    return all.reverse().map(strip);
  }

  /**
   * Entries whose firmware version, carrier, product, release or file name contain `query` as a
   * phrase ("Release 9"); when nothing does, those that contain each of its words ("generic 00.08").
   */
  async search(query: string): Promise<LibraryEntry[]> {
    const phrase = query.toLowerCase().trim().replace(/\s+/g, ' ');
    const words = phrase.split(' ').filter(Boolean);
    const all = (await this.db.getAllFromIndex('entries', 'addedAt')).reverse();
    const byPhrase = all.filter((e) => e.search.includes(phrase));
    return (byPhrase.length ? byPhrase : all.filter((e) => words.every((w) => e.search.includes(w)))).map(strip);
  }

  async get(sha256: string): Promise<LibraryEntry | undefined> {
    const e = await this.db.get('entries', sha256);
    return e ? strip(e) : undefined;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.db.getKey('entries', sha256)) !== undefined;
  }

  async file(sha256: string): Promise<File> {
    const [entry, blob] = await Promise.all([this.db.get('entries', sha256), this.db.get('files', sha256)]);
    if (!entry || !blob) throw new LibraryError('not-found', `no image ${sha256.slice(0, 12)}… in the library`);
    return new File([blob], entry.name, { type: 'application/octet-stream' });
  }

  /** Whether storing `size` more bytes fits the origin's quota (checked before writing). */
  async checkQuota(sha256: string, size: number): Promise<QuotaCheck> {
    if (await this.has(sha256)) return { kind: 'duplicate' };
    const est = await this.estimate();
    if (est.quota === null || est.usage === null) return { kind: 'fits', free: null };
    const free = Math.max(0, est.quota - est.usage);
    // IndexedDB needs some room beyond the bytes themselves (record, index, journal).
    const needed = size + 64 * 1024;
    if (needed > free) return { kind: 'too-big', needed, free, smallQuota: est.quota < SMALL_QUOTA_BYTES };
    return { kind: 'fits', free };
  }

  /**
   * Stores file and report. Returns false when the same content was already there (the entry is
   * kept as it was). `report.sha256` must be set: it is the key.
   */
  async put(file: Blob, report: InspectionReport, name = report.file): Promise<boolean> {
    const sha = report.sha256;
    if (!sha) throw new LibraryError('io', 'the report has no SHA-256 yet');
    const tx = this.db.transaction(['entries', 'files'], 'readwrite');
    try {
      if (await tx.objectStore('entries').getKey(sha)) {
        await tx.done;
        return false;
      }
      const entry: LibraryEntry & { search: string } = { sha256: sha, name, size: file.size, addedAt: Date.now(), report, search: searchText(name, report) };
      await Promise.all([tx.objectStore('files').put(file, sha), tx.objectStore('entries').put(entry), tx.done]);
      return true;
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (name === 'QuotaExceededError') throw new LibraryError('quota-exceeded', 'the browser refused to store more data (storage quota reached)');
      throw new LibraryError('io', e instanceof Error ? e.message : String(e));
    }
  }

  async delete(sha256: string): Promise<void> {
    const tx = this.db.transaction(['entries', 'files'], 'readwrite');
    await Promise.all([tx.objectStore('entries').delete(sha256), tx.objectStore('files').delete(sha256), tx.done]);
  }

  async status(): Promise<StorageStatus> {
    const [entries, est, persisted] = await Promise.all([this.db.getAll('entries'), this.estimate(), this.persisted()]);
    return {
      libraryBytes: entries.reduce((n, e) => n + e.size, 0),
      usage: est.usage,
      quota: est.quota,
      persisted,
      smallQuota: est.quota !== null && est.quota < SMALL_QUOTA_BYTES,
    };
  }

  /** Asks the browser not to evict the library under storage pressure. Resolves to the outcome. */
  async requestPersistence(): Promise<boolean> {
    if (!this.storage?.persist) return false;
    return this.storage.persist();
  }

  private async estimate(): Promise<{ usage: number | null; quota: number | null }> {
    if (!this.storage?.estimate) return { usage: null, quota: null };
    const e = await this.storage.estimate();
    return { usage: e.usage ?? null, quota: e.quota ?? null };
  }

  private async persisted(): Promise<boolean | null> {
    return this.storage?.persisted ? this.storage.persisted() : null;
  }
}

function strip(e: LibraryEntry & { search: string }): LibraryEntry {
  const { search: _search, ...rest } = e;
  return rest;
}

function searchText(name: string, r: InspectionReport): string {
  return [name, r.firmwareVersion, r.carrier, r.configVersion, r.product, r.platform, r.productLine, r.release?.label, r.format]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
