import { describe, expect, it } from 'vitest';
import { holdWakeLock, lockDevice, type LockDeps } from './guards.ts';

/** Two tabs' worth of Web Locks and BroadcastChannel, in one process. */
function fakeBrowser(): LockDeps {
  const held = new Set<string>();
  const locks = {
    async request(name: string, options: LockOptions, cb: (lock: Lock | null) => Promise<unknown>) {
      if (options.ifAvailable && held.has(name)) return cb(null);
      held.add(name);
      try {
        return await cb({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    },
  } as unknown as Pick<LockManager, 'request'>;
  return { locks, channel: (name) => new BroadcastChannel(name), askMs: 200 };
}

describe('device lock', () => {
  it('a second tab is refused and told which tab holds the device; free again after release', async () => {
    const deps = fakeBrowser();
    const first = await lockDevice('1199:68C0', 'Update RC7620-1 (tab 1)', deps);
    expect(first.kind).toBe('acquired');
    const second = await lockDevice('1199:68C0', 'tab 2', deps);
    expect(second).toEqual({ kind: 'held', holder: 'Update RC7620-1 (tab 1)' });
    const other = await lockDevice('1199:9079', 'tab 2', deps);
    expect(other.kind).toBe('acquired');
    if (first.kind === 'acquired') first.release();
    if (other.kind === 'acquired') other.release();
    await new Promise((r) => setTimeout(r, 10));
    const third = await lockDevice('1199:68C0', 'tab 2', deps);
    expect(third.kind).toBe('acquired');
    if (third.kind === 'acquired') third.release();
  });

  it('without Web Locks the flow runs unguarded', async () => {
    const r = await lockDevice('x', 'y', { locks: null, channel: (n) => new BroadcastChannel(n) });
    expect(r.kind).toBe('unsupported');
  });
});

describe('wake lock', () => {
  it('is taken, taken again when the tab becomes visible, and released', async () => {
    let requests = 0;
    let releases = 0;
    const listeners: (() => void)[] = [];
    const doc = { visibilityState: 'visible' as DocumentVisibilityState, addEventListener: (_: string, l: () => void) => listeners.push(l), removeEventListener: () => listeners.pop() };
    const release = holdWakeLock({
      wakeLock: { request: async () => (requests++, { release: async () => void releases++ }) },
      document: doc as unknown as Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>,
    });
    await Promise.resolve();
    expect(requests).toBe(1);
    listeners[0]!();
    await Promise.resolve();
    expect(requests).toBe(2);
    release();
    await Promise.resolve();
    expect(releases).toBe(1);
    expect(listeners.length).toBe(0);
  });
});
