/**
 * Guards around a flow that are not UI: a Web Lock per device so a second Boothold tab cannot
 * open the same module mid-flow (and can say which tab holds it), and the Screen Wake Lock
 * while writing (a sleeping laptop would cut USB power mid-write).
 */
export interface LockDeps {
  readonly locks: Pick<LockManager, 'request'> | null;
  readonly channel: (name: string) => Pick<BroadcastChannel, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'close'>;
  /** How long to wait for the holder's answer to "who holds it?" (ms). */
  readonly askMs?: number;
}

export type DeviceLock =
  | { readonly kind: 'acquired'; release(): void }
  /** Another tab holds the device; `holder` is its label when it answered. */
  | { readonly kind: 'held'; readonly holder: string | null }
  /** No Web Locks here (old browser): run unguarded. */
  | { readonly kind: 'unsupported'; release(): void };

const CHANNEL = 'boothold-device-locks';

type Msg = { readonly type: 'who'; readonly key: string } | { readonly type: 'holder'; readonly key: string; readonly label: string };

function defaultDeps(): LockDeps {
  return {
    locks: (globalThis.navigator as Navigator | undefined)?.locks ?? null,
    channel: (name) => new BroadcastChannel(name),
  };
}

/** Takes the lock for `deviceKey` (e.g. "1199:68C0") without waiting; `label` names this tab for others. */
export async function lockDevice(deviceKey: string, label: string, deps: LockDeps = defaultDeps()): Promise<DeviceLock> {
  if (!deps.locks) return { kind: 'unsupported', release: () => undefined };
  const name = `boothold-device:${deviceKey}`;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const got = await new Promise<boolean>((resolve) => {
    void deps.locks!.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) {
        resolve(false);
        return;
      }
      resolve(true);
      await released;
    });
  });
  if (!got) return { kind: 'held', holder: await askHolder(deviceKey, deps) };
  const ch = deps.channel(CHANNEL);
  const onMessage = (ev: Event) => {
    const m = (ev as MessageEvent<Msg>).data;
    if (m?.type === 'who' && m.key === deviceKey) ch.postMessage({ type: 'holder', key: deviceKey, label } satisfies Msg);
  };
  ch.addEventListener('message', onMessage);
  return {
    kind: 'acquired',
    release() {
      ch.removeEventListener('message', onMessage);
      ch.close();
      release();
    },
  };
}

async function askHolder(deviceKey: string, deps: LockDeps): Promise<string | null> {
  const ch = deps.channel(CHANNEL);
  try {
    return await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), deps.askMs ?? 300);
      ch.addEventListener('message', (ev: Event) => {
        const m = (ev as MessageEvent<Msg>).data;
        if (m?.type === 'holder' && m.key === deviceKey) {
          clearTimeout(timer);
          resolve(m.label);
        }
      });
      ch.postMessage({ type: 'who', key: deviceKey } satisfies Msg);
    });
  } finally {
    ch.close();
  }
}

export interface WakeDeps {
  readonly wakeLock: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } | null;
  readonly document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> | null;
}

/**
 * Keeps the screen on until released. The browser drops the lock when the tab is hidden, so it
 * is taken again when the tab comes back. Missing API or refusal: silently unguarded.
 */
export function holdWakeLock(deps: WakeDeps = { wakeLock: (globalThis.navigator as Navigator | undefined)?.wakeLock ?? null, document: globalThis.document ?? null }): () => void {
  if (!deps.wakeLock) return () => undefined;
  let sentinel: { release(): Promise<void> } | null = null;
  let done = false;
  const take = () => {
    if (done) return;
    deps.wakeLock!.request('screen').then(
      (s) => {
        if (done) void s.release();
        else sentinel = s;
      },
      () => undefined,
    );
  };
  const onVisible = () => {
    if (deps.document?.visibilityState === 'visible') take();
  };
  deps.document?.addEventListener('visibilitychange', onVisible);
  take();
  return () => {
    done = true;
    deps.document?.removeEventListener('visibilitychange', onVisible);
    void sentinel?.release().catch(() => undefined);
    sentinel = null;
  };
}
