/**
 * Host side of Firehose (Sierra profile), as libqmi runs it once Sahara has switched the module
 * over (`sahara-channel.ts`): ping/configure/getStorageInfo, then per image one `program` and
 * the whole file as raw blocks, and a final `<power reset>`.
 */
import {
  DEFAULT_PAGES_PER_BLOCK,
  DEFAULT_SECTOR_SIZE,
  END_OF_TRANSFER_PADDING,
  FirehoseDocumentSplitter,
  encodeConfigure,
  encodeGetStorageInfo,
  encodePing,
  encodePowerReset,
  encodeProgram,
  parseDocument,
  parseLogKeyValue,
  type FirehoseItem,
} from '../../codec/firehose/xml.ts';
import type { DownloadImage } from './image.ts';
import { readSlice, type WriteProgress } from './qdl-session.ts';
import { SLICE_SIZE, SliceReader } from './slice-reader.ts';
import type { ProtocolTrace } from './protocol-trace.ts';
import type { DownloadTimings } from './timings.ts';
import type { Wire } from './wire.ts';

function isCode(e: unknown, ...codes: string[]): boolean {
  return codes.includes((e as { code?: string }).code ?? '');
}

type Response = Extract<FirehoseItem, { kind: 'response' }>;

export class FirehoseChannel {
  readonly #split = new FirehoseDocumentSplitter();
  #items: FirehoseItem[] = [];
  /** Most recent ERROR-looking log line, quoted in failures. */
  lastError: string | undefined;
  /** Pieces that were not Firehose XML (logged and skipped). */
  garbage = 0;
  readonly logs: string[] = [];

  constructor(
    readonly wire: Wire,
    private readonly log: ProtocolTrace,
    leftover: Uint8Array,
  ) {
    if (leftover.length) this.#feed(leftover);
  }

  #feed(piece: Uint8Array): void {
    for (const s of this.#split.push(piece)) {
      // Lenient as libqmi: bytes between documents and documents we cannot read are logged
      // and skipped; only the answer to what we asked decides (and times out if it never comes).
      if (!s.ok) {
        this.garbage++;
        this.log.add('d2h', `ignored bytes that are not Firehose XML: ${JSON.stringify(s.garbage.slice(0, 60))}`);
        continue;
      }
      let items: FirehoseItem[];
      try {
        items = parseDocument(s.text);
      } catch (e) {
        this.garbage++;
        this.log.add('d2h', `ignored an unreadable document: ${(e as Error).message}`);
        continue;
      }
      for (const it of items) {
        this.log.add('d2h', it.xml);
        if (it.kind === 'log') {
          this.logs.push(it.value);
          if (/error|fail/i.test(it.value)) this.lastError = it.value;
        } else if (it.kind === 'element') {
          this.log.add('info', `ignored an unknown Firehose document <${it.name}>`);
          continue;
        }
        this.#items.push(it);
      }
    }
  }

  /**
   * Forgets answers read before we asked anything (a module already in Firehose answering a
   * probe meant for another protocol); they are in the session log.
   */
  async discard(why: string): Promise<void> {
    for (const piece of await this.wire.drain()) this.#feed(piece);
    const n = this.#items.filter((i) => i.kind === 'response').length;
    if (n) this.log.add('info', `discarded ${n} answer(s) to ${why}`);
    this.#items = [];
    this.lastError = undefined;
  }

  /**
   * Fails on responses nobody asked for; logs are kept. `tolerateNak`: a NAK right after raw
   * data is the module's known complaint about the end-of-transfer padding (libqmi retries).
   */
  async checkStale(tolerateNak = false): Promise<void> {
    for (const piece of await this.wire.drain()) this.#feed(piece);
    const stale = this.#items.filter((i) => i.kind === 'response');
    this.#items = [];
    for (const r of stale) {
      if (tolerateNak && r.kind === 'response' && r.value === 'NAK') {
        this.log.add('info', 'ignored a NAK about the end-of-transfer padding');
        continue;
      }
      throw this.wire.fail('unexpected-data', `The module sent an answer nobody asked for before ${this.wire.step}: ${r.xml}.`);
    }
  }

  async send(doc: Uint8Array, what: string): Promise<void> {
    this.log.add('h2d', what);
    await this.wire.write(doc);
  }

  /** Next response (logs are collected on the way); null on timeout. */
  async response(deadline: number): Promise<Response | null> {
    for (;;) {
      const i = this.#items.findIndex((x) => x.kind === 'response');
      if (i >= 0) {
        const r = this.#items[i] as Response;
        this.#items.splice(0, i + 1);
        return r;
      }
      this.#items = [];
      const piece = await this.wire.read(deadline);
      if (!piece) return null;
      this.#feed(piece);
    }
  }

  /** Non-blocking: a NAK already sent during raw data ends the transfer early. */
  async earlyNak(): Promise<Response | null> {
    for (const piece of await this.wire.drain()) this.#feed(piece);
    const r = this.#items.find((x) => x.kind === 'response') as Response | undefined;
    return r && r.value !== 'ACK' ? r : null;
  }

  refusal(what: string, r: Response): never {
    const text = this.lastError ?? r.xml;
    const code = this.lastError ? 'device-error' : 'device-refused';
    throw this.wire.fail(code, `The module refused ${what}${this.lastError ? `: ${this.lastError}` : ` (${r.value}).`}`, text);
  }
}

export interface FirehoseGeometry {
  readonly maxPayload: number;
  readonly sectorSize: number;
  readonly pagesPerBlock: number;
}

export async function firehoseInit(ch: FirehoseChannel, t: DownloadTimings): Promise<FirehoseGeometry> {
  const deadline = performance.now() + t.firehoseInitMs;
  const timeout = (what: string) => ch.wire.fail('timeout', `No answer to ${what} (Firehose set-up budget ${t.firehoseInitMs / 1000} s).`);

  ch.wire.at('configure', 'ping');
  await ch.checkStale();
  const logsBefore = ch.logs.length;
  await ch.send(encodePing(), '<NOP value="ping" />');
  const ping = await ch.response(deadline);
  if (!ping) throw timeout('ping');
  if (ping.value !== 'ACK') ch.refusal('the ping', ping);

  ch.wire.at('configure', 'configure');
  await ch.checkStale();
  await ch.send(encodeConfigure(), '<configure … MaxPayloadSizeToTargetInBytes="1048576" />');
  const conf = await ch.response(deadline);
  if (!conf) throw timeout('configure');
  const toTarget = Number(conf.attrs['MaxPayloadSizeToTargetInBytes'] ?? NaN);
  if (!(toTarget > 0)) ch.refusal('configure', conf);
  // A module may offer more than it supports (or the reverse): the smaller one is safe.
  const supported = Number(conf.attrs['MaxPayloadSizeToTargetInBytesSupported'] ?? NaN);
  const maxPayload = supported > 0 ? Math.min(toTarget, supported) : toTarget;

  ch.wire.at('configure', 'storage info');
  await ch.checkStale();
  await ch.send(encodeGetStorageInfo(), '<getStorageInfo physical_partition_number="0" />');
  const st = await ch.response(deadline);
  if (!st) throw timeout('getStorageInfo');
  if (st.value !== 'ACK') ch.refusal('getStorageInfo', st);
  let sectorSize = DEFAULT_SECTOR_SIZE;
  let pagesPerBlock = DEFAULT_PAGES_PER_BLOCK;
  // Any `<log>` of the init phase counts (libqmi reads them during getStorageInfo; some
  // programmers print them after the ping or configure), keys in any case.
  for (const line of ch.logs.slice(logsBefore)) {
    const kv = parseLogKeyValue(line);
    if (kv?.[0] === 'sector_size_in_bytes' && Number(kv[1]) > 0) sectorSize = Number(kv[1]);
    if (kv?.[0] === 'pages_in_block' && Number(kv[1]) > 0) pagesPerBlock = Number(kv[1]);
  }
  if (maxPayload < sectorSize) {
    throw ch.wire.fail('payload-below-sector', `The module takes at most ${maxPayload} bytes per transfer, less than one ${sectorSize}-byte sector.`, conf.xml);
  }
  return { maxPayload, sectorSize, pagesPerBlock };
}

export async function downloadImageFirehose(
  ch: FirehoseChannel,
  g: FirehoseGeometry,
  image: DownloadImage,
  t: DownloadTimings,
  progress: WriteProgress,
  afterData: boolean,
): Promise<void> {
  const size = image.source.size;
  const sectors = Math.ceil(size / g.sectorSize);
  const program = encodeProgram({ pagesPerBlock: g.pagesPerBlock, sectorSize: g.sectorSize, sectors });
  ch.wire.at('configure', 'program');
  let accepted = false;
  for (let attempt = 1; attempt <= t.firehoseProgramAttempts && !accepted; attempt++) {
    await ch.checkStale(afterData || attempt > 1);
    await ch.send(program, `<program … num_partition_sectors="${sectors}" /> (attempt ${attempt})`);
    const r = await ch.response(performance.now() + t.firehoseProgramMs);
    if (r && r.value === 'ACK' && r.rawmode === true) accepted = true;
    else if (attempt === t.firehoseProgramAttempts) {
      if (!r) throw ch.wire.fail('timeout', `No answer to program after ${attempt} attempts.`);
      ch.refusal('the program request', r);
    }
  }

  const block = Math.max(g.sectorSize, Math.floor(g.maxPayload / g.sectorSize) * g.sectorSize);
  const EARLY_NAK_EVERY = Math.max(1, Math.floor((256 * 1024) / block));
  const blocks = Math.ceil(size / block);
  const reader = new SliceReader(image.source, Math.max(SLICE_SIZE, block));
  let lastRaw = 0;
  for (let k = 0; k < blocks; k++) {
    const off = k * block;
    const len = Math.min(block, size - off);
    ch.wire.at('write', `block ${k}`);
    const data = await readSlice(ch, reader.read(off, len), len);
    let out = data;
    if (len < block) {
      out = new Uint8Array(Math.ceil(len / g.sectorSize) * g.sectorSize);
      out.set(data);
    }
    // An early NAK ends the transfer without sending the rest (libqmi reads only at the end);
    // looked for about every 256 KiB, which costs nothing measurable.
    if (k === 0) await ch.checkStale();
    else if (k % EARLY_NAK_EVERY === 0) {
      const nak = await ch.earlyNak();
      if (nak) ch.refusal(`block ${k - 1}`, nak);
    }
    ch.wire.writeStarted = true;
    await ch.wire.write(out);
    lastRaw = len;
    progress(off + len);
  }
  if (lastRaw < block) await ch.wire.write(new Uint8Array(END_OF_TRANSFER_PADDING));
  ch.wire.log.add('h2d', `raw data: ${blocks} block(s) of ${block} bytes${lastRaw < block ? ` + ${END_OF_TRANSFER_PADDING} zero bytes` : ''}`);

  ch.wire.at('finalize', 'end of data');
  const r = await ch.response(performance.now() + t.firehoseDataAckMs);
  if (!r) throw ch.wire.fail('timeout', `The module did not confirm the image within ${t.firehoseDataAckMs / 1000} s.`);
  if (r.value !== 'ACK') ch.refusal('the image', r);
  if (r.rawmode === true) throw ch.wire.fail('unexpected-data', 'The module answered the end of the data with rawmode="true" (a repeated program answer).');
}

/** `<power reset>`; resolves once the module acknowledged or left. */
export async function resetFirehose(ch: FirehoseChannel, t: DownloadTimings): Promise<'acknowledged' | 'gone' | 'no-answer'> {
  ch.wire.at('reset', 'power reset');
  for (let attempt = 1; attempt <= t.firehoseResetAttempts; attempt++) {
    try {
      await ch.checkStale(true);
    } catch (e) {
      // The images are written: a stray answer now is logged, and the reset still goes out.
      if (!isCode(e, 'unexpected-data', 'bad-reply')) throw e;
      ch.wire.log.add('info', `ignored before reset: ${(e as Error).message}`);
    }
    try {
      await ch.send(encodePowerReset(), `<power value="reset" /> (attempt ${attempt})`);
      const r = await ch.response(performance.now() + t.firehoseResetMs);
      if (r?.value === 'ACK') return 'acknowledged';
    } catch (e) {
      if (isCode(e, 'device-lost')) return 'gone';
      // libqmi ignores the reset's answer; a garbled one does not undo a finished write.
      if (isCode(e, 'bad-reply', 'unexpected-data')) {
        ch.wire.log.add('info', `reset answer not understood: ${(e as Error).message}`);
        return 'no-answer';
      }
      throw e;
    }
  }
  return 'no-answer';
}
