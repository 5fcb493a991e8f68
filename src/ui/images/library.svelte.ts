/**
 * The page's view of the image library: one ImageLibrary opened on first use, its entries and
 * storage figures mirrored into runes so the list, the save button and the usage line agree.
 */
import { ImageLibrary, type LibraryEntry, type QuotaCheck, type StorageStatus } from '../../session/images/library.ts';
import type { InspectionReport } from '../../session/images/report.ts';

export const library = $state<{
  entries: LibraryEntry[];
  status: StorageStatus | null;
  query: string;
  unavailable: string | null;
  ready: boolean;
}>({ entries: [], status: null, query: '', unavailable: null, ready: false });

let opened: Promise<ImageLibrary> | null = null;

function db(): Promise<ImageLibrary> {
  opened ??= ImageLibrary.open();
  return opened;
}

let latest = 0;

export async function refreshLibrary(): Promise<void> {
  // Typing in the search box starts overlapping refreshes; only the newest may write its result.
  const ticket = ++latest;
  try {
    const lib = await db();
    const query = library.query.trim();
    const [entries, status] = await Promise.all([query ? lib.search(query) : lib.list(), lib.status()]);
    if (ticket !== latest) return;
    library.entries = entries;
    library.status = status;
    library.unavailable = null;
  } catch (e) {
    library.unavailable = e instanceof Error ? e.message : String(e);
  } finally {
    library.ready = true;
  }
}

export async function quotaFor(report: InspectionReport): Promise<QuotaCheck> {
  return (await db()).checkQuota(report.sha256 ?? '', report.size);
}

/** Stores the file with its report; false when the same content was already kept. */
export async function keep(file: Blob, report: InspectionReport): Promise<boolean> {
  const stored = await (await db()).put(file, report);
  await refreshLibrary();
  return stored;
}

export async function isKept(sha256: string): Promise<boolean> {
  return (await db()).has(sha256);
}

export async function removeEntry(sha256: string): Promise<void> {
  await (await db()).delete(sha256);
  await refreshLibrary();
}

export async function fileOf(sha256: string): Promise<File> {
  return (await db()).file(sha256);
}

export async function protectLibrary(): Promise<boolean> {
  const granted = await (await db()).requestPersistence();
  await refreshLibrary();
  return granted;
}
