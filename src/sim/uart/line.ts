/**
 * A simulated UART wire between a host adapter and a module: each direction carries bytes at
 * its sender's baud rate (8N1: ten bit times per byte), so the line really limits bytes per
 * second; both ends must agree on the rate (a mismatch turns bytes into garbage, as on a real
 * line); and RTS/CTS flow control matters. The module stops draining its receive FIFO while it
 * writes flash (`stall`); with hardware flow control on both sides the adapter pauses during a
 * stall, without it the bytes that overflow the FIFO are lost — at 115200 a stall fits in the
 * FIFO, at 921600 it does not, which is why the update asks for `AT+IFC=2,2` first.
 */
import type { Clock } from '../clock.ts';
import { Rng } from '../rng.ts';

export interface UartLineOptions {
  /** The module's receive FIFO (bytes it can hold while it is not draining). */
  readonly fifoBytes?: number;
  readonly seed?: number;
}

export interface UartEndSettings {
  baudRate: number;
  /** Host: WebSerial `flowControl: 'hardware'`. Module: `AT+IFC=2,2` in effect. */
  hardwareFlow: boolean;
}

export interface UartLineStats {
  hostToDeviceBytes: number;
  deviceToHostBytes: number;
  lostBytes: number;
  garbledWrites: number;
  /** Milliseconds the host's transmitter was paused by CTS. */
  ctsPausedMs: number;
}

/** Bytes per second on an 8N1 line. */
export function lineBytesPerSecond(baud: number): number {
  return baud / 10;
}

export class UartLine {
  readonly host: UartEndSettings = { baudRate: 115200, hardwareFlow: false };
  readonly device: UartEndSettings = { baudRate: 115200, hardwareFlow: false };
  readonly stats: UartLineStats = { hostToDeviceBytes: 0, deviceToHostBytes: 0, lostBytes: 0, garbledWrites: 0, ctsPausedMs: 0 };
  /** Test hook: what fraction of host→device bytes get flipped (line noise; a NAK storm). */
  noise = 0;
  onDeviceReceive: (bytes: Uint8Array) => void = () => undefined;
  onHostReceive: (bytes: Uint8Array) => void = () => undefined;
  readonly #clock: Clock;
  readonly #fifo: number;
  readonly #rng: Rng;
  #toDeviceFree = 0;
  #toHostFree = 0;
  #stallFrom = -1;
  #stallUntil = -1;
  #cut = false;
  readonly #timers = new Set<unknown>();

  constructor(clock: Clock, options: UartLineOptions = {}) {
    this.#clock = clock;
    this.#fifo = options.fifoBytes ?? 512;
    this.#rng = new Rng(options.seed ?? 76);
  }

  get cut(): boolean {
    return this.#cut;
  }

  /** The wires are cut or the module lost power: nothing passes either way until `restore()`. */
  cutLine(): void {
    this.#cut = true;
  }
  restore(): void {
    this.#cut = false;
  }

  /** Whether RTS/CTS protects the module's FIFO right now (both ends must use it). */
  get flowControlled(): boolean {
    return this.host.hardwareFlow && this.device.hardwareFlow;
  }

  /** The module stops draining its FIFO for `ms` (a flash write). */
  stall(ms: number): void {
    const now = this.#clock.now();
    this.#stallFrom = Math.max(now, this.#stallUntil > now ? this.#stallFrom : now);
    this.#stallUntil = Math.max(this.#stallUntil, now) + ms;
  }

  /** Host → module. Resolves when the last bit has left the adapter (the line's own pace). */
  hostWrite(data: Uint8Array): Promise<void> {
    const rate = lineBytesPerSecond(this.host.baudRate) / 1000;
    let start = Math.max(this.#clock.now(), this.#toDeviceFree);
    if (this.flowControlled && start >= this.#stallFrom && start < this.#stallUntil) {
      this.stats.ctsPausedMs += this.#stallUntil - start;
      start = this.#stallUntil;
    }
    const end = start + data.length / rate;
    this.#toDeviceFree = end;
    let bytes: Uint8Array = data.slice();
    if (!this.flowControlled && this.#stallUntil > start && this.#stallFrom < end) {
      const overlapStart = Math.max(start, this.#stallFrom);
      const overlapEnd = Math.min(end, this.#stallUntil);
      const arriving = Math.round((overlapEnd - overlapStart) * rate);
      const lost = arriving - this.#fifo;
      if (lost > 0) {
        const from = Math.min(bytes.length, Math.round((overlapStart - start) * rate) + this.#fifo);
        const to = Math.min(bytes.length, from + lost);
        this.stats.lostBytes += to - from;
        bytes = concat(bytes.subarray(0, from), bytes.subarray(to));
      }
    }
    if (this.host.baudRate !== this.device.baudRate) bytes = this.#garble(bytes, this.host.baudRate, this.device.baudRate);
    else if (this.noise > 0) bytes = this.#noisy(bytes);
    this.stats.hostToDeviceBytes += data.length;
    return new Promise((resolve) => {
      this.#at(end, () => {
        if (!this.#cut && bytes.length) this.onDeviceReceive(bytes);
        resolve();
      });
    });
  }

  /** Module → host, at the module's rate; the host adapter's buffer never overflows. */
  deviceWrite(data: Uint8Array): void {
    if (this.#cut) return;
    const rate = lineBytesPerSecond(this.device.baudRate) / 1000;
    const start = Math.max(this.#clock.now(), this.#toHostFree);
    const end = start + data.length / rate;
    this.#toHostFree = end;
    const bytes = this.host.baudRate !== this.device.baudRate ? this.#garble(data, this.device.baudRate, this.host.baudRate) : data.slice();
    this.stats.deviceToHostBytes += data.length;
    this.#at(end, () => {
      if (!this.#cut && bytes.length) this.onHostReceive(bytes);
    });
  }

  dispose(): void {
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    this.#timers.clear();
  }

  #at(when: number, fn: () => void): void {
    const id = this.#clock.setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, Math.max(0, when - this.#clock.now()));
    this.#timers.add(id);
  }

  /** Sampled at the wrong rate, a byte becomes framing errors and other bytes; length scales. */
  #garble(data: Uint8Array, sentAt: number, readAt: number): Uint8Array {
    this.stats.garbledWrites++;
    const n = Math.max(1, Math.round((data.length * readAt) / sentAt));
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#rng.int(0x80, 0xff);
    return out;
  }

  #noisy(data: Uint8Array): Uint8Array {
    const out = data.slice();
    for (let i = 0; i < out.length; i++) if (this.#rng.next() < this.noise) out[i] = out[i]! ^ (1 << this.#rng.int(0, 7));
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
