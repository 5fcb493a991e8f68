import type { Clock } from './clock.ts';
import type { FlashState } from './flash.ts';
import type { RadioEnvironment, SimCard } from './network.ts';
import type { FirmwareBuild, ModuleProfile } from './profiles/types.ts';
import type { Registration } from './registration.ts';
import type { Rng } from './rng.ts';
import type { SessionState } from './session-state.ts';

/** What the AT interpreter needs from the modem it lives in. */
export interface AtHost {
  readonly profile: ModuleProfile;
  /** IMEI, FSN…: the profile's, made unique per module on a bench. */
  readonly identity: ModuleProfile['identity'];
  readonly flash: FlashState;
  readonly sim: SimCard;
  readonly radio: RadioEnvironment;
  readonly session: SessionState;
  readonly clock: Clock;
  readonly rng: Rng;
  firmware(): FirmwareBuild | null;
  registration(): Registration;
  uptimeSeconds(): number;
  temperatureC(): number;
  /** Called once the final OK of `AT!RESET` has gone out. */
  reset(): void;
  /** Called once the final OK of `AT!BOOTHOLD` has gone out. */
  boothold(): void;
  /** PIN entered, CFUN changed, a context activated: registration and URCs may change. */
  stateChanged(): void;
}

export type Reply =
  | { readonly kind: 'ok'; readonly lines?: readonly string[] }
  | { readonly kind: 'error' }
  | { readonly kind: 'cme'; readonly code: number };

export interface CommandResult {
  readonly reply: Reply;
  /** Time the module takes before answering (ms). */
  readonly delayMs?: number;
  /** Runs after the reply has been sent (resets, mode switches). */
  readonly after?: () => void;
}

export type CommandOp = 'exec' | 'read' | 'test' | 'set';

export interface ParsedCommand {
  /** Upper-case name with its prefix: `+CGMR`, `!GSTATUS`. */
  readonly name: string;
  readonly op: CommandOp;
  /** Arguments of a set command, quotes removed. */
  readonly args: readonly string[];
  /** Whether each argument was quoted. */
  readonly quoted: readonly boolean[];
  readonly text: string;
}

export type CommandHandler = (cmd: ParsedCommand, host: AtHost) => CommandResult;

export const OK: CommandResult = { reply: { kind: 'ok' } };
export const ERROR: CommandResult = { reply: { kind: 'error' } };
export function info(...lines: string[]): CommandResult {
  return { reply: { kind: 'ok', lines } };
}
export function cme(code: number): CommandResult {
  return { reply: { kind: 'cme', code } };
}

/** Verbose `+CME ERROR` texts as Sierra firmware prints them (CMEE=2). */
export const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  16: 'incorrect password',
  30: 'no network service',
  50: 'incorrect parameters',
  100: 'unknown',
  131: 'activation rejected, unspecified',
  133: 'requested service option not subscribed',
  148: 'unspecified GPRS error',
};

/** Splits `1,"IP","a,b"` into arguments, honouring quotes. */
export function splitArgs(s: string): { args: string[]; quoted: boolean[] } {
  const args: string[] = [];
  const quoted: boolean[] = [];
  let cur = '';
  let inQuote = false;
  let wasQuoted = false;
  for (const ch of s) {
    if (ch === '"') {
      inQuote = !inQuote;
      wasQuoted = true;
    } else if (ch === ',' && !inQuote) {
      args.push(wasQuoted ? cur : cur.trim());
      quoted.push(wasQuoted);
      cur = '';
      wasQuoted = false;
    } else {
      cur += ch;
    }
  }
  if (s.length > 0) {
    args.push(wasQuoted ? cur : cur.trim());
    quoted.push(wasQuoted);
  }
  return { args, quoted };
}

export function parseExtended(text: string): ParsedCommand {
  const m = /^([+!$%#*&][A-Za-z0-9_]+)(=\?|\?|=)?(.*)$/s.exec(text);
  if (!m) return { name: text.toUpperCase(), op: 'exec', args: [], quoted: [], text };
  const name = m[1]!.toUpperCase();
  const suffix = m[2];
  const rest = m[3] ?? '';
  if (suffix === '=?') return { name, op: 'test', args: [], quoted: [], text };
  if (suffix === '?') return { name, op: 'read', args: rest ? splitArgs(rest).args : [], quoted: [], text };
  if (suffix === '=') {
    const { args, quoted } = splitArgs(rest);
    return { name, op: 'set', args, quoted, text };
  }
  return { name, op: 'exec', args: [], quoted: [], text };
}

const enc = new TextEncoder();
const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;

export interface AtPersonalityOptions {
  readonly handlers: ReadonlyMap<string, CommandHandler>;
  /**
   * Boot-loop firmware: the port enumerates but the application never answers; only the
   * boot-and-hold request is still caught (what makes the "catch it in the window" rescue work).
   */
  readonly deaf?: boolean;
}

/**
 * The command interpreter of one module's AT port: assembles lines, echoes, runs one command at
 * a time with a realistic delay, formats final result codes per +CMEE, and slips unsolicited
 * result codes in only between commands.
 */
export class AtPersonality {
  readonly #host: AtHost;
  readonly #handlers: ReadonlyMap<string, CommandHandler>;
  readonly #deaf: boolean;
  #sink: ((bytes: Uint8Array) => void) | null = null;
  #line = '';
  #lastLine = '';
  #queue: string[] = [];
  #busy = false;
  #pendingUrcs: string[] = [];
  #stopped = false;

  constructor(host: AtHost, options: AtPersonalityOptions) {
    this.#host = host;
    this.#handlers = options.handlers;
    this.#deaf = options.deaf ?? false;
  }

  /** A host opened the port (null: closed). Output with no listener is lost, as on a real port. */
  setSink(sink: ((bytes: Uint8Array) => void) | null): void {
    this.#sink = sink;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The module reset or vanished: nothing more comes out of this interpreter. */
  stop(): void {
    this.#stopped = true;
    this.#queue = [];
    this.#pendingUrcs = [];
    this.#sink = null;
  }

  receive(data: Uint8Array): void {
    if (this.#stopped) return;
    if (this.#host.session.echo && !this.#deaf) this.#send(data.slice());
    for (const b of data) {
      if (b === CR) {
        this.#endLine();
      } else if (b === LF) {
        // LF after CR is ignored, as S4 is only sent, never expected
      } else if (b === BS) {
        this.#line = this.#line.slice(0, -1);
      } else {
        this.#line += String.fromCharCode(b);
        if (this.#line.length > 2048) this.#line = this.#line.slice(-2048);
        if (this.#line.toUpperCase().endsWith('A/')) {
          this.#line = '';
          if (this.#lastLine) this.#enqueue(this.#lastLine);
        }
      }
    }
  }

  /** An unsolicited result code: sent now when idle, else right after the current final result. */
  urc(line: string): void {
    if (this.#stopped || this.#deaf) return;
    if (this.#busy) this.#pendingUrcs.push(line);
    else this.#send(enc.encode(`\r\n${line}\r\n`));
  }

  #endLine(): void {
    const raw = this.#line;
    this.#line = '';
    const start = raw.search(/at/i);
    if (start < 0) return;
    const line = raw.slice(start).trim();
    this.#lastLine = line;
    this.#enqueue(line);
  }

  #enqueue(line: string): void {
    this.#queue.push(line);
    if (!this.#busy) this.#next();
  }

  #next(): void {
    const line = this.#queue.shift();
    if (line === undefined || this.#stopped) return;
    this.#busy = true;
    const result = this.#deaf ? this.#deafRun(line) : this.#run(line);
    if (!result) {
      this.#busy = false;
      this.#next();
      return;
    }
    const delay = result.delayMs ?? this.#host.rng.int(8, 40);
    this.#host.clock.setTimeout(() => {
      if (this.#stopped) return;
      this.#send(enc.encode(this.#format(result.reply)));
      this.#busy = false;
      const urcs = this.#pendingUrcs;
      this.#pendingUrcs = [];
      for (const u of urcs) this.#send(enc.encode(`\r\n${u}\r\n`));
      result.after?.();
      this.#next();
    }, delay);
  }

  #deafRun(line: string): CommandResult | null {
    const body = line.slice(2).trim().toUpperCase();
    if (body === '!BOOTHOLD') return { reply: { kind: 'ok' }, delayMs: 30, after: () => this.#host.boothold() };
    return null;
  }

  #format(reply: Reply): string {
    if (reply.kind === 'ok') {
      const lines = reply.lines ?? [];
      return lines.length ? `\r\n${lines.join('\r\n')}\r\n\r\nOK\r\n` : '\r\nOK\r\n';
    }
    if (reply.kind === 'error') return '\r\nERROR\r\n';
    const mode = this.#host.session.cmee;
    if (mode === 0) return '\r\nERROR\r\n';
    if (mode === 1) return `\r\n+CME ERROR: ${reply.code}\r\n`;
    return `\r\n+CME ERROR: ${CME_TEXT[reply.code] ?? String(reply.code)}\r\n`;
  }

  /** Runs a whole command line: basic commands, then `;`-separated extended ones. */
  #run(line: string): CommandResult {
    let body = line.slice(2);
    const lines: string[] = [];
    let delay = 0;
    const afters: (() => void)[] = [];
    // basic commands first (ATE0, ATI, ATZ, ATV1, ATQ0, AT&F can be chained: ATE0V1)
    for (;;) {
      const m = /^\s*(E[01]?|V1|Q0|Z0?|&F0?|&W0?|I[0-9]?)(?=$|[;+!EVQZ&I\s])/i.exec(body);
      if (!m) break;
      const r = this.#basic(m[1]!.toUpperCase());
      if (r.reply.kind !== 'ok') return r;
      lines.push(...(r.reply.lines ?? []));
      body = body.slice(m[0].length);
    }
    body = body.trim();
    if (body.startsWith(';')) body = body.slice(1);
    const parts = body.length ? splitCommands(body) : [];
    for (const part of parts) {
      if (!part) continue;
      const cmd = parseExtended(part.trim());
      const handler = this.#handlers.get(cmd.name);
      if (!handler) return ERROR;
      const r = handler(cmd, this.#host);
      if (r.reply.kind !== 'ok') return { ...r, delayMs: Math.max(delay, r.delayMs ?? 0) || undefined };
      lines.push(...(r.reply.lines ?? []));
      delay = Math.max(delay, r.delayMs ?? 0);
      if (r.after) afters.push(r.after);
    }
    return {
      reply: { kind: 'ok', lines },
      ...(delay ? { delayMs: delay } : {}),
      ...(afters.length ? { after: () => afters.forEach((f) => f()) } : {}),
    };
  }

  #basic(cmd: string): CommandResult {
    const host = this.#host;
    if (cmd === 'E' || cmd === 'E0') {
      host.session.echo = false;
      return OK;
    }
    if (cmd === 'E1') {
      host.session.echo = true;
      return OK;
    }
    if (cmd.startsWith('I')) {
      const n = cmd.slice(1);
      if (n === '' || n === '0' || n === '9') return info(...atiLines(host));
      if (n === '3') return info(host.firmware() ? revisionOf(host.firmware()!) : '');
      return ERROR;
    }
    // ATZ / AT&F restore defaults for the things this model keeps
    if (cmd.startsWith('Z') || cmd.startsWith('&F')) {
      host.session.echo = true;
      host.session.cmee = 0;
    }
    return OK;
  }

  #send(bytes: Uint8Array): void {
    if (!this.#stopped) this.#sink?.(bytes);
  }
}

function splitCommands(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  for (const ch of body) {
    if (ch === '"') inQuote = !inQuote;
    if (ch === ';' && !inQuote) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

export function revisionOf(fw: FirmwareBuild): string {
  return `${fw.platform}_${fw.version} ${fw.buildId} ${fw.builder} ${fw.built}`;
}

export function atiLines(host: AtHost): string[] {
  const p = host.profile;
  const fw = host.firmware();
  const lines = ['Manufacturer: Sierra Wireless, Incorporated', `Model: ${p.model}`, `Revision: ${fw ? revisionOf(fw) : 'Unknown'}`];
  if (fw?.qtiBaseline) lines.push(`QTI baseline: ${fw.qtiBaseline}`);
  const id = host.identity;
  if (id.meid) lines.push(`MEID: ${id.meid}`);
  lines.push(`IMEI: ${id.imei}`, `IMEI SV: ${id.imeiSv.padStart(2, ' ')}`, `FSN: ${id.fsn}`, '+GCAP: +CGSM');
  return lines;
}
