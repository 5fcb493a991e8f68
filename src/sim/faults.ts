import type { Clock } from './clock.ts';
import type { Rng } from './rng.ts';

/**
 * Link faults for tests and training, applied between the host and any USB function of the
 * virtual modem (AT port, download pipe). Download-protocol faults (NAK at chunk N, bad CRC…)
 * belong to the download device and are passed to it as its fault plan.
 */
export type LinkFault =
  /** The module stops sending anything (it still swallows what the host writes). */
  | { readonly kind: 'silence' }
  /** The module drops off the bus after the host wrote this many more bytes. */
  | { readonly kind: 'unplug-after'; readonly bytes: number }
  /** Seeded random bytes slip into what the module sends (line noise, a wrong baud rate). */
  | { readonly kind: 'garbage'; readonly probability: number }
  /** The link carries this many bytes per second in each direction. */
  | { readonly kind: 'slow'; readonly bytesPerSecond: number }
  /**
   * Power fails after this many image bytes reached flash in download mode: the write is left
   * partial and the module comes back in its boot loop.
   */
  | { readonly kind: 'power-loss-during-write'; readonly afterBytes: number };

export type LinkFaultKind = LinkFault['kind'];

export function describeFault(f: LinkFault): string {
  switch (f.kind) {
    case 'silence':
      return 'silence';
    case 'unplug-after':
      return `unplug after ${f.bytes} bytes`;
    case 'garbage':
      return `garbage (${Math.round(f.probability * 100)}% of chunks)`;
    case 'slow':
      return `slow link (${f.bytesPerSecond} B/s)`;
    case 'power-loss-during-write':
      return `power loss after ${f.afterBytes} image bytes`;
  }
}

/** Parses `silence`, `unplug-after:N`, `garbage:0.2`, `slow:9600`, `power-loss:N` (comma-separated). */
export function parseLinkFaults(spec: string): LinkFault[] {
  const out: LinkFault[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [kind, value] = raw.split(':');
    const n = Number(value);
    switch (kind) {
      case 'silence':
        out.push({ kind: 'silence' });
        break;
      case 'unplug-after':
        if (!Number.isInteger(n) || n < 0) throw new RangeError(`unplug-after needs a byte count, got '${value}'`);
        out.push({ kind: 'unplug-after', bytes: n });
        break;
      case 'garbage':
        out.push({ kind: 'garbage', probability: value === undefined ? 0.25 : Math.min(1, Math.max(0, n)) });
        break;
      case 'slow':
        if (!(n > 0)) throw new RangeError(`slow needs bytes per second, got '${value}'`);
        out.push({ kind: 'slow', bytesPerSecond: n });
        break;
      case 'power-loss':
      case 'power-loss-during-write':
        if (!Number.isInteger(n) || n < 0) throw new RangeError(`power-loss needs a byte count, got '${value}'`);
        out.push({ kind: 'power-loss-during-write', afterBytes: n });
        break;
      default:
        throw new RangeError(`Unknown link fault '${raw}'.`);
    }
  }
  return out;
}

export interface FaultyLinkHooks {
  /** Deliver device → host bytes. */
  readonly toHost: (data: Uint8Array) => void;
  /** Deliver host → device bytes. */
  readonly toDevice: (data: Uint8Array) => void;
  /** The unplug fault fired. */
  readonly unplug: (reason: string) => void;
}

/**
 * One host↔function pipe with the modem's current faults applied. Faults are read live, so
 * setting one mid-session takes effect on the next byte.
 */
export class FaultyLink {
  #hostBytes = 0;
  #outFree = 0;
  #inFree = 0;
  #dead = false;

  constructor(
    private readonly faults: () => readonly LinkFault[],
    private readonly counters: { hostBytesSinceArmed(): number; addHostBytes(n: number): void },
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly hooks: FaultyLinkHooks,
  ) {}

  get hostBytes(): number {
    return this.#hostBytes;
  }

  kill(): void {
    this.#dead = true;
  }

  /** Device → host. */
  send(data: Uint8Array): void {
    if (this.#dead || data.length === 0) return;
    const faults = this.faults();
    if (faults.some((f) => f.kind === 'silence')) return;
    let out = data;
    const garbage = faults.find((f) => f.kind === 'garbage');
    if (garbage && garbage.kind === 'garbage' && this.rng.next() < garbage.probability) {
      const noise = this.rng.bytes(this.rng.int(1, 8));
      const at = this.rng.int(0, data.length);
      out = new Uint8Array(data.length + noise.length);
      out.set(data.subarray(0, at));
      out.set(noise, at);
      out.set(data.subarray(at), at + noise.length);
    }
    const slow = faults.find((f) => f.kind === 'slow');
    if (slow && slow.kind === 'slow') {
      const now = this.clock.now();
      this.#outFree = Math.max(now, this.#outFree) + (out.length / slow.bytesPerSecond) * 1000;
      const chunk = out;
      this.clock.setTimeout(() => {
        if (!this.#dead) this.hooks.toHost(chunk);
      }, this.#outFree - now);
      return;
    }
    this.hooks.toHost(out);
  }

  /** Host → device; resolves when the bytes have crossed the (possibly slow) link. */
  write(data: Uint8Array): Promise<void> {
    if (this.#dead) return Promise.resolve();
    const faults = this.faults();
    let d = data;
    let unplugAfter = false;
    const unplug = faults.find((f) => f.kind === 'unplug-after');
    if (unplug && unplug.kind === 'unplug-after') {
      const seen = this.counters.hostBytesSinceArmed();
      if (seen + d.length >= unplug.bytes) {
        d = d.subarray(0, Math.max(0, unplug.bytes - seen));
        unplugAfter = true;
      }
    }
    this.#hostBytes += d.length;
    this.counters.addHostBytes(d.length);
    const deliver = () => {
      if (this.#dead) return;
      if (d.length) this.hooks.toDevice(d);
      if (unplugAfter) this.hooks.unplug(`unplugged after ${unplug && unplug.kind === 'unplug-after' ? unplug.bytes : 0} host bytes`);
    };
    const slow = faults.find((f) => f.kind === 'slow');
    if (slow && slow.kind === 'slow') {
      const now = this.clock.now();
      this.#inFree = Math.max(now, this.#inFree) + (data.length / slow.bytesPerSecond) * 1000;
      return new Promise((resolve) => {
        this.clock.setTimeout(() => {
          deliver();
          resolve();
        }, this.#inFree - now);
      });
    }
    deliver();
    return Promise.resolve();
  }
}
