/**
 * The session under line noise: answers split at random points, binary garbage and URCs
 * interleaved. Every command must still get its own answer; nothing may hang.
 */
import { describe, expect, it } from 'vitest';
import { AtSession } from './at-session.ts';
import { ScriptedModem } from './test-responder.fixture.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The scripted modem, with every answer split at random points and binary noise mixed in. */
class NoisyModem extends ScriptedModem {
  constructor(private readonly r: () => number) {
    super((cmd) => {
      const n = cmd.slice(6);
      let text = `\r\n+TEST: ${n}\r\n`;
      if (r() < 0.3) text += '\r\n+CREG: 1\r\n';
      return `${text}\r\n+TEST: ${n},end\r\n\r\nOK\r\n`;
    }, 0, 'noisy');
  }

  protected override transmit(bytes: Uint8Array): void {
    const parts: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      const len = 1 + Math.floor(this.r() * 12);
      parts.push(bytes.slice(at, at + len));
      at += len;
      // Binary noise that cannot form text: control bytes and lone UTF-8 continuation bytes.
      if (this.r() < 0.2) parts.push(new Uint8Array(Array.from({ length: 1 + Math.floor(this.r() * 6) }, () => (this.r() < 0.5 ? Math.floor(this.r() * 9) : 0x80 + Math.floor(this.r() * 0x40)))));
    }
    this.#out.push(...parts);
    this.#drain();
  }

  // One chained timer at a time: parts arrive in order, some together, some a tick apart
  // (independent timers with different delays may fire out of order).
  #out: Uint8Array[] = [];
  #draining = false;
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const step = () => {
      const burst = 1 + Math.floor(this.r() * 4);
      for (let k = 0; k < burst && this.#out.length > 0; k++) this.transport.deliver(this.#out.shift()!);
      if (this.#out.length > 0) setTimeout(step, 0);
      else this.#draining = false;
    };
    setTimeout(step, 0);
  }
}

describe('AtSession under noise', () => {
  it('answers 500 commands correctly through split chunks, garbage bytes and URCs', async () => {
    const modem = new NoisyModem(rng(7));
    const s = new AtSession(modem.transport, { defaultTimeoutMs: 2000 });
    let urcs = 0;
    s.events.on('urc', () => urcs++);
    for (let i = 0; i < 500; i++) {
      const r = await s.send(`AT+TST${i}`);
      expect(r.final.kind).toBe('ok');
      expect(r.lines).toEqual([`+TEST: ${i}`, `+TEST: ${i},end`]);
    }
    expect(urcs).toBeGreaterThan(50);
    await s.close();
  });
});
