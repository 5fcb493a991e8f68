/**
 * Host side of Sierra QDL/SSDP, as libqmi runs it: DLOAD→SDP, hello probe v4…v6, then per
 * image hello, open-unframed with the CWE header, 1 MiB unframed writes (one in flight, ack
 * checked), close; one reset at the end. Every reply is reassembled, CRC-checked and decoded.
 */
import { HdlcDecoder, hdlcEncode, type HdlcItem } from '../../codec/hdlc.ts';
import { CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import {
  QDL_CHUNK_SIZE,
  QDL_ERROR_COMMAND_NOT_SUPPORTED,
  QdlDecodeError,
  decodeReply,
  describeQdlError,
  encodeCloseUnframed,
  encodeDloadSdp,
  encodeHello,
  encodeOpenUnframed,
  encodeReset,
  encodeWriteHeader,
  type QdlReply,
} from '../../codec/qdl/messages.ts';
import type { DownloadImage } from './image.ts';
import { hexPreview, type ProtocolTrace } from './protocol-trace.ts';
import type { DownloadTimings } from './timings.ts';
import type { Wire } from './wire.ts';

export const QDL_PROBE_VERSIONS = [4, 5, 6] as const;

export class QdlChannel {
  readonly #dec = new HdlcDecoder();
  #items: HdlcItem[] = [];

  constructor(
    readonly wire: Wire,
    private readonly log: ProtocolTrace,
  ) {}

  /** Bytes read before the channel existed (while the engine sniffed the port). */
  feed(bytes: Uint8Array): void {
    if (bytes.length) this.#items.push(...this.#dec.push(bytes));
  }

  async send(payload: Uint8Array, what: string): Promise<void> {
    await this.checkStale();
    this.log.add('h2d', `${what} [${hexPreview(payload, 12)}]`);
    await this.wire.write(hdlcEncode(payload));
  }

  /** Fails if the device sent anything nobody asked for (a duplicated or stray frame). */
  async checkStale(): Promise<void> {
    for (const piece of await this.wire.drain()) this.#items.push(...this.#dec.push(piece));
    if (this.#items.length || this.#dec.pending) {
      const what = this.#items.length ? `${this.#items.length} unrequested frame(s)` : `${this.#dec.pending} stray byte(s)`;
      this.log.add('error', `stale data before ${this.wire.step}: ${what}`);
      throw this.wire.fail('unexpected-data', `The module sent ${what} before ${this.wire.step}.`);
    }
  }

  async reply(timeoutMs: number, what: string): Promise<QdlReply> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const item = this.#items.shift();
      if (item) {
        if (!item.ok) {
          this.log.add('d2h', `bad frame: ${item.error.message} [${hexPreview(item.error.raw)}]`);
          if (item.error.code === 'crc-mismatch') throw this.wire.fail('reply-crc', `The answer to ${what} failed its CRC check: ${item.error.message}`);
          throw this.wire.fail('bad-reply', `The answer to ${what} is not a valid frame: ${item.error.message}`);
        }
        try {
          const r = decodeReply(item.payload);
          this.log.add('d2h', describeReply(r));
          return r;
        } catch (e) {
          this.log.add('d2h', `undecodable [${hexPreview(item.payload)}]`);
          if (e instanceof QdlDecodeError) throw this.wire.fail('bad-reply', `The answer to ${what} is malformed: ${e.message}`);
          throw e;
        }
      }
      const piece = await this.wire.read(deadline);
      if (!piece) throw this.wire.fail('timeout', `No answer to ${what} within ${fmtMs(timeoutMs)}.`);
      this.#items.push(...this.#dec.push(piece));
    }
  }
}

export function describeReply(r: QdlReply): string {
  switch (r.kind) {
    case 'dload-ack':
      return 'DLOAD ACK';
    case 'hello':
      return `hello response v${r.maxVersion}/${r.minVersion} features 0x${r.features.toString(16)}`;
    case 'error':
      return `error 0x${r.code.toString(16)} (${describeQdlError(r.code)})${r.text ? `: ${r.text}` : ''}`;
    case 'open':
      return `open-unframed response status ${r.status} window ${r.windowSize} chunk ${r.chunkSize}`;
    case 'write':
      return `write ack seq ${r.sequence} status ${r.status}`;
    case 'close':
      return `close response status ${r.status}${r.text ? `: ${r.text}` : ''}`;
    case 'unknown':
      return `unknown command 0x${r.command.toString(16)}`;
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function errorFrame(ch: QdlChannel, r: Extract<QdlReply, { kind: 'error' }>, what: string) {
  const text = `${describeQdlError(r.code)} (0x${r.code.toString(16)})${r.text ? `: ${r.text}` : ''}`;
  return ch.wire.fail('device-error', `The module answered ${what} with an error: ${text}.`, text);
}

function unexpected(ch: QdlChannel, r: QdlReply, what: string) {
  return ch.wire.fail('bad-reply', `Unexpected answer to ${what}: ${describeReply(r)}.`);
}

/** The QDL probe's first message, DLOAD→SDP, exactly as libqmi sends it. */
export async function sendDloadSdp(ch: QdlChannel): Promise<void> {
  ch.wire.at('detect', 'DLOAD SDP');
  await ch.send(encodeDloadSdp(), 'DLOAD SDP');
}

/**
 * The rest of the QDL probe once the answer to DLOAD SDP is known to be HDLC (its bytes were
 * fed to the channel): check it, then the hello version probe v4…v6. Returns the version.
 */
export async function finishQdlProbe(ch: QdlChannel, t: DownloadTimings): Promise<number> {
  const r = await ch.reply(t.qdlControlMs, 'DLOAD SDP');
  if (r.kind === 'error' && r.code !== QDL_ERROR_COMMAND_NOT_SUPPORTED) throw errorFrame(ch, r, 'DLOAD SDP');
  if (r.kind !== 'dload-ack' && r.kind !== 'error') throw unexpected(ch, r, 'DLOAD SDP');
  for (const v of QDL_PROBE_VERSIONS) {
    ch.wire.at('detect', `hello v${v}`);
    await ch.send(encodeHello(v), `hello v${v}`);
    let h: QdlReply;
    try {
      h = await ch.reply(t.qdlControlMs, `hello v${v}`);
    } catch (e) {
      // libqmi checks the length before the command: a hello reply of another length is "not a
      // hello response" and the probe goes on with the next version (qfu-qdl-device.c).
      if ((e as { code?: string }).code !== 'bad-reply') throw e;
      ch.wire.log.add('info', `hello v${v}: ${(e as Error).message}; trying the next version`);
      continue;
    }
    if (h.kind === 'hello') return v;
  }
  throw ch.wire.fail('protocol-mismatch', `The module refused QDL hello versions ${QDL_PROBE_VERSIONS.join(', ')}.`);
}

export interface WriteProgress {
  (bytesOfImage: number): void;
}

export async function downloadImageQdl(ch: QdlChannel, version: number, image: DownloadImage, t: DownloadTimings, progress: WriteProgress): Promise<void> {
  const size = image.source.size;
  ch.wire.at('hello', 'hello');
  await ch.send(encodeHello(version), `hello v${version}`);
  const h = await ch.reply(t.qdlControlMs, 'hello');
  if (h.kind === 'error') throw errorFrame(ch, h, 'hello');
  if (h.kind !== 'hello') throw unexpected(ch, h, 'hello');

  ch.wire.at('configure', 'open-unframed');
  await ch.send(encodeOpenUnframed(size, image.header.subarray(0, CWE_HEADER_SIZE)), `open-unframed ${size} bytes`);
  const o = await ch.reply(t.qdlControlMs, 'open-unframed');
  if (o.kind === 'error') throw errorFrame(ch, o, 'open-unframed');
  if (o.kind !== 'open') throw unexpected(ch, o, 'open-unframed');
  if (o.status !== 0) throw ch.wire.fail('device-refused', `The module refused the image at open-unframed (status ${o.status}).`, `status ${o.status}`);

  const dataSize = size - CWE_HEADER_SIZE;
  const chunks = Math.ceil(dataSize / QDL_CHUNK_SIZE);
  let next = chunks > 0 ? image.source.read(CWE_HEADER_SIZE, Math.min(QDL_CHUNK_SIZE, dataSize)) : null;
  progress(CWE_HEADER_SIZE);
  for (let seq = 0; seq < chunks; seq++) {
    const off = seq * QDL_CHUNK_SIZE;
    const len = Math.min(QDL_CHUNK_SIZE, dataSize - off);
    ch.wire.at('write', `chunk ${seq}`);
    const data = await readSlice(ch, next!, len);
    next = seq + 1 < chunks ? image.source.read(CWE_HEADER_SIZE + off + len, Math.min(QDL_CHUNK_SIZE, dataSize - off - len)) : null;
    next?.catch(() => undefined);
    const req = new Uint8Array(13 + len);
    req.set(encodeWriteHeader(seq, len));
    req.set(data, 13);
    await ch.checkStale();
    ch.wire.writeStarted = true;
    await ch.wire.write(req);
    const a = await ch.reply(t.qdlChunkMs, `chunk ${seq}`);
    if (a.kind === 'error') throw errorFrame(ch, a, `chunk ${seq}`);
    if (a.kind !== 'write') throw unexpected(ch, a, `chunk ${seq}`);
    if (a.sequence !== seq) throw ch.wire.fail('sequence-mismatch', `The module acknowledged chunk ${a.sequence} instead of chunk ${seq}.`);
    if (a.status !== 0) throw ch.wire.fail('device-refused', `The module refused chunk ${seq} (status ${a.status}).`, `status ${a.status}`);
    progress(CWE_HEADER_SIZE + off + len);
  }
  ch.wire.log.add('h2d', `unframed writes: ${chunks} chunk(s) of up to ${QDL_CHUNK_SIZE} bytes`);

  ch.wire.at('finalize', 'close-unframed');
  await ch.send(encodeCloseUnframed(), 'close-unframed');
  const c = await ch.reply(t.qdlControlMs, 'close-unframed');
  if (c.kind === 'error') throw errorFrame(ch, c, 'close-unframed');
  if (c.kind !== 'close') throw unexpected(ch, c, 'close-unframed');
  if (c.status !== 0) {
    const text = `status ${c.status}${c.text ? `: ${c.text}` : ''}`;
    throw ch.wire.fail('device-refused', `The module did not accept the image at close (${text}).`, text);
  }
}

export async function resetQdl(ch: QdlChannel): Promise<void> {
  ch.wire.at('reset', 'reset');
  try {
    await ch.checkStale();
  } catch (e) {
    // Every image is written and closed: a stray answer now is logged, and the reset still goes out.
    if ((e as { code?: string }).code !== 'unexpected-data') throw e;
    ch.wire.log.add('info', `ignored before reset: ${(e as Error).message}`);
  }
  ch.wire.log.add('h2d', 'reset');
  await ch.wire.write(hdlcEncode(encodeReset()));
}

async function readSlice(ch: { wire: Wire }, p: Promise<Uint8Array>, len: number): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await p;
  } catch (e) {
    throw ch.wire.fail('image-read-failed', `Reading the image failed: ${(e as Error).message}`);
  }
  if (data.length !== len) throw ch.wire.fail('image-read-failed', `The image file is shorter than expected (${data.length} of ${len} bytes).`);
  return data;
}

export { readSlice };
