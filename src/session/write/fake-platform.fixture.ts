/**
 * A WritePlatform for tests: an in-process LockManager (exclusive/shared, ifAvailable, queued
 * requests), BroadcastChannels that deliver to every other channel of the same name (as the
 * browser does across tabs), a wake lock and a beforeunload registry that record their use.
 * Two "tabs" share one `FakeOrigin`.
 */
import type { ChannelLike, WritePlatform } from './platform.ts';

type Held = { name: string; mode: 'exclusive' | 'shared' };
type Waiting = Held & { grant: (h: Held) => void };

export class FakeOrigin {
  readonly #held: Held[] = [];
  readonly #queue: Waiting[] = [];
  readonly #channels = new Map<string, Set<FakeChannel>>();

  #free(name: string, mode: 'exclusive' | 'shared'): boolean {
    const on = this.#held.filter((h) => h.name === name);
    return mode === 'shared' ? on.every((h) => h.mode === 'shared') : on.length === 0;
  }

  readonly locks = {
    request: (async (name: string, ...rest: unknown[]) => {
      const callback = rest.at(-1) as (lock: { name: string } | null) => Promise<unknown>;
      const opts = (rest.length > 1 ? rest[0] : {}) as { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' };
      const mode = opts.mode ?? 'exclusive';
      const queued = this.#queue.some((w) => w.name === name);
      let h: Held;
      if (!this.#free(name, mode) || queued) {
        if (opts.ifAvailable) return callback(null);
        h = await new Promise<Held>((grant) => this.#queue.push({ name, mode, grant }));
      } else {
        h = { name, mode };
        this.#held.push(h);
      }
      try {
        return await callback({ name });
      } finally {
        this.#held.splice(this.#held.indexOf(h), 1);
        this.#pump();
      }
    }) as unknown as LockManager['request'],
  };

  #pump(): void {
    for (let i = 0; i < this.#queue.length; ) {
      const w = this.#queue[i]!;
      if (this.#free(w.name, w.mode)) {
        this.#queue.splice(i, 1);
        const h: Held = { name: w.name, mode: w.mode };
        this.#held.push(h);
        w.grant(h);
        if (w.mode === 'exclusive') return;
      } else i++;
    }
  }

  isHeld(name: string): boolean {
    return this.#held.some((h) => h.name === name);
  }

  channel(name: string): ChannelLike {
    const set = this.#channels.get(name) ?? new Set<FakeChannel>();
    this.#channels.set(name, set);
    const ch = new FakeChannel(set);
    set.add(ch);
    return ch;
  }
}

class FakeChannel implements ChannelLike {
  readonly #listeners = new Set<(ev: MessageEvent) => void>();
  constructor(private readonly peers: Set<FakeChannel>) {}
  postMessage(message: unknown): void {
    for (const p of this.peers) if (p !== this) queueMicrotask(() => p.deliver(message));
  }
  deliver(data: unknown): void {
    for (const l of this.#listeners) l({ data } as MessageEvent);
  }
  addEventListener(_t: 'message', l: (ev: MessageEvent) => void): void {
    this.#listeners.add(l);
  }
  removeEventListener(_t: 'message', l: (ev: MessageEvent) => void): void {
    this.#listeners.delete(l);
  }
  close(): void {
    this.peers.delete(this);
  }
}

export interface FakeTab extends WritePlatform {
  /** Wake locks taken and not yet released. */
  readonly wake: { held: number; taken: number };
  /** beforeunload handlers registered now. */
  readonly unload: Set<(e: BeforeUnloadEvent) => void>;
  /** What a leave attempt would do now: true when a handler asked to stay. */
  tryLeave(): boolean;
}

export function fakeTab(origin: FakeOrigin): FakeTab {
  const wake = { held: 0, taken: 0 };
  const unload = new Set<(e: BeforeUnloadEvent) => void>();
  return {
    locks: origin.locks,
    channel: (name) => origin.channel(name),
    wakeLock: {
      request: async () => {
        wake.held++;
        wake.taken++;
        return { release: async () => void wake.held-- };
      },
    },
    document: null,
    onBeforeUnload: (h) => {
      unload.add(h);
      return () => unload.delete(h);
    },
    wake,
    unload,
    tryLeave() {
      let stay = false;
      const ev = { preventDefault: () => (stay = true), returnValue: undefined } as unknown as BeforeUnloadEvent;
      for (const h of unload) h(ev);
      return stay;
    },
  };
}
