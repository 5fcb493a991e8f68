/**
 * The AT session engine: sends one command at a time over a Transport, splits what comes
 * back into the command's answer, its final result code and unsolicited lines, and never
 * lets one late or lost answer poison the next command.
 *
 * Reading runs in a background pump from construction to close, so URCs are delivered even
 * when nothing is being sent, and a timed-out command does not leave a read dangling.
 */
import { LineSplitter } from '../../codec/at/line-splitter.ts';
import { classifyFinal, type FinalResult } from '../../codec/at/final-result.ts';
import { echoKey, parseCommand, type ParsedCommand } from '../../codec/at/command.ts';
import { isKnownUrc, isUnsolicited } from '../../codec/at/urc.ts';
import { DEFAULT_ENTERCND_PASSWORD, isGated } from '../../knowledge/profiles/password-gate.ts';
import type { Transport } from '../../transport/transport.ts';
import { isTransportError } from '../../transport/errors.ts';
import { Emitter } from '../../core/emitter.ts';
import { AtError } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, defaultTimeoutFor } from './timeouts.ts';

export type { FinalResult } from '../../codec/at/final-result.ts';
export { AtError, isAtError, type AtErrorCode } from './errors.ts';

/**
 * What happened at the `AT!ENTERCND` gate for this command:
 * `open` the gate was not involved; `locked` the command is gated and was refused (unlock not
 * allowed, or the unlock itself failed); `unlocked` it was refused, unlocked, retried.
 */
export type PasswordGate = 'open' | 'locked' | 'unlocked';

export interface AtResponse {
  /** The command as sent (a password is shown as `****`). */
  readonly command: string;
  /** Information lines of the answer, in order, without echo, URCs or the final code. */
  readonly lines: string[];
  readonly final: FinalResult;
  /** Everything received while the command was in flight, decoded (URCs included). */
  readonly raw: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly passwordGate: PasswordGate;
}

export interface SendOptions {
  /** Default: per command (see timeouts.ts), otherwise the session default. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Allow the session to send `AT!ENTERCND="<password>"` and retry once when a gated
   * command is refused. This unlocks factory commands until the next reset, so it is off
   * unless the caller opts in.
   */
  readonly unlock?: boolean | { readonly password: string };
}

export type LineRole = 'echo' | 'info' | 'final' | 'urc' | 'stale';

export interface AtSessionEvents extends Record<string, unknown> {
  urc: { readonly line: string; readonly at: number };
  tx: { readonly bytes: Uint8Array; readonly at: number };
  rx: { readonly bytes: Uint8Array; readonly at: number };
  /** Every line, with the role the session gave it (for consoles and transcripts). */
  line: { readonly text: string; readonly at: number; readonly role: LineRole; readonly command: string | null };
  response: { readonly response: AtResponse };
  closed: { readonly reason: 'closed' | 'device-lost'; readonly error?: AtError };
}

export interface AtSessionOptions {
  readonly defaultTimeoutMs?: number;
  readonly now?: () => number;
}

interface Job {
  readonly command: string;
  readonly shown: string;
  readonly parsed: ParsedCommand | null;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Secret to mask in traces (the ENTERCND password). */
  readonly secret: string | null;
  readonly resolve: (r: AtResponse) => void;
  readonly reject: (e: AtError) => void;
  detachAbort: () => void;
}

interface InFlight {
  readonly job: Job;
  readonly lines: string[];
  readonly raw: Uint8Array[];
  readonly startedAt: number;
  echoSeen: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

export class AtSession {
  readonly events = new Emitter<AtSessionEvents>();
  readonly #transport: Transport;
  readonly #defaultTimeoutMs: number;
  readonly #now: () => number;
  readonly #splitter = new LineSplitter();
  readonly #queue: Job[] = [];
  readonly #pumpAbort = new AbortController();
  #inFlight: InFlight | null = null;
  #state: 'open' | 'closed' | 'lost' = 'open';
  /** Echo as last observed; decides whether lines before an echo can belong to a dead command. */
  #echo: 'unknown' | 'on' | 'off' = 'unknown';
  /** Commands that timed out or were aborted and whose final result has not arrived yet. */
  #stale = 0;
  #unlocked = false;
  #lossError: AtError | null = null;

  constructor(transport: Transport, options: AtSessionOptions = {}) {
    this.#transport = transport;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#now = options.now ?? (() => Date.now());
    void this.#pump();
  }

  get state(): 'open' | 'closed' | 'lost' {
    return this.#state;
  }

  /** Whether `AT!ENTERCND` succeeded since the last reset seen by this session. */
  get unlocked(): boolean {
    return this.#unlocked;
  }

  get transport(): Transport {
    return this.#transport;
  }

  async send(command: string, options: SendOptions = {}): Promise<AtResponse> {
    const first = await this.#enqueue(command, options, null);
    const parsed = parseCommand(command);
    if (!parsed || !isGated(parsed.name, parsed.form) || !isRefusal(first.final)) return first;
    if (!options.unlock || this.#unlocked) return { ...first, passwordGate: 'locked' };
    const password = typeof options.unlock === 'object' ? options.unlock.password : DEFAULT_ENTERCND_PASSWORD;
    const gate = await this.#enqueue(`AT!ENTERCND="${password}"`, { signal: options.signal }, password);
    if (gate.final.kind !== 'ok') return { ...first, passwordGate: 'locked' };
    this.#unlocked = true;
    const retry = await this.#enqueue(command, options, null);
    return { ...retry, passwordGate: isRefusal(retry.final) ? 'locked' : 'unlocked' };
  }

  /** Stops the session; pending commands fail with `closed`. Closes the transport unless kept. */
  async close(options: { keepTransport?: boolean } = {}): Promise<void> {
    if (this.#state === 'open') {
      this.#shutdown('closed', new AtError('closed', '', 'The AT session was closed.'));
    }
    this.#pumpAbort.abort();
    if (!options.keepTransport) await this.#transport.close();
  }

  #enqueue(command: string, options: SendOptions, secret: string | null): Promise<AtResponse> {
    const shown = secret ? command.split(secret).join('****') : command;
    return new Promise<AtResponse>((resolve, reject) => {
      if (this.#state !== 'open') {
        reject(this.#lossError ?? new AtError('closed', shown, 'The AT session is closed.'));
        return;
      }
      const trimmed = command.trim();
      if (!/^AT/i.test(trimmed) || /[\r\n]/.test(trimmed)) {
        reject(new AtError('invalid-command', shown, `Not a single AT command: ${JSON.stringify(shown)}`));
        return;
      }
      const signal = options.signal;
      if (signal?.aborted) {
        reject(new AtError('aborted', shown, `${shown}: aborted before it was sent.`, signal.reason));
        return;
      }
      const job: Job = {
        command: trimmed,
        shown: shown.trim(),
        parsed: parseCommand(trimmed),
        timeoutMs: options.timeoutMs ?? defaultTimeoutFor(trimmed, this.#defaultTimeoutMs),
        signal,
        secret,
        resolve,
        reject,
        detachAbort: () => {},
      };
      if (signal) {
        const onAbort = () => this.#abortJob(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(job);
      this.#runNext();
    });
  }

  #runNext(): void {
    if (this.#inFlight || this.#state !== 'open') return;
    const job = this.#queue.shift();
    if (!job) return;
    const flight: InFlight = { job, lines: [], raw: [], startedAt: this.#now(), echoSeen: false, timer: null };
    this.#inFlight = flight;
    flight.timer = setTimeout(() => this.#giveUp(flight, 'timeout'), job.timeoutMs);
    const bytes = new TextEncoder().encode(`${job.command}\r`);
    this.events.emit('tx', { bytes: job.secret ? mask(bytes, job.secret) : bytes, at: flight.startedAt });
    this.#transport.write(bytes, { signal: job.signal }).catch((e: unknown) => {
      if (this.#inFlight !== flight) return;
      if (isTransportError(e, 'device-lost')) return; // the pump reports the loss
      const code = isTransportError(e, 'aborted') ? 'aborted' : isTransportError(e, 'closed') ? 'closed' : 'io';
      this.#finishWithError(flight, new AtError(code, job.shown, `${job.shown}: write failed (${String(e)}).`, e));
    });
  }

  #abortJob(job: Job): void {
    const i = this.#queue.indexOf(job);
    if (i >= 0) {
      this.#queue.splice(i, 1);
      job.detachAbort();
      job.reject(new AtError('aborted', job.shown, `${job.shown}: aborted before it was sent.`, job.signal?.reason));
      return;
    }
    if (this.#inFlight?.job === job) this.#giveUp(this.#inFlight, 'aborted');
  }

  /** Timeout or abort of the command in flight: its answer may still come, so count it stale. */
  #giveUp(flight: InFlight, code: 'timeout' | 'aborted'): void {
    if (this.#inFlight !== flight) return;
    this.#stale++;
    const { job } = flight;
    const message =
      code === 'timeout'
        ? `${job.shown}: no final result within ${job.timeoutMs} ms.`
        : `${job.shown}: aborted while waiting for the answer.`;
    this.#finishWithError(flight, new AtError(code, job.shown, message, code === 'aborted' ? job.signal?.reason : undefined));
  }

  #finishWithError(flight: InFlight, error: AtError): void {
    this.#clearFlight(flight);
    flight.job.reject(error);
    this.#runNext();
  }

  #clearFlight(flight: InFlight): void {
    if (flight.timer) clearTimeout(flight.timer);
    flight.job.detachAbort();
    if (this.#inFlight === flight) this.#inFlight = null;
  }

  async #pump(): Promise<void> {
    for (;;) {
      let chunk: Uint8Array;
      try {
        chunk = await this.#transport.read({ signal: this.#pumpAbort.signal });
      } catch (e) {
        if (this.#state !== 'open') return;
        if (isTransportError(e, 'aborted')) return;
        if (isTransportError(e, 'device-lost')) {
          this.#shutdown('device-lost', new AtError('device-lost', '', 'The modem went away.', e));
        } else {
          this.#shutdown('closed', new AtError('closed', '', 'The port was closed.', e));
        }
        return;
      }
      const at = this.#now();
      const flight = this.#inFlight;
      const secret = flight?.job.secret ?? null;
      this.events.emit('rx', { bytes: secret ? mask(chunk, secret) : chunk, at });
      flight?.raw.push(chunk);
      for (const line of this.#splitter.push(chunk)) this.#onLine(line, at);
    }
  }

  #onLine(text: string, at: number): void {
    const flight = this.#inFlight;
    if (!flight) {
      if (this.#stale > 0 && (classifyFinal(text) || !isKnownUrc(text))) {
        // A late answer to a command we already gave up on.
        if (classifyFinal(text)) this.#stale--;
        this.#emitLine(text, at, 'stale', null);
        return;
      }
      this.#emitLine(text, at, 'urc', null);
      this.events.emit('urc', { line: text, at });
      return;
    }
    const { job } = flight;
    if (!flight.echoSeen && flight.lines.length === 0 && echoKey(text) === echoKey(job.command)) {
      flight.echoSeen = true;
      this.#emitLine(text, at, 'echo', job.shown);
      return;
    }
    const final = classifyFinal(text);
    if (this.#stale > 0 && this.#echo === 'on' && !flight.echoSeen) {
      // Echo is on and ours has not come back yet: anything but a URC belongs to the dead command.
      if (final || !isKnownUrc(text)) {
        if (final) this.#stale--;
        this.#emitLine(text, at, 'stale', null);
        return;
      }
    }
    if (final) {
      this.#emitLine(text, at, 'final', job.shown);
      this.#complete(flight, final, at);
      return;
    }
    if (isUnsolicited(text, job.parsed)) {
      this.#emitLine(text, at, 'urc', null);
      this.events.emit('urc', { line: text, at });
      return;
    }
    flight.lines.push(text);
    this.#emitLine(text, at, 'info', job.shown);
  }

  #complete(flight: InFlight, final: FinalResult, at: number): void {
    const { job } = flight;
    this.#clearFlight(flight);
    this.#echo = flight.echoSeen ? 'on' : 'off';
    // With echo on, our echo proves the modem finished the dead command first. With echo off
    // nothing can tell a late final result from ours; assume the modem has caught up.
    this.#stale = 0;
    if (final.kind === 'ok' && job.parsed && resetsModem(job.parsed)) this.#unlocked = false;
    if (job.parsed?.name === 'E' && final.kind === 'ok') this.#echo = /^0?$/.test(job.parsed.args) ? 'off' : 'on';
    const raw = decode(flight.raw);
    const response: AtResponse = {
      command: job.shown,
      lines: flight.lines,
      final,
      raw: job.secret ? raw.split(job.secret).join('****') : raw,
      startedAt: flight.startedAt,
      durationMs: at - flight.startedAt,
      passwordGate: 'open',
    };
    this.events.emit('response', { response });
    job.resolve(response);
    this.#runNext();
  }

  #emitLine(text: string, at: number, role: LineRole, command: string | null): void {
    const secret = this.#inFlight?.job.secret;
    const shown = secret ? text.split(secret).join('****') : text;
    this.events.emit('line', { text: shown, at, role, command });
  }

  #shutdown(reason: 'closed' | 'device-lost', error: AtError): void {
    if (this.#state !== 'open') return;
    this.#state = reason === 'closed' ? 'closed' : 'lost';
    this.#lossError = error;
    this.#unlocked = false;
    const flight = this.#inFlight;
    if (flight) {
      this.#clearFlight(flight);
      flight.job.reject(new AtError(error.code, flight.job.shown, `${flight.job.shown}: ${error.message}`, error.cause));
    }
    for (const job of this.#queue.splice(0)) {
      job.detachAbort();
      job.reject(new AtError(error.code, job.shown, `${job.shown}: ${error.message}`, error.cause));
    }
    this.events.emit('closed', { reason, error });
  }
}

/** A gated command refused for want of the password: bare ERROR, or "operation not allowed". */
function isRefusal(final: FinalResult): boolean {
  if (final.kind === 'error') return true;
  if (final.kind !== 'cme-error') return false;
  return final.code === 3 || /operation not allowed/i.test(final.text);
}

/** Commands after which the modem restarts and forgets the ENTERCND unlock. */
function resetsModem(cmd: ParsedCommand): boolean {
  if (cmd.name === '!RESET' || cmd.name === '!BOOTHOLD') return true;
  return cmd.name === '+CFUN' && cmd.form === 'set' && /^\s*\d+\s*,\s*1\b/.test(cmd.args);
}

function decode(chunks: readonly Uint8Array[]): string {
  const d = new TextDecoder('utf-8', { fatal: false });
  let s = '';
  for (const c of chunks) s += d.decode(c, { stream: true });
  return s + d.decode();
}

/** Replaces every occurrence of `secret` in `bytes` with asterisks (trace redaction). */
function mask(bytes: Uint8Array, secret: string): Uint8Array {
  const needle = new TextEncoder().encode(secret);
  if (needle.length === 0) return bytes;
  const out = bytes.slice();
  outer: for (let i = 0; i + needle.length <= out.length; i++) {
    for (let j = 0; j < needle.length; j++) if (out[i + j] !== needle[j]) continue outer;
    out.fill(0x2a, i, i + needle.length);
  }
  return out;
}
