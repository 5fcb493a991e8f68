/**
 * The Sessions page's state: the list (metas only), storage use, the retention policy, and
 * what the store said when it failed. Refreshed when the recorder writes, so a session being
 * recorded grows on screen.
 */
import { liveJournalIds, journalRecorder } from '../../session/logs/live.ts';
import type { JournalMeta } from '../../session/logs/schema.ts';
import { DEFAULT_RETENTION, type RetentionPolicy, type JournalStore, type StorageUse } from '../../session/logs/store.ts';

export const sessions = $state<{
  list: JournalMeta[];
  usage: StorageUse;
  policy: RetentionPolicy;
  loaded: boolean;
  storeError: string | null;
  writeError: string | null;
}>({
  list: [],
  usage: { sessions: 0, bytes: 0 },
  policy: DEFAULT_RETENTION,
  loaded: false,
  storeError: null,
  writeError: null,
});

export async function withStore<T>(body: (store: JournalStore) => Promise<T>): Promise<T | null> {
  let store: JournalStore;
  try {
    store = await journalRecorder.store();
  } catch (e) {
    sessions.storeError = e instanceof Error ? e.message : String(e);
    return null;
  }
  sessions.storeError = null;
  return body(store);
}

export async function refreshSessions(): Promise<void> {
  await withStore(async (store) => {
    const [list, usage, policy] = await Promise.all([store.list(), store.usage(), store.retention()]);
    sessions.list = list;
    sessions.usage = usage;
    sessions.policy = policy;
    sessions.loaded = true;
  });
}

/** Keeps the state in step with the recorder while a component is mounted; returns the cleanup. */
export function followRecorder(onWritten?: (id: string) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const later = () => {
    timer ??= setTimeout(() => {
      timer = null;
      void refreshSessions();
    }, 300);
  };
  const offs = [
    journalRecorder.events.on('written', ({ id }) => {
      sessions.writeError = null;
      later();
      onWritten?.(id);
    }),
    journalRecorder.events.on('ended', later),
    journalRecorder.events.on('started', later),
    journalRecorder.events.on('recovered', later),
    journalRecorder.events.on('write-failed', ({ error }) => (sessions.writeError = error.message)),
  ];
  void refreshSessions();
  return () => {
    if (timer) clearTimeout(timer);
    for (const off of offs) off();
  };
}

export function isRecording(id: string): boolean {
  return liveJournalIds().has(id);
}

/** Saves text as a file through a temporary link (no server involved). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
