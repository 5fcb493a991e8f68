/**
 * Web Locks name the sessions being recorded: the tab recording a session holds the lock
 * `boothold-session:<id>` for as long as it records (the browser drops it if the tab dies). Any
 * tab can ask which sessions are held, so retention and "Delete all" in one tab never delete a
 * session another tab is still writing, and start-up recovery can tell a live session from one a
 * dead page left behind.
 */
export const JOURNAL_LOCK_PREFIX = 'boothold-session:';

export const journalLockName = (id: string): string => JOURNAL_LOCK_PREFIX + id;

/** The page's LockManager, or null where there is none (Node, old browsers, opaque origins). */
export function defaultLocks(): LockManager | null {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

/**
 * Ids of sessions whose lock is held (or requested) by any tab of this origin. Null when that
 * cannot be known (no Web Locks, or the query failed): callers then protect only their own.
 */
export async function heldJournalIds(locks: LockManager | null): Promise<Set<string> | null> {
  if (!locks) return null;
  try {
    const q = await locks.query();
    const ids = new Set<string>();
    for (const l of [...(q.held ?? []), ...(q.pending ?? [])]) {
      if (l.name?.startsWith(JOURNAL_LOCK_PREFIX)) ids.add(l.name.slice(JOURNAL_LOCK_PREFIX.length));
    }
    return ids;
  } catch {
    return null;
  }
}
