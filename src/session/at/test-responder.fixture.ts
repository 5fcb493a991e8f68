/**
 * A small scripted modem for session tests and the diagnosis benchmark: answers each
 * CR-terminated command from a function, after an optional latency, with echo.
 */
import { MemoryTransport, type MemoryPeer } from '../../transport/memory.ts';

export type Script = (command: string) => string | null;

export class ScriptedModem implements MemoryPeer {
  readonly transport: MemoryTransport;
  readonly received: string[] = [];
  echo = true;
  #buf = '';

  constructor(
    private readonly script: Script,
    private readonly latencyMs = 0,
  ) {
    this.transport = new MemoryTransport({ kind: 'memory', label: 'scripted modem' }, this);
  }

  onHostData(data: Uint8Array): void {
    this.#buf += new TextDecoder().decode(data);
    let i: number;
    while ((i = this.#buf.indexOf('\r')) >= 0) {
      const cmd = this.#buf.slice(0, i);
      this.#buf = this.#buf.slice(i + 1);
      this.received.push(cmd);
      const reply = this.script(cmd);
      const text = `${this.echo ? `${cmd}\r` : ''}${reply ?? ''}`;
      setTimeout(() => this.transport.deliver(new TextEncoder().encode(text)), this.latencyMs);
    }
  }
}

/** `\r\n<lines>\r\n\r\nOK\r\n` as Sierra firmware prints an answer. */
export function answer(lines: readonly string[], final = 'OK'): string {
  return `${lines.length ? `\r\n${lines.join('\r\n')}\r\n` : ''}\r\n${final}\r\n`;
}
