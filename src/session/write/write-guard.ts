/**
 * One write at a time across every tab, and every tab told while one runs.
 *
 * The writing tab holds the Web Lock `boothold-write` for the whole job (the browser drops it if
 * the tab dies) and announces `write-started` / `write-ended` on the BroadcastChannel
 * `boothold-write`. Another tab that wants to reload into a new app version (the service worker
 * update) first asks for the same lock and waits for it (`afterWrites`): its reload, and the
 * skip-waiting that makes every tab reload, happen only once no write is running — and while it
 * holds the lock no new write can start. A tab that is told to reload by the new service worker
 * waits the same way.
 */
import type { ChannelLike, WritePlatform } from './platform.ts';

export const WRITE_LOCK = 'boothold-write';
export const WRITE_CHANNEL = 'boothold-write';

export type WriteMessage =
  | { readonly type: 'write-started'; readonly id: string; readonly label: string }
  | { readonly type: 'write-ended'; readonly id: string }
  /** "Who is writing?" — the holder answers with write-started again. */
  | { readonly type: 'who' };

export type WriteGuard =
  | { readonly kind: 'acquired'; release(): void }
  /** Another tab writes (or is applying an app update); `holder` is its label when it answered. */
  | { readonly kind: 'busy'; readonly holder: string | null };

/** Takes the write lock without waiting and tells the other tabs. */
export async function acquireWriteGuard(platform: WritePlatform, id: string, label: string, askMs = 300): Promise<WriteGuard> {
  let release: () => void = () => undefined;
  if (platform.locks) {
    const released = new Promise<void>((r) => (release = r));
    const got = await new Promise<boolean>((resolve) => {
      void platform.locks!.request(WRITE_LOCK, { ifAvailable: true }, async (lock) => {
        resolve(lock !== null);
        if (lock) await released;
      });
    });
    if (!got) return { kind: 'busy', holder: await askHolder(platform, askMs) };
  }
  const ch: ChannelLike | null = platform.channel?.(WRITE_CHANNEL) ?? null;
  const started: WriteMessage = { type: 'write-started', id, label };
  const onMessage = (ev: MessageEvent) => {
    if ((ev.data as WriteMessage | null)?.type === 'who') ch?.postMessage(started);
  };
  ch?.addEventListener('message', onMessage);
  ch?.postMessage(started);
  let done = false;
  return {
    kind: 'acquired',
    release() {
      if (done) return;
      done = true;
      ch?.postMessage({ type: 'write-ended', id } satisfies WriteMessage);
      ch?.removeEventListener('message', onMessage);
      ch?.close();
      release();
    },
  };
}

async function askHolder(platform: WritePlatform, askMs: number): Promise<string | null> {
  const ch = platform.channel?.(WRITE_CHANNEL);
  if (!ch) return null;
  try {
    return await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), askMs);
      ch.addEventListener('message', (ev) => {
        const m = ev.data as WriteMessage | null;
        if (m?.type === 'write-started') {
          clearTimeout(timer);
          resolve(m.label);
        }
      });
      ch.postMessage({ type: 'who' } satisfies WriteMessage);
    });
  } finally {
    ch.close();
  }
}

/**
 * Runs `action` once no write runs in any tab, holding the write lock meanwhile so none starts
 * (the service worker update: skip-waiting, then the reload). Without Web Locks it runs at once.
 */
export async function afterWrites<T>(platform: WritePlatform, action: () => Promise<T> | T): Promise<T> {
  if (!platform.locks) return action();
  return platform.locks.request(WRITE_LOCK, async () => action()) as Promise<T>;
}

/** Follows the writes other tabs announce: `onChange(true, label)` when one starts, `(false)` when it ends. */
export function watchWrites(platform: WritePlatform, onChange: (writing: boolean, label: string | null) => void): () => void {
  const ch = platform.channel?.(WRITE_CHANNEL);
  if (!ch) return () => undefined;
  const running = new Map<string, string>();
  let stopped = false;
  let last: string | null | undefined;
  const tell = () => {
    const first = running.values().next();
    const now = first.done ? null : first.value;
    if (stopped || now === last) return;
    last = now;
    onChange(now !== null, now);
  };
  // A tab that dies mid-write never says write-ended; the browser drops its lock, though: a
  // request queued behind it is granted then (and let go at once).
  const whenLockFree = () =>
    void platform.locks?.request(WRITE_LOCK, { mode: 'shared' }, async () => {
      running.clear();
      tell();
    });
  const onMessage = (ev: MessageEvent) => {
    const m = ev.data as WriteMessage | null;
    if (m?.type === 'write-started') {
      if (!running.has(m.id)) whenLockFree();
      running.set(m.id, m.label);
    } else if (m?.type === 'write-ended') running.delete(m.id);
    else return;
    tell();
  };
  ch.addEventListener('message', onMessage);
  ch.postMessage({ type: 'who' } satisfies WriteMessage);
  return () => {
    stopped = true;
    ch.removeEventListener('message', onMessage);
    ch.close();
  };
}
