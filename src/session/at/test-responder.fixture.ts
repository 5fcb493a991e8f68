/**
 * A small scripted modem for session tests and the diagnosis benchmark: answers each
 * CR-terminated command from a function, after an optional latency, with echo. A reply is the
 * answer's text, null (echo only), chunks (an answer split across reads, with an optional late
 * tail) or text that comes after a delay. Subclasses change how bytes reach the host (the noise
 * test splits them and mixes in garbage) by overriding `transmit`.
 */
import { MemoryTransport, type MemoryPeer } from '../../transport/memory.ts';

export type Reply =
  | string
  | null
  | { readonly chunks: readonly string[]; readonly later?: { readonly delayMs: number; readonly text: string } }
  | { readonly delayMs: number; readonly text: string };

export type Script = (command: string, modem: ScriptedModem) => Reply;

export class ScriptedModem implements MemoryPeer {
  readonly transport: MemoryTransport;
  readonly received: string[] = [];
  echo = true;
  /** Commands the modem does not hear at all: no echo, no answer (a module busy elsewhere). */
  readonly ignored = new Set<string>();
  #buf = '';

  constructor(
    private readonly script: Script,
    private readonly latencyMs = 0,
    label = 'scripted modem',
  ) {
    this.transport = new MemoryTransport({ kind: 'memory', label }, this);
  }

  onHostData(data: Uint8Array): void {
    this.#buf += new TextDecoder().decode(data);
    let i: number;
    while ((i = this.#buf.indexOf('\r')) >= 0) {
      const cmd = this.#buf.slice(0, i);
      this.#buf = this.#buf.slice(i + 1);
      if (this.ignored.has(cmd)) continue;
      this.received.push(cmd);
      const reply = this.script(cmd, this);
      const echo = this.echo ? `${cmd}\r` : '';
      setTimeout(() => this.#answer(echo, reply), this.latencyMs);
    }
  }

  /** Unsolicited text (a URC, a stray line) from the modem, now. */
  say(text: string): void {
    this.transmit(new TextEncoder().encode(text));
  }

  protected transmit(bytes: Uint8Array): void {
    this.transport.deliver(bytes);
  }

  #answer(echo: string, reply: Reply): void {
    if (reply === null || typeof reply === 'string') {
      const text = echo + (reply ?? '');
      if (text) this.say(text);
      return;
    }
    if (echo) this.say(echo);
    if ('chunks' in reply) {
      for (const c of reply.chunks) this.say(c);
      const later = reply.later;
      if (later) setTimeout(() => this.say(later.text), later.delayMs);
    } else setTimeout(() => this.say(reply.text), reply.delayMs);
  }
}

/** `\r\n<lines>\r\n\r\nOK\r\n` as Sierra firmware prints an answer. */
export function answer(lines: readonly string[], final = 'OK'): string {
  return `${lines.length ? `\r\n${lines.join('\r\n')}\r\n` : ''}\r\n${final}\r\n`;
}
