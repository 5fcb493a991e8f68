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
  | { readonly kind: 'qdl-version'; readonly min: number };

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
    default:
      return `${f.kind}@${f.phase}${f.index === undefined ? '' : `:${f.index}`}`;
  }
}

/** Finds the reply fault for this occurrence of a phase, if any. */
export function replyFault(faults: readonly Fault[], phase: DevicePhase, index: number): Exclude<Fault, { bytes: number } | { bytesPerSecond: number } | { answer: string } | { min: number }> | undefined {
  for (const f of faults) {
    if ('phase' in f && f.phase === phase && (f.index === undefined || f.index === index)) return f;
  }
  return undefined;
}
