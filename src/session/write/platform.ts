import { holdWakeLock } from '../flows/guards.ts';

/**
 * The browser APIs a write job leans on, passed in so the same job runs in a tab, in Node
 * (`boothold flash`) and in unit tests. Each may be missing: the job then runs without that
 * guard (the CLI has no other tab to tell and no screen to keep on).
 */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface WakeLockLike {
  request(type: 'screen'): Promise<{ release(): Promise<void> }>;
}

export interface WritePlatform {
  /** Web Locks: one write at a time across every tab of the origin. */
  readonly locks: Pick<LockManager, 'request'> | null;
  /** BroadcastChannel factory: tells other tabs a write started / ended. */
  readonly channel: ((name: string) => ChannelLike) | null;
  /** Screen Wake Lock: a sleeping laptop cuts USB power mid-write. */
  readonly wakeLock: WakeLockLike | null;
  /** For the wake lock's re-take when the tab comes back (the browser drops it when hidden). */
  readonly document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | null;
  /** Registers the leave-page warning; returns its removal. */
  readonly onBeforeUnload: ((handler: (e: BeforeUnloadEvent) => void) => () => void) | null;
}

/** Nothing to guard with: Node, the CLI, tests that do not look at the guards. */
export const NO_PLATFORM: WritePlatform = { locks: null, channel: null, wakeLock: null, document: null, onBeforeUnload: null };

/** The page's own APIs (whichever exist). */
export function browserPlatform(): WritePlatform {
  const nav = globalThis.navigator as Navigator | undefined;
  const win = typeof window === 'undefined' ? null : window;
  return {
    locks: nav?.locks ?? null,
    channel: typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name) as unknown as ChannelLike,
    wakeLock: (nav as { wakeLock?: WakeLockLike } | undefined)?.wakeLock ?? null,
    document: globalThis.document ?? null,
    onBeforeUnload: win
      ? (handler) => {
          win.addEventListener('beforeunload', handler);
          return () => win.removeEventListener('beforeunload', handler);
        }
      : null,
  };
}

/**
 * Screen on and the leave-page warning while bytes go to the module (a sleeping laptop cuts USB
 * power; a closed tab cuts the transfer). One release for both, safe to call twice.
 */
export function holdWhileWriting(platform: WritePlatform): () => void {
  const releaseWake = holdWakeLock({ wakeLock: platform.wakeLock, document: platform.document });
  const offUnload = platform.onBeforeUnload?.((e) => {
    e.preventDefault();
    e.returnValue = '';
  });
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    offUnload?.();
    releaseWake();
  };
}
