/**
 * Helpers for the virtual modem's own unit tests (not shipped: only *.test.ts import this).
 */
import { VirtualClock } from './clock.ts';
import { startVirtualBench, type VirtualBench } from './index.ts';
import type { ScenarioId } from './scenarios.ts';

export const enc = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

export interface Collector {
  text: string;
  error: unknown;
  done: boolean;
  /** Drops what was collected so far. */
  take(): string;
}

/** Reads a stream in the background into a string. */
export function collect(reader: ReadableStreamDefaultReader<Uint8Array>): Collector {
  const c: Collector = {
    text: '',
    error: undefined,
    done: false,
    take() {
      const t = c.text;
      c.text = '';
      return t;
    },
  };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        c.text += dec(value);
      }
    } catch (e) {
      c.error = e;
    } finally {
      c.done = true;
    }
  })();
  return c;
}

export interface SerialSession {
  readonly bench: VirtualBench;
  readonly clock: VirtualClock;
  readonly port: SerialPort;
  readonly out: Collector;
  readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  /** Sends a command line and advances the clock until the final result arrived. */
  at(line: string, limitMs?: number): Promise<string>;
}

const FINAL = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/;

export async function bootBench(scenario: ScenarioId = 'healthy', seed = 7): Promise<{ bench: VirtualBench; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const bench = startVirtualBench({ scenario, seed, clock });
  await clock.until(() => bench.modem().snapshot().atReady || bench.modem().mode === 'download' || bench.modem().mode === 'boot-loop', 30_000);
  return { bench, clock };
}

export async function openAtPort(bench: VirtualBench, clock: VirtualClock): Promise<SerialSession> {
  bench.picker.next = 'auto';
  const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
  await port.open({ baudRate: 115200 });
  const out = collect(port.readable!.getReader());
  const writer = port.writable!.getWriter();
  const at = async (line: string, limitMs = 20_000) => {
    out.take();
    // a slow link resolves the write on the virtual clock: advance while it is pending
    const written = writer.write(enc(`${line}\r`));
    await clock.until(() => FINAL.test(out.text), limitMs);
    await written;
    // the answer up to its final result; URCs that followed stay for the next look
    const m = FINAL.exec(out.text)!;
    const answer = out.text.slice(0, m.index + m[0].length);
    out.text = out.text.slice(answer.length);
    return answer;
  };
  return { bench, clock, port, out, writer, at };
}

/** Polls `cond` on the real clock until it holds; fails after `ms`. */
export async function waitUntil(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves on the first bench change (or at once) after which `cond` holds. */
export function benchUntil(bench: VirtualBench, cond: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (cond()) {
        off();
        resolve();
      }
    };
    const off = bench.events.on('change', check);
    check();
  });
}
