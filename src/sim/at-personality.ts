import type { Clock } from './clock.ts';
import type { FlashState } from './flash.ts';
import type { RadioEnvironment, SimCard } from './network.ts';
import type { FirmwareBuild, ModuleProfile } from './profiles/types.ts';
import type { Registration } from './registration.ts';
import type { Rng } from './rng.ts';
import { FACTORY_AT_PROFILE as FACTORY, applyAtProfile, storedProfileOf, type VolatileState, type StoredAtProfile } from './volatile-state.ts';

/** What the AT interpreter needs from the modem it lives in. */
export interface AtHost {
  readonly profile: ModuleProfile;
  /** IMEI, FSN…: the profile's, made unique per module on a bench. */
  readonly identity: ModuleProfile['identity'];
  readonly flash: FlashState;
  readonly sim: SimCard;
  readonly radio: RadioEnvironment;
  readonly session: VolatileState;
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
  /** The V.250 profile `AT&W` saved (survives resets); `ATZ` restores it. */
  readonly storedProfile: StoredAtProfile;
  saveProfile(p: StoredAtProfile): void;
}

export type Reply =
  | { readonly kind: 'ok'; readonly lines?: readonly string[] }
  | { readonly kind: 'error' }
  | { readonly kind: 'cme'; readonly code: number }
  /** A call-related final result (`NO CARRIER` after ATD/ATA/ATO without a call). */
  | { readonly kind: 'code'; readonly code: 'NO CARRIER' | 'BUSY' | 'NO ANSWER' | 'NO DIALTONE'; readonly lines?: readonly string[] }
  /** An answer recorded on a real module (replay): lines and final result code as printed there. */
  | { readonly kind: 'recorded'; readonly lines: readonly string[]; readonly final: string };

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

/** What a SIM-dependent command answers while the SIM is missing or locked (27.007 §9.2: 10, 11, 12). */
export function simGate(h: AtHost): CommandResult | null {
  switch (h.sim.status) {
    case 'absent':
      return cme(10);
    case 'pin':
      return cme(11);
    case 'puk':
      return cme(12);
    default:
      return null;
  }
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
  21: 'invalid index',
  22: 'not found',
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
const LF = 0x0a;

/** V.250 numeric result codes (ATV0). */
const NUMERIC: Readonly<Record<string, number>> = { OK: 0, CONNECT: 1, RING: 2, 'NO CARRIER': 3, ERROR: 4, 'NO DIALTONE': 6, BUSY: 7, 'NO ANSWER': 8 };

/** S-registers the modules accept, with their allowed range (others answer ERROR). */
const SREG_RANGE: Readonly<Record<number, readonly [number, number]>> = {
  0: [0, 255],
  3: [0, 127],
  4: [0, 127],
  5: [0, 127],
  6: [2, 10],
  7: [1, 255],
  8: [0, 255],
  10: [1, 254],
};

/**
 * Answers recorded on a real module (a replayed transcript). The interpreter asks it first for
 * every command line; what it does not know, the simulated command set answers.
 */
export interface RecordedAnswers {
  /** The recorded answer to this command line, or null. `line` is as typed, without `AT` case changes. */
  lookup(line: string): { readonly lines: readonly string[]; readonly final: string } | null;
  /** Told how each command line was answered, for the banner's counts. */
  answered?(line: string, source: 'recorded' | 'simulated'): void;
  /** The module went into download mode or was written: recorded answers no longer describe it. */
  moduleChanged?(why: string): void;
}

export interface AtPersonalityOptions {
  readonly handlers: ReadonlyMap<string, CommandHandler>;
  /**
   * Boot-loop firmware: the port enumerates but the application never answers; only the
   * boot-and-hold request is still caught (what makes the "catch it in the window" rescue work).
   */
  readonly deaf?: boolean;
  readonly recorded?: RecordedAnswers;
}

/** One element of a command line after `AT`. */
type LineItem =
  | { readonly kind: 'basic'; readonly name: string; readonly value: string }
  | { readonly kind: 'sreg'; readonly reg: number; readonly value: string | null }
  | { readonly kind: 'dial'; readonly text: string }
  | { readonly kind: 'ext'; readonly text: string };

/**
 * Splits the body of a command line (after `AT`) into basic commands (`E0`, `&C1`, `S0=0`,
 * `I9`, `D…`) and extended ones (`+CGMI`, `!GSTATUS?`), as V.250 §5.2 describes: basic
 * commands follow each other directly, spaces between them are ignored, extended commands end
 * at an unquoted `;`. Returns null for a line that is not well formed (the module says ERROR).
 */
export function parseCommandLine(body: string): LineItem[] | null {
  const items: LineItem[] = [];
  let i = 0;
  const n = body.length;
  const digits = (): string => {
    const st = i;
    while (i < n && body[i]! >= '0' && body[i]! <= '9') i++;
    return body.slice(st, i);
  };
  while (i < n) {
    const c = body[i]!;
    if (c === ' ' || c === ';') {
      i++;
      continue;
    }
    if ('+!$%#*^'.includes(c)) {
      let j = i;
      let q = false;
      while (j < n && (q || body[j] !== ';')) {
        if (body[j] === '"') q = !q;
        j++;
      }
      items.push({ kind: 'ext', text: body.slice(i, j).trim() });
      i = j;
      continue;
    }
    const u = c.toUpperCase();
    if (u === '&') {
      const l = body[i + 1]?.toUpperCase();
      if (!l || l < 'A' || l > 'Z') return null;
      i += 2;
      items.push({ kind: 'basic', name: `&${l}`, value: digits() });
      continue;
    }
    if (u === 'S') {
      i++;
      const reg = digits();
      if (!reg) return null;
      if (body[i] === '?') {
        i++;
        items.push({ kind: 'sreg', reg: Number(reg), value: null });
      } else if (body[i] === '=') {
        i++;
        items.push({ kind: 'sreg', reg: Number(reg), value: digits() });
      } else return null;
      continue;
    }
    if (u === 'D') {
      // dial: the rest of the line up to ';' is the number and its modifiers
      let j = i + 1;
      while (j < n && body[j] !== ';') j++;
      items.push({ kind: 'dial', text: body.slice(i + 1, j).trim() });
      i = j + 1;
      continue;
    }
    if (u >= 'A' && u <= 'Z') {
      i++;
      items.push({ kind: 'basic', name: u, value: digits() });
      continue;
    }
    return null;
  }
  return items;
}

/**
 * The command interpreter of one module's AT port: assembles lines (echo, backspace, `A/`),
 * runs one command line at a time with a realistic delay, formats results per ATV/ATQ/+CMEE,
 * and holds unsolicited result codes while a line is being typed or answered: they go out
 * after the final result code, never inside a response (27.007 §3, as real modules do).
 */
export class AtPersonality {
  readonly #host: AtHost;
  readonly #handlers: ReadonlyMap<string, CommandHandler>;
  readonly #deaf: boolean;
  readonly #recorded: RecordedAnswers | null;
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
    this.#recorded = options.recorded ?? null;
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
    const s = this.#host.session;
    const cr = s.sregs[3] ?? 13;
    const bs = s.sregs[5] ?? 8;
    for (const b of data) {
      if (b === cr) {
        this.#endLine();
      } else if (b === LF) {
        // LF after CR is ignored: S4 is only ever sent
      } else if (b === bs || b === 0x7f) {
        this.#line = this.#line.slice(0, -1);
      } else if (b < 0x20) {
        // other control characters inside a command line are ignored (V.250 §5.2.2)
      } else {
        this.#line += String.fromCharCode(b);
        if (this.#line.length > 2048) this.#line = this.#line.slice(-2048);
        // `A/` repeats the previous command line at once, without a CR (V.250 §5.2.4)
        if (this.#line.length === 2 && this.#line.toUpperCase() === 'A/') {
          this.#line = '';
          if (this.#lastLine) this.#enqueue(this.#lastLine);
        }
      }
    }
  }

  /** An unsolicited result code: sent now when idle, else right after the current final result. */
  urc(line: string): void {
    if (this.#stopped || this.#deaf) return;
    if (this.#busy || this.#line.length > 0) this.#pendingUrcs.push(line);
    else this.#sendUrc(line);
  }

  #sendUrc(line: string): void {
    const { s3, s4 } = this.#chars();
    this.#send(enc.encode(this.#host.session.verbose ? `${s3}${s4}${line}${s3}${s4}` : `${line}${s3}${s4}`));
  }

  #chars(): { s3: string; s4: string } {
    const r = this.#host.session.sregs;
    return { s3: String.fromCharCode(r[3] ?? 13), s4: String.fromCharCode(r[4] ?? 10) };
  }

  #endLine(): void {
    const raw = this.#line;
    this.#line = '';
    const start = raw.search(/at/i);
    if (start < 0) {
      // no command on this line: held URCs may go now
      if (!this.#busy) this.#flushUrcs();
      return;
    }
    const line = raw.slice(start).trim();
    this.#lastLine = line;
    this.#enqueue(line);
  }

  #flushUrcs(): void {
    const urcs = this.#pendingUrcs;
    this.#pendingUrcs = [];
    for (const u of urcs) this.#sendUrc(u);
  }

  #enqueue(line: string): void {
    this.#queue.push(line);
    if (!this.#busy) this.#next();
  }

  #next(): void {
    const line = this.#queue.shift();
    if (line === undefined || this.#stopped) return;
    this.#busy = true;
    const result = this.#deaf ? this.#deafRun(line) : this.#answer(line);
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
      if (this.#line.length === 0) this.#flushUrcs();
      result.after?.();
      this.#next();
    }, delay);
  }

  #answer(line: string): CommandResult {
    const rec = this.#recorded?.lookup(line) ?? null;
    if (rec) {
      this.#recorded?.answered?.(line, 'recorded');
      return { reply: { kind: 'recorded', lines: rec.lines, final: rec.final } };
    }
    this.#recorded?.answered?.(line, 'simulated');
    return this.#run(line);
  }

  #deafRun(line: string): CommandResult | null {
    const body = line.slice(2).trim().toUpperCase();
    if (body === '!BOOTHOLD') return { reply: { kind: 'ok' }, delayMs: 30, after: () => this.#host.boothold() };
    return null;
  }

  #format(reply: Reply): string {
    const s = this.#host.session;
    const { s3, s4 } = this.#chars();
    const nl = s3 + s4;
    const body = (lines: readonly string[]): string => (lines.length === 0 ? '' : s.verbose ? `${nl}${lines.join(nl)}${nl}` : `${lines.join(nl)}${nl}`);
    const code = (text: string): string => {
      if (s.quiet) return '';
      return s.verbose ? `${nl}${text}${nl}` : `${NUMERIC[text] ?? 4}${s3}`;
    };
    // extended error codes are information text, shown even in numeric mode (27.007 §9.1)
    const ext = (text: string): string => (s.verbose ? `${nl}${text}${nl}` : `${text}${nl}`);
    switch (reply.kind) {
      case 'ok':
        return body(reply.lines ?? []) + code('OK');
      case 'error':
        return code('ERROR');
      case 'code':
        return body(reply.lines ?? []) + code(reply.code);
      case 'recorded': {
        const f = reply.final;
        const isCode = f in NUMERIC;
        return body(reply.lines) + (isCode ? code(f) : ext(f));
      }
      case 'cme': {
        if (s.cmee === 0) return code('ERROR');
        if (s.cmee === 1) return ext(`+CME ERROR: ${reply.code}`);
        return ext(`+CME ERROR: ${CME_TEXT[reply.code] ?? String(reply.code)}`);
      }
    }
  }

  /** Runs a whole command line: each basic or extended command in turn, stopping at the first error. */
  #run(line: string): CommandResult {
    const items = parseCommandLine(line.slice(2));
    if (!items) return ERROR;
    const lines: string[] = [];
    let delay = 0;
    const afters: (() => void)[] = [];
    for (const item of items) {
      let r: CommandResult;
      if (item.kind === 'ext') {
        const cmd = parseExtended(item.text);
        const handler = this.#handlers.get(cmd.name);
        r = handler ? handler(cmd, this.#host) : ERROR;
      } else if (item.kind === 'sreg') {
        r = this.#sreg(item.reg, item.value);
      } else if (item.kind === 'dial') {
        // no voice or circuit-switched data here: the call fails as it does on these modules
        r = { reply: { kind: 'code', code: 'NO CARRIER' }, delayMs: this.#host.rng.int(1500, 3000) };
      } else {
        r = this.#basic(item.name, item.value);
      }
      delay = Math.max(delay, r.delayMs ?? 0);
      if (r.reply.kind !== 'ok') {
        const prior = lines.length && r.reply.kind === 'code' ? { ...r.reply, lines: [...lines, ...(r.reply.lines ?? [])] } : r.reply;
        return { reply: prior, ...(delay ? { delayMs: delay } : {}), ...(r.after ? { after: r.after } : {}) };
      }
      lines.push(...(r.reply.lines ?? []));
      if (r.after) afters.push(r.after);
    }
    return {
      reply: { kind: 'ok', lines },
      ...(delay ? { delayMs: delay } : {}),
      ...(afters.length ? { after: () => afters.forEach((f) => f()) } : {}),
    };
  }

  #sreg(reg: number, value: string | null): CommandResult {
    const s = this.#host.session;
    const range = SREG_RANGE[reg];
    if (!range) return ERROR;
    if (value === null) return info(String(s.sregs[reg] ?? 0).padStart(3, '0'));
    if (value === '') return ERROR;
    const v = Number(value);
    if (v < range[0] || v > range[1]) return ERROR;
    s.sregs[reg] = v;
    return OK;
  }

  #basic(name: string, value: string): CommandResult {
    const host = this.#host;
    const s = host.session;
    const v = value === '' ? 0 : Number(value);
    const bool = (max: number): boolean => v <= max;
    switch (name) {
      case 'E':
        if (!bool(1)) return ERROR;
        s.echo = v === 1;
        return OK;
      case 'V':
        if (!bool(1)) return ERROR;
        s.verbose = v === 1;
        return OK;
      case 'Q':
        if (!bool(1)) return ERROR;
        s.quiet = v === 1;
        return OK;
      case 'X':
        return bool(4) ? OK : ERROR;
      case 'L':
        return bool(3) ? OK : ERROR;
      case 'M':
        return bool(2) ? OK : ERROR;
      case 'H':
        // no call to hang up: accepted
        return v === 0 ? OK : ERROR;
      case 'A':
      case 'O':
        // nothing to answer or return to
        return v === 0 ? { reply: { kind: 'code', code: 'NO CARRIER' } } : ERROR;
      case 'I': {
        if (value === '' || value === '0' || value === '9') return info(...atiLines(host));
        if (value === '3') return info(host.firmware() ? revisionOf(host.firmware()!) : '');
        return ERROR;
      }
      case 'Z':
        if (v !== 0) return ERROR;
        applyAtProfile(s, host.storedProfile);
        return OK;
      case '&F':
        if (v !== 0) return ERROR;
        applyAtProfile(s, FACTORY);
        return OK;
      case '&W':
        if (v !== 0) return ERROR;
        host.saveProfile(storedProfileOf(s));
        return OK;
      case '&V':
        return v === 0 ? info(...profileLines('ACTIVE PROFILE:', s), '', ...profileLines('STORED PROFILE:', host.storedProfile)) : ERROR;
      case '&C':
        if (!bool(1)) return ERROR;
        s.dcd = v as 0 | 1;
        return OK;
      case '&D':
        if (!bool(2)) return ERROR;
        s.dtr = v as 0 | 1 | 2;
        return OK;
      case '&K':
        // Hayes flow control: 0 none, 3 RTS/CTS (the same as +IFC=2,2)
        if (v !== 0 && v !== 3) return ERROR;
        s.ifc = v === 3 ? [2, 2] : [0, 0];
        return OK;
      case '&S':
        return bool(1) ? OK : ERROR;
      default:
        return ERROR;
    }
  }

  #send(bytes: Uint8Array): void {
    if (!this.#stopped) this.#sink?.(bytes);
  }
}

/**
 * `AT&V`: the shape is not in our sources (the Sierra references only list the settings), so
 * the common Qualcomm form is used: the basic settings on one line, the S-registers on the next.
 */
function profileLines(title: string, p: StoredAtProfile | VolatileState): string[] {
  const regs = Object.entries(p.sregs)
    .map(([k, v]) => `S${k.padStart(2, '0')}:${String(v).padStart(3, '0')}`)
    .join(' ');
  return [title, `E${p.echo ? 1 : 0} Q${p.quiet ? 1 : 0} V${p.verbose ? 1 : 0} X4 &C${p.dcd} &D${p.dtr}`, regs];
}

export function revisionOf(fw: FirmwareBuild): string {
  return fw.printed ?? `${fw.platform}_${fw.version} ${fw.buildId} ${fw.builder} ${fw.built}`;
}

export function atiLines(host: AtHost): string[] {
  const p = host.profile;
  const fw = host.firmware();
  // RC76 prints its Qualcomm baseline between Model and Revision (corpus rc7620_*ati9*)
  // a replayed module whose model the text never showed prints none
  const lines = ['Manufacturer: Sierra Wireless, Incorporated', ...(p.model ? [`Model: ${p.model}`] : [])];
  if (fw?.qtiBaseline) lines.push(`QTI baseline: ${fw.qtiBaseline}`);
  lines.push(`Revision: ${fw ? revisionOf(fw) : 'Unknown'}`);
  const id = host.identity;
  if (id.meid) lines.push(`MEID: ${id.meid}`);
  lines.push(`IMEI: ${id.imei}`, `IMEI SV: ${id.imeiSv.padStart(2, ' ')}`, `FSN: ${id.fsn}`, p.gcap);
  return lines;
}
