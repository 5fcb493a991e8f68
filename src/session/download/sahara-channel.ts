/**
 * Host side of Sahara (Sierra profile), as libqmi runs it: answer the module's hello in command
 * mode and execute 0xFF00, which switches it to Firehose. What follows the switch is
 * `firehose-channel.ts`.
 */
import {
  SAHARA_EXECUTE_SWITCH_TO_FIREHOSE,
  SAHARA_MAX_COMPATIBLE,
  SaharaDecodeError,
  SaharaReassembler,
  decodePacket,
  describeSaharaStatus,
  encodeExecute,
  encodeExecuteData,
  encodeHelloResponse,
  type SaharaPacket,
} from '../../codec/sahara/messages.ts';
import { hexPreview, type ProtocolTrace } from './protocol-trace.ts';
import type { DownloadTimings } from './timings.ts';
import type { Wire } from './wire.ts';

export class SaharaChannel {
  readonly #r = new SaharaReassembler();

  constructor(
    readonly wire: Wire,
    private readonly log: ProtocolTrace,
  ) {}

  /** Bytes read before the channel existed (while the engine sniffed the port). */
  feed(bytes: Uint8Array): void {
    if (bytes.length) this.#r.push(bytes);
  }

  /** Next packet, or null on timeout. */
  async packet(timeoutMs: number, what: string): Promise<SaharaPacket | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      let raw: Uint8Array | null;
      try {
        raw = this.#r.take();
      } catch (e) {
        if (e instanceof SaharaDecodeError) {
          this.log.add('d2h', `not Sahara [${hexPreview(e.bytes)}]`);
          throw this.wire.fail('bad-reply', `Expected a Sahara ${what}, got bytes that are not Sahara: ${e.message}`);
        }
        throw e;
      }
      if (raw) {
        try {
          const p = decodePacket(raw);
          this.log.add('d2h', `Sahara ${describeSahara(p)}`);
          return p;
        } catch (e) {
          throw this.wire.fail('bad-reply', `Malformed Sahara ${what}: ${(e as Error).message}`);
        }
      }
      const piece = await this.wire.read(deadline);
      if (!piece) return null;
      this.#r.push(piece);
    }
  }

  async expect<K extends SaharaPacket['kind']>(kind: K, timeoutMs: number, what: string): Promise<Extract<SaharaPacket, { kind: K }>> {
    const p = await this.packet(timeoutMs, what);
    if (!p) throw this.wire.fail('timeout', `No Sahara ${what} within ${timeoutMs / 1000} s.`);
    if (p.kind === 'end-image-transfer') {
      const text = `${describeSaharaStatus(p.status)} (0x${p.status.toString(16)})`;
      throw this.wire.fail('device-error', `The module ended Sahara instead of sending ${what}: ${text}.`, text);
    }
    if (p.kind !== kind) throw this.wire.fail('bad-reply', `Expected Sahara ${what}, got ${describeSahara(p)}.`);
    return p as Extract<SaharaPacket, { kind: K }>;
  }

  async send(bytes: Uint8Array, what: string): Promise<void> {
    this.log.add('h2d', `Sahara ${what}`);
    await this.wire.write(bytes);
  }

  /** Exactly n bytes of raw text (the switch confirmation). */
  async text(n: number, timeoutMs: number): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (this.#r.pending < n) {
      const piece = await this.wire.read(deadline);
      if (!piece) throw this.wire.fail('timeout', `The module did not confirm the switch to Firehose within ${timeoutMs / 1000} s.`);
      this.#r.push(piece);
    }
    const all = this.#r.takeRest();
    const v = new DataView(all.buffer, all.byteOffset, all.byteLength);
    if (all.length >= 16 && v.getUint32(0, true) === 0x04 && v.getUint32(4, true) === 0x10) {
      const status = v.getUint32(12, true);
      const text = `${describeSaharaStatus(status)} (0x${status.toString(16)})`;
      throw this.wire.fail('device-error', `The module ended Sahara instead of confirming the switch to Firehose: ${text}.`, text);
    }
    const text = String.fromCharCode(...all.subarray(0, n));
    this.leftover = all.subarray(n);
    return text;
  }

  /** Bytes after the confirmation: already Firehose. */
  leftover: Uint8Array = new Uint8Array(0);
}

export function describeSahara(p: SaharaPacket): string {
  switch (p.kind) {
    case 'hello':
      return `hello v${p.version} compatible ${p.compatible} max ${p.maxLength} mode ${p.mode}`;
    case 'hello-response':
      return `hello response v${p.version} status ${p.status} mode ${p.mode}`;
    case 'command-ready':
      return 'command ready';
    case 'execute':
      return `execute 0x${p.command.toString(16)}`;
    case 'execute-response':
      return `execute response 0x${p.command.toString(16)} length ${p.dataLength}`;
    case 'execute-data':
      return `execute data 0x${p.command.toString(16)}`;
    case 'end-image-transfer':
      return `end of image transfer, status 0x${p.status.toString(16)} (${describeSaharaStatus(p.status)})`;
    case 'other':
      return `command 0x${p.command.toString(16)} (${p.length} bytes)`;
  }
}

/**
 * From the first Sahara packet the engine saw to Firehose: answer the hello in command mode,
 * execute 0xFF00, read the switch confirmation. Real modules are less orderly than one hello:
 *
 * - the answer waits for the settle time after the open (libqmi's 2 s, see timings.ts);
 * - hellos that queued up before the answer (a module repeating it, a slow user) are answered
 *   once; a hello that comes back after the answer is answered again (libqmi answers every
 *   hello it reads); a command-ready repeated by that is skipped;
 * - an END_IMAGE_TRANSFER before the execute (the module complaining about a probe it got
 *   while its hello was missed) is answered with a fresh hello response, as bkerler/edl does
 *   after `connect` returns END_TRANSFER; a command-ready first (a module left in command mode
 *   by an earlier opener) goes straight to the execute.
 *
 * Every kind of packet may come back at most `saharaAttempts` times (libqmi: 5, "too many
 * attempts"). An END_IMAGE_TRANSFER after the execute is the module refusing the switch: fatal.
 */
export async function saharaToFirehose(ch: SaharaChannel, first: SaharaPacket, t: DownloadTimings, openedAt: number): Promise<Uint8Array> {
  const seen = new Map<string, number>();
  let answered = false;
  let executed = false;
  let p: SaharaPacket | null = first;
  const helloResponse = async () => {
    await ch.send(encodeHelloResponse(), 'hello response (command mode)');
    answered = true;
    ch.wire.at('hello', 'Sahara command ready');
  };
  for (;;) {
    if (!p) {
      const what = executed ? 'execute response' : 'command ready';
      p = await ch.packet(t.saharaStepMs, what);
      if (!p) throw ch.wire.fail('timeout', `No Sahara ${what} within ${t.saharaStepMs / 1000} s.`);
    }
    const n = (seen.get(p.kind) ?? 0) + 1;
    seen.set(p.kind, n);
    if (n > t.saharaAttempts) {
      const text = p.kind === 'end-image-transfer' ? `${describeSaharaStatus(p.status)} (0x${p.status.toString(16)})` : undefined;
      throw ch.wire.fail(
        p.kind === 'end-image-transfer' ? 'device-error' : 'bad-reply',
        `The module sent Sahara ${describeSahara(p)} ${n} times (too many attempts).`,
        text,
      );
    }
    const cur: SaharaPacket = p;
    p = null;
    switch (cur.kind) {
      case 'hello': {
        ch.wire.at('hello', 'Sahara hello');
        if (cur.compatible > SAHARA_MAX_COMPATIBLE) {
          throw ch.wire.fail('protocol-mismatch', `The module's Sahara version (compatible ${cur.compatible}) is newer than supported (${SAHARA_MAX_COMPATIBLE}).`);
        }
        if (executed) throw ch.wire.fail('bad-reply', 'The module started Sahara over (hello) after the switch to Firehose was asked.');
        if (!answered) {
          const wait = openedAt + t.helloSettleMs - performance.now();
          if (wait > 0) {
            ch.wire.log.add('info', `settling ${Math.ceil(wait)} ms before answering the hello (${t.helloSettleMs} ms after the open, as libqmi)`);
            await new Promise((r) => setTimeout(r, wait));
          }
          // What queued up meanwhile: further hellos (and complaints about probes) are all
          // answered by the one hello response about to go out.
          for (;;) {
            const q = await ch.packet(0, 'hello');
            if (!q) break;
            if (q.kind !== 'hello' && q.kind !== 'end-image-transfer') {
              p = q;
              break;
            }
            ch.wire.log.add('info', `queued ${describeSahara(q)}: answered by the same hello response`);
          }
        } else ch.wire.log.add('info', 'the module repeated its hello: answering it again');
        await helloResponse();
        break;
      }
      case 'end-image-transfer': {
        const text = `${describeSaharaStatus(cur.status)} (0x${cur.status.toString(16)})`;
        if (executed) throw ch.wire.fail('device-error', `The module ended Sahara instead of switching to Firehose: ${text}.`, text);
        ch.wire.log.add('info', `the module ended a Sahara exchange (${text}): answering with a fresh hello response`);
        await helloResponse();
        break;
      }
      case 'command-ready': {
        if (executed) {
          ch.wire.log.add('info', 'repeated command ready (answer to a repeated hello): skipped');
          break;
        }
        if (!answered) ch.wire.log.add('info', 'the module is already in Sahara command mode');
        ch.wire.at('hello', 'Sahara execute');
        await ch.send(encodeExecute(), 'execute 0xff00 (switch to Firehose)');
        executed = true;
        break;
      }
      case 'execute-response': {
        if (!executed) throw ch.wire.fail('bad-reply', 'The module sent an execute response before any execute.');
        if (cur.command !== SAHARA_EXECUTE_SWITCH_TO_FIREHOSE || cur.dataLength === 0 || cur.dataLength > 256) {
          throw ch.wire.fail('bad-reply', `Unexpected execute response (command 0x${cur.command.toString(16)}, ${cur.dataLength} bytes).`);
        }
        ch.wire.at('hello', 'Sahara execute data');
        await ch.send(encodeExecuteData(), 'execute data 0xff00');
        const text = await ch.text(cur.dataLength, t.saharaStepMs);
        if (!/^[\x20-\x7e]+$/.test(text)) throw ch.wire.fail('bad-reply', `The switch confirmation is not text: ${JSON.stringify(text)}.`);
        ch.wire.log.add('d2h', `switch confirmation '${text}'`);
        return ch.leftover;
      }
      default:
        throw ch.wire.fail('bad-reply', `Expected Sahara ${executed ? 'execute response' : 'command ready'}, got ${describeSahara(cur)}.`);
    }
  }
}
