/**
 * The service worker's news for the shell: a new version is waiting, or the app is now
 * cached for offline use. Registration waits until the page has loaded and the main thread
 * is idle, so precaching the app's files does not compete with its first paint.
 */
import { registerSW } from 'virtual:pwa-register';

export const pwa = $state<{ needRefresh: boolean; offlineReady: boolean }>({ needRefresh: false, offlineReady: false });

let update: ((reload?: boolean) => Promise<void>) | null = null;

/** Applies the waiting version (reloads the page). */
export async function applyUpdate(): Promise<void> {
  await update?.(true);
}

function register(): void {
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => (pwa.needRefresh = true),
    onOfflineReady: () => (pwa.offlineReady = true),
  });
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 0));
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}
