/**
 * The service worker's news for the shell: a new version is waiting, or the app is now
 * cached for offline use. Registration waits until the page has loaded and the main thread
 * is idle, so precaching the app's files does not compete with its first paint.
 */
import { registerSW } from 'virtual:pwa-register';
import { browserPlatform } from '../../session/write/platform.ts';
import { afterWrites, watchWrites } from '../../session/write/write-guard.ts';

export const pwa = $state<{ needRefresh: boolean; offlineReady: boolean; writing: string | null; waiting: boolean }>({
  needRefresh: false,
  offlineReady: false,
  /** A firmware write runs in some tab (its label), from the write job's broadcast. */
  writing: null,
  /** "Reload to update" was clicked during a write: the update waits for it to end. */
  waiting: false,
});

let update: ((reload?: boolean) => Promise<void>) | null = null;

/**
 * Applies the waiting version: once no firmware write runs in any tab (the write job's lock),
 * and holding that lock so none starts before the reload. Skip-waiting makes every tab of the
 * app reload; each does so only after the writes (onNeedReload below).
 */
export async function applyUpdate(): Promise<void> {
  pwa.waiting = true;
  await afterWrites(browserPlatform(), async () => {
    await update?.(true);
    // The new worker takes control and this page reloads; keep the lock until then.
    await new Promise((r) => setTimeout(r, 10_000));
  });
}

function register(): void {
  watchWrites(browserPlatform(), (_writing, label) => (pwa.writing = label));
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => (pwa.needRefresh = true),
    onOfflineReady: () => (pwa.offlineReady = true),
    // Another tab applied the update: this tab reloads too, but never in the middle of a write.
    onNeedReload: () => void afterWrites(browserPlatform(), () => location.reload()),
  });
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 0));
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}
