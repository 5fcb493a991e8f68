/**
 * Download-mode fault injection. A plan is a list of faults written as text (CLI `--fault`)
 * or built in code:
 *
 *   KIND[@PHASE[:INDEX]]   or   KIND:VALUE        (several separated by commas)
 *
 *   silence@PHASE      no reply at that phase, and nothing after (the module hangs)
 *   garbage@PHASE      seeded random bytes instead of the reply
 *   duplicate@PHASE    the reply is sent twice
 *   bad-crc@PHASE      the reply frame carries a wrong CRC (QDL only: Sahara and Firehose have no CRC)
 *   nak@PHASE          a negative reply (QDL: status 1 / error frame; Firehose: NAK)
 *   error@PHASE        a protocol error report (QDL: error frame 0x0A "write verify failed";
 *                      Sahara: END_IMAGE_TRANSFER; Firehose: <log value="ERROR: …"/> then NAK)
 *   wrong-seq@chunk:N  QDL: the ack for chunk N names chunk N+1
 *   unplug@PHASE       the module disappears when that phase is reached
 *   unplug-after:N     the module disappears after N host→device bytes
 *   stall-after:N      the module stops answering after N host→device bytes
 *   power-loss-after:N power fails after N image bytes reached flash (the write is left partial)
 *   slow:BPS           the link carries BPS bytes per second in each direction
 *   sdp:unsupported|silent   QDL: answer to DLOAD SDP (error 0x16 / nothing)
 *   qdl-version:N      QDL: lowest hello version accepted (default 6)
 *
 * Device timing (what real modules do to a host that expects the simulator's good manners):
 *   hello-consumed     Sahara: the hello went to an earlier opener that never answered; the
 *                      module says nothing more and waits for a hello response
 *   command-mode       Sahara: an earlier opener answered the hello and took command-ready;
 *                      the module waits in command mode for an execute
 *   already-firehose[:quiet]  the programmer already runs (page reload, earlier run): no
 *                      Sahara at all; non-XML bytes get an ERROR log + NAK (quiet: nothing)
 *   hello-repeat:MS    Sahara: the hello is sent again every MS ms until it is answered
 *   hello-delay:MS     Sahara: the module is still booting: its hello comes MS ms after the
 *                      port opens, and host bytes before that are lost
 *   settle:MS          Sahara: execute 0xFF00 is refused with END_IMAGE_TRANSFER when the
 *                      hello response came sooner than MS ms after the open (libqmi's comment
 *                      on the EM7565; libqmi waits 2 s)
 *   chatty             Firehose: a <log>, a document of an unknown kind and a stray text line
 *                      before every answer, after the switch, in the raw data and in the wait
 *                      after it
 *   short-qdl-hello    QDL: a hello below the lowest version is answered with a 40-byte hello
 *                      reply instead of an error frame (libqmi then tries the next version)
 * A hello sent before the host opens the port needs no fault: the module always greets at
 * power-up, so it is a matter of when the carrier lets the host open (the PTY tests hold the
 * port open before the host opens it; the in-memory tests start the engine late).
 *
 * Phases. QDL: sdp, hello, open, chunk, close, reset. Sahara/Firehose: hello (the Sahara hello
 * the module sends first), command-ready, execute, confirm, ping, configure, storage, program,
 * chunk (raw block N of the negotiated payload size), data (the end-of-data answer), reset.
 * INDEX selects the Nth occurrence (chunk number, hello attempt, image number), default any.
 *
 * Aliases kept from the reference simulator's fault table: nak-on-chunk:N, err-on-chunk:N,
 * bad-crc-on-chunk:N, wrong-seq-on-chunk:N, drop-after:N, no-hello, nak-configure,
 * nak-program, ignore-reset.
 */
export type ReplyFaultKind = 'silence' | 'garbage' | 'duplicate' | 'bad-crc' | 'nak' | 'error' | 'wrong-seq' | 'unplug';

export const QDL_PHASES = ['sdp', 'hello', 'open', 'chunk', 'close', 'reset'] as const;
export const FIREHOSE_PHASES = ['hello', 'command-ready', 'execute', 'confirm', 'ping', 'configure', 'storage', 'program', 'chunk', 'data', 'reset'] as const;
export type QdlPhase = (typeof QDL_PHASES)[number];
export type FirehosePhase = (typeof FIREHOSE_PHASES)[number];
export type DevicePhase = QdlPhase | FirehosePhase;

export type Fault =
  | { readonly kind: ReplyFaultKind; readonly phase: DevicePhase; readonly index?: number }
  | { readonly kind: 'unplug-after' | 'stall-after' | 'power-loss-after'; readonly bytes: number }
  | { readonly kind: 'slow'; readonly bytesPerSecond: number }
  | { readonly kind: 'sdp'; readonly answer: 'unsupported' | 'silent' }
  | { readonly kind: 'qdl-version'; readonly min: number }
  | { readonly kind: 'hello-consumed' | 'command-mode' | 'chatty' | 'short-qdl-hello' }
  | { readonly kind: 'already-firehose'; readonly quiet: boolean }
  | { readonly kind: 'hello-repeat' | 'hello-delay' | 'settle'; readonly ms: number };

export const SAHARA_ONLY_FAULTS = ['hello-consumed', 'command-mode', 'hello-repeat', 'hello-delay', 'settle'] as const;

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const REPLY_KINDS = new Set<string>(['silence', 'garbage', 'duplicate', 'bad-crc', 'nak', 'error', 'wrong-seq', 'unplug']);
const ALL_PHASES = new Set<string>([...QDL_PHASES, ...FIREHOSE_PHASES]);

const ALIASES: Record<string, (v: string | undefined) => string> = {
  'nak-on-chunk': (v) => `nak@chunk:${v}`,
  'err-on-chunk': (v) => `error@chunk:${v}`,
  'bad-crc-on-chunk': (v) => `bad-crc@chunk:${v}`,
  'wrong-seq-on-chunk': (v) => `wrong-seq@chunk:${v}`,
  'drop-after': (v) => `unplug-after:${v}`,
  'no-hello': () => 'silence@hello',
  'nak-configure': () => 'nak@configure',
  'nak-program': () => 'nak@program',
  'ignore-reset': () => 'silence@reset',
};

function count(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new FaultSpecError(`${what} must be a whole number, got '${text}'.`);
  return Number(text);
}

export function parseFaults(spec: string | undefined): Fault[] {
  if (!spec) return [];
  const out: Fault[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [head, value] = splitOnce(raw, ':');
    const alias = ALIASES[head];
    if (alias) {
      out.push(...parseFaults(alias(value)));
      continue;
    }
    const [kind, phase] = splitOnce(head, '@');
    if (REPLY_KINDS.has(kind)) {
      if (!phase || !ALL_PHASES.has(phase)) {
        throw new FaultSpecError(`'${raw}': ${kind} needs @PHASE, one of ${[...ALL_PHASES].join(', ')}.`);
      }
      const f: Fault = value === undefined
        ? { kind: kind as ReplyFaultKind, phase: phase as DevicePhase }
        : { kind: kind as ReplyFaultKind, phase: phase as DevicePhase, index: count(value, 'INDEX') };
      out.push(f);
      continue;
    }
    switch (kind) {
      case 'unplug-after':
      case 'stall-after':
      case 'power-loss-after':
        out.push({ kind, bytes: count(value ?? '', kind) });
        break;
      case 'slow': {
        const bps = count(value ?? '', 'slow');
        if (bps === 0) throw new FaultSpecError('slow needs a rate above 0 bytes/s.');
        out.push({ kind: 'slow', bytesPerSecond: bps });
        break;
      }
      case 'sdp':
        if (value !== 'unsupported' && value !== 'silent') throw new FaultSpecError(`sdp:${value ?? ''} — use sdp:unsupported or sdp:silent.`);
        out.push({ kind: 'sdp', answer: value });
        break;
      case 'qdl-version':
        out.push({ kind: 'qdl-version', min: count(value ?? '', 'qdl-version') });
        break;
      case 'hello-consumed':
      case 'command-mode':
      case 'chatty':
      case 'short-qdl-hello':
        if (value !== undefined) throw new FaultSpecError(`${kind} takes no value.`);
        out.push({ kind });
        break;
      case 'already-firehose':
        if (value !== undefined && value !== 'quiet') throw new FaultSpecError(`already-firehose:${value} — use already-firehose or already-firehose:quiet.`);
        out.push({ kind, quiet: value === 'quiet' });
        break;
      case 'hello-repeat':
      case 'hello-delay':
      case 'settle': {
        const ms = count(value ?? '', kind);
        if (kind === 'hello-repeat' && ms === 0) throw new FaultSpecError('hello-repeat needs an interval above 0 ms.');
        out.push({ kind, ms });
        break;
      }
      default:
        throw new FaultSpecError(`Unknown fault '${raw}'.`);
    }
  }
  return out;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

export function formatFault(f: Fault): string {
  switch (f.kind) {
    case 'unplug-after':
    case 'stall-after':
    case 'power-loss-after':
      return `${f.kind}:${f.bytes}`;
    case 'slow':
      return `slow:${f.bytesPerSecond}`;
    case 'sdp':
      return `sdp:${f.answer}`;
    case 'qdl-version':
      return `qdl-version:${f.min}`;
    case 'hello-consumed':
    case 'command-mode':
    case 'chatty':
    case 'short-qdl-hello':
      return f.kind;
    case 'already-firehose':
      return f.quiet ? 'already-firehose:quiet' : 'already-firehose';
    case 'hello-repeat':
    case 'hello-delay':
    case 'settle':
      return `${f.kind}:${f.ms}`;
    default:
      return `${f.kind}@${f.phase}${f.index === undefined ? '' : `:${f.index}`}`;
  }
}

/** Finds the reply fault for this occurrence of a phase, if any. */
export function replyFault(faults: readonly Fault[], phase: DevicePhase, index: number): Extract<Fault, { phase: DevicePhase }> | undefined {
  for (const f of faults) {
    if ('phase' in f && f.phase === phase && (f.index === undefined || f.index === index)) return f;
  }
  return undefined;
}

/** The timing fault of that kind in a plan, if any. */
export function timingFault<K extends Fault["kind"]>(faults: readonly Fault[], kind: K): (Fault & { readonly kind: K }) | undefined {
  return faults.find((f) => f.kind === kind) as (Fault & { readonly kind: K }) | undefined;
}
