/**
 * What the two download-mode devices share: the link, byte-count faults (unplug, stall, power
 * loss), the slow-link model, and the reply gate where per-phase faults replace or suppress an
 * answer.
 */
import type { DeviceEndpoint, DeviceLink } from '../../transport/device-endpoint.ts';
import { RealClock, type Clock } from '../clock.ts';
import { replyFault, type DevicePhase, type Fault } from './faults.ts';
import type { VirtualFlash } from './flash.ts';
import { Rng } from '../rng.ts';

export type ResetCause = 'reset' | 'power-loss';

export interface DownloadProfile {
  /** Name shown in logs, e.g. "rc7620". */
  readonly name: string;
  /** Top-level CWE product code this module accepts (compared case-insensitively). */
  readonly product: string;
  /** Firehose: what the module answers to configure. */
  readonly maxPayloadToTarget: number;
  /** Firehose: the largest document the module sends back (the configure NAK's `MaxPayloadSizeFromTargetInBytes`). */
  readonly maxPayloadFromTarget: number;
  /**
   * Firehose: getStorageInfo prints `sector_size_in_bytes` / `pages_in_block` logs. An SDX55
   * prints neither (libqmi 342eb5ad falls back to 4096 and 64 so the EM9191 can be flashed).
   */
  readonly reportsStorageInfo: boolean;
  readonly sectorSize: number;
  readonly pagesPerBlock: number;
  readonly targetName: string;
  readonly memoryName: string;
  /** QDL: lowest hello version answered with a hello response. */
  readonly qdlMinVersion: number;
}

// Per family: the boot-and-hold device's own answers. Where no capture of a family exists, the
// nearest family it shares a bootloader generation with stands in, and the entry says so.
const NAND_9X = { sectorSize: 4096, pagesPerBlock: 64, memoryName: 'NAND', qdlMinVersion: 6, maxPayloadFromTarget: 4096, reportsStorageInfo: true } as const;

export const DOWNLOAD_PROFILES: Readonly<Record<string, DownloadProfile>> = {
  rc7620: { ...NAND_9X, name: 'rc7620', product: '9X07', maxPayloadToTarget: 16384, targetName: '9x07' },
  rc7610: { ...NAND_9X, name: 'rc7610', product: '9X07', maxPayloadToTarget: 16384, targetName: '9x07' },
  wp7607: { ...NAND_9X, name: 'wp7607', product: '9X28', maxPayloadToTarget: 16384, targetName: '9x28' },
  em7565: { ...NAND_9X, name: 'em7565', product: '9X50', maxPayloadToTarget: 8192, targetName: '9x50' },
  em7455: { ...NAND_9X, name: 'em7455', product: '9X30', maxPayloadToTarget: 16384, targetName: '9x30' },
  mc7304: { ...NAND_9X, name: 'mc7304', product: '9X15', maxPayloadToTarget: 16384, targetName: '9x15' },
  mc7354: { ...NAND_9X, name: 'mc7354', product: '9X15', maxPayloadToTarget: 16384, targetName: '9x15' },
  // SDX55: the configure NAK libqmi's test-firehose.c decodes (MemoryName NAND, 2048 from /
  // 8192 to target, TargetName 9x55), and no FLASH variables from getStorageInfo (libqmi
  // 342eb5ad, "enables the firmware upgrade operation on the EM9191"). The CWE product code
  // of SDX55 images is not in our sources: the name is the platform's, and the module
  // profile leaves it unchecked (downloadProduct null).
  em9191: { ...NAND_9X, name: 'em9191', product: 'X55C', maxPayloadToTarget: 8192, maxPayloadFromTarget: 2048, targetName: '9x55', reportsStorageInfo: false },
  // SDX65 (EM9293): no capture of its Firehose answers in our sources (corpus logs/em9293_*
  // stop at Sahara); it is taken to answer as its SDX55 predecessor, with its own target name.
  em9293: { ...NAND_9X, name: 'em9293', product: 'X65C', maxPayloadToTarget: 8192, maxPayloadFromTarget: 2048, targetName: 'sdx65', reportsStorageInfo: false },
  // MDM9x06 (WP7702): Sahara/Firehose as the 9x07 WP76xx (protocol-spec §3.1, Sierra SDK
  // "9x07 and 9x50"); its answers are taken from the 9x07 device, with its own target name.
  wp7702: { ...NAND_9X, name: 'wp7702', product: '9X06', maxPayloadToTarget: 16384, targetName: '9x06' },
};

export interface DeviceCoreOptions {
  readonly faults: readonly Fault[];
  readonly seed: number;
  readonly clock: Clock;
  readonly flash: VirtualFlash;
  readonly profile: DownloadProfile;
  readonly onReset?: (flash: VirtualFlash, cause: ResetCause) => void;
  /** The module vanished (unplug, reset, power loss): the carrier must drop the link. */
  readonly onUnplug?: (reason: string) => void;
  readonly log?: (line: string) => void;
}

export abstract class DeviceCore implements DeviceEndpoint {
  protected link: DeviceLink | null = null;
  protected readonly rng: Rng;
  /** Set once the module stopped answering (silence / stall fault). */
  protected silent = false;
  /** Set once the module left the bus. */
  protected gone = false;
  #hostBytes = 0;
  #backlog = 0;
  #inFree = 0;
  #outFree = 0;
  readonly #unplugAfter: number | undefined;
  readonly #stallAfter: number | undefined;
  protected readonly powerLossAfter: number | undefined;
  readonly #bps: number | undefined;

  constructor(protected readonly options: DeviceCoreOptions) {
    this.rng = new Rng(options.seed);
    for (const f of options.faults) {
      if (f.kind === 'unplug-after') this.#unplugAfter = f.bytes;
      if (f.kind === 'stall-after') this.#stallAfter = f.bytes;
      if (f.kind === 'power-loss-after') this.powerLossAfter = f.bytes;
      if (f.kind === 'slow') this.#bps = f.bytesPerSecond;
    }
  }

  get flash(): VirtualFlash {
    return this.options.flash;
  }

  /** True once the module left the bus (unplug, reset, power loss). */
  get disconnected(): boolean {
    return this.gone;
  }

  get hostBytes(): number {
    return this.#hostBytes;
  }

  /**
   * Host bytes received but not yet taken by a slow link. A carrier that can push back (stdin,
   * a fake USB pipe) stops reading while this is large, so the host feels the link's speed.
   */
  get inboundBacklog(): number {
    return this.#backlog;
  }

  /** When the host side was connected (the module's clock), for timing faults. */
  protected openedAt = 0;

  open(link: DeviceLink): void {
    this.link = link;
    this.openedAt = this.options.clock.now();
    this.onOpen();
  }

  close(): void {
    this.link = null;
  }

  receive(data: Uint8Array): void {
    if (this.gone || !this.link) return;
    let d = data;
    const before = this.#hostBytes;
    this.#hostBytes += d.length;
    let after: 'unplug' | 'stall' | null = null;
    if (this.#unplugAfter !== undefined && this.#hostBytes >= this.#unplugAfter) {
      d = d.subarray(0, Math.max(0, this.#unplugAfter - before));
      after = 'unplug';
    } else if (this.#stallAfter !== undefined && this.#hostBytes >= this.#stallAfter && !this.silent) {
      d = d.subarray(0, Math.max(0, this.#stallAfter - before));
      after = 'stall';
    }
    const run = () => {
      if (this.gone) return;
      if (!this.silent && d.length) this.consume(d);
      if (after === 'unplug') this.unplug(`unplugged after ${this.#unplugAfter} host bytes`);
      if (after === 'stall' && !this.silent) {
        this.log(`stall: no answers after ${this.#stallAfter} host bytes`);
        this.silent = true;
      }
    };
    if (this.#bps) {
      // Taken later: the carrier may reuse its buffer (Node streams do), so keep a copy.
      d = d.slice();
      const now = this.options.clock.now();
      this.#inFree = Math.max(now, this.#inFree) + (data.length / this.#bps) * 1000;
      this.#backlog += data.length;
      const size = data.length;
      this.#inLine.push(this.#inFree, () => {
        this.#backlog -= size;
        run();
      });
    } else run();
  }

  /** Host → device and device → host delay lines of the slow link (strict FIFO). */
  readonly #inLine = new DelayLine(() => this.options.clock);
  readonly #outLine = new DelayLine(() => this.options.clock);

  protected abstract onOpen(): void;
  /** The module leaves the bus: an image still being written is left partial. */
  protected abstract onGone(reason: string): void;
  protected abstract consume(data: Uint8Array): void;

  protected log(line: string): void {
    this.options.log?.(`[${this.options.profile.name}] ${line}`);
  }

  /** Device → host bytes through the (possibly slow) link. */
  protected send(bytes: Uint8Array): void {
    if (this.gone || !this.link || bytes.length === 0) return;
    if (!this.#bps) {
      this.link.send(bytes);
      return;
    }
    const now = this.options.clock.now();
    this.#outFree = Math.max(now, this.#outFree) + (bytes.length / this.#bps) * 1000;
    const link = this.link;
    this.#outLine.push(this.#outFree, () => {
      if (!this.gone) link.send(bytes);
    });
  }

  /** Runs after everything already queued on the slow link has gone out. */
  protected afterSent(fn: () => void): void {
    if (!this.#bps) {
      fn();
      return;
    }
    this.#outLine.push(this.#outFree, fn);
  }

  protected unplug(reason: string): void {
    if (this.gone) return;
    this.onGone(reason);
    this.gone = true;
    this.log(`gone: ${reason}`);
    this.options.onUnplug?.(reason);
  }

  protected reboot(cause: ResetCause): void {
    if (this.gone) return;
    const outcome = this.flash.bootOutcome();
    this.log(`${cause === 'reset' ? 'reset' : 'power lost'}; next boot: ${outcome.mode}`);
    this.options.onReset?.(this.flash, cause);
    this.unplug(cause === 'reset' ? 'reset by the host' : 'power lost during write');
  }

  /**
   * The reply gate. Returns which answer went out: 'ok', a negative variant, or 'stopped'
   * when the module fell silent or left the bus instead of answering.
   */
  protected respond(
    phase: DevicePhase,
    index: number,
    answers: {
      ok: () => Uint8Array;
      nak?: () => Uint8Array;
      error?: () => Uint8Array;
      badCrc?: () => Uint8Array;
      wrongSeq?: () => Uint8Array;
    },
  ): 'ok' | 'nak' | 'error' | 'garbage' | 'stopped' {
    if (this.silent || this.gone) return 'stopped';
    const f = replyFault(this.options.faults, phase, index);
    if (!f) {
      this.send(answers.ok());
      return 'ok';
    }
    this.log(`fault ${f.kind} at ${phase}#${index}`);
    switch (f.kind) {
      case 'silence':
        this.silent = true;
        return 'stopped';
      case 'unplug':
        this.unplug(`unplugged at ${phase}#${index}`);
        return 'stopped';
      case 'garbage':
        this.send(this.garbage());
        return 'garbage';
      case 'duplicate': {
        const b = answers.ok();
        this.send(b);
        this.send(b);
        return 'ok';
      }
      case 'bad-crc':
        this.send((answers.badCrc ?? answers.ok)());
        return 'garbage';
      case 'wrong-seq':
        this.send((answers.wrongSeq ?? answers.ok)());
        return 'garbage';
      case 'nak':
        this.send((answers.nak ?? answers.ok)());
        return 'nak';
      case 'error':
        this.send((answers.error ?? answers.nak ?? answers.ok)());
        return 'error';
    }
  }

  /** Seeded noise that is neither an HDLC flag run nor an XML prologue. */
  protected garbage(): Uint8Array {
    const g = this.rng.bytes(this.rng.int(12, 40));
    for (let i = 0; i < g.length; i++) if (g[i] === 0x7e || g[i] === 0x3c) g[i] = 0x55;
    return g;
  }
}

/**
 * Items due at non-decreasing times, run strictly in order with one timer at a time: separate
 * timers could fire out of order (timer granularity), which would reorder the byte stream.
 */
class DelayLine {
  readonly #items: { at: number; fn: () => void }[] = [];
  #armed = false;

  constructor(private readonly clock: () => Clock) {}

  push(at: number, fn: () => void): void {
    this.#items.push({ at, fn });
    this.#arm();
  }

  #arm(): void {
    if (this.#armed) return;
    const head = this.#items[0];
    if (!head) return;
    this.#armed = true;
    const c = this.clock();
    c.setTimeout(() => {
      this.#armed = false;
      const now = c.now();
      while (this.#items.length && this.#items[0]!.at <= now + 0.5) this.#items.shift()!.fn();
      this.#arm();
    }, Math.max(0, head.at - c.now()));
  }
}
