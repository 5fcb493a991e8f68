/**
 * The module's side of Sahara → Firehose (Sierra profile): it greets with a Sahara hello,
 * switches to Firehose on the Sierra execute 0xFF00, answers ping/configure/getStorageInfo,
 * takes each `program` as raw data into the virtual flash, and reboots on `<power reset>`.
 */
import { concatBytes } from '../../codec/bytes.ts';
import {
  DEFAULT_PAGES_PER_BLOCK,
  encodeLog,
  encodeResponse,
  fromLatin1,
  parseDocument,
  type FirehoseItem,
} from '../../codec/firehose/xml.ts';
import {
  SAHARA_EXECUTE_SWITCH_TO_FIREHOSE,
  SAHARA_MODE_COMMAND,
  SaharaDecodeError,
  SaharaReassembler,
  decodePacket,
  encodeCommandReady,
  encodeEndImageTransfer,
  encodeExecuteResponse,
  encodeHello,
} from '../../codec/sahara/messages.ts';
import { DeviceCore, type DeviceCoreOptions } from './device-core.ts';
import { timingFault } from './faults.ts';
import { cweFileSize, type FlashWriter } from './flash.ts';

const CONFIRMATION = 'confirmed';
const STATUS_INVALID_COMMAND = 0x01;
const STATUS_INVALID_MODE = 0x18;
const STATUS_UNSUPPORTED_CLIENT_COMMAND = 0x1f;
const STATUS_EXECUTE_FAILED = 0x1d;

type Mode = 'sahara' | 'xml' | 'raw';

export class FirehoseDevice extends DeviceCore {
  #mode: Mode = 'sahara';
  #sahara = new SaharaReassembler();
  #saharaPhase: 'hello-response' | 'execute' | 'execute-data' = 'hello-response';
  #maxPayload: number;
  #imageIndex = -1;
  #writer: FlashWriter | null = null;
  #rawLeft = 0;
  #blockFill = 0;
  #block = 0;
  #rawRefused = false;
  /** Timing faults (faults.ts): what an earlier opener left behind, and how the module greets. */
  readonly #consumed: 'hello' | 'command-ready' | null;
  readonly #firehoseFirst: { quiet: boolean } | null;
  readonly #repeatMs: number | null;
  readonly #delayMs: number | null;
  readonly #settleMs: number | null;
  readonly #chatty: boolean;
  #booted = true;
  #repeatTimer: unknown = null;
  #helloAnsweredAt: number | null = null;
  #chat = 0;

  constructor(options: DeviceCoreOptions) {
    super(options);
    this.#maxPayload = options.profile.maxPayloadToTarget;
    const f = options.faults;
    this.#consumed = timingFault(f, 'command-mode') ? 'command-ready' : timingFault(f, 'hello-consumed') ? 'hello' : null;
    const fh = timingFault(f, 'already-firehose');
    this.#firehoseFirst = fh ? { quiet: fh.quiet } : null;
    this.#repeatMs = timingFault(f, 'hello-repeat')?.ms ?? null;
    this.#delayMs = timingFault(f, 'hello-delay')?.ms ?? null;
    this.#settleMs = timingFault(f, 'settle')?.ms ?? null;
    this.#chatty = !!timingFault(f, 'chatty');
  }

  /** `chatty`: what a talkative programmer sends around its answers. */
  #chatter(): Uint8Array {
    if (!this.#chatty) return new Uint8Array(0);
    const n = this.#chat++;
    return cat(
      encodeLog(`INFO: chatty programmer line ${n}`),
      latin1Bytes(`<?xml version="1.0" encoding="UTF-8" ?>\n<data>\n<notice seq="${n}" value="unknown kind of document" />\n</data>\n`),
      latin1Bytes(`\r\nboot: stray text ${n}\r\n`),
    );
  }

  protected override send(bytes: Uint8Array): void {
    // Chatter goes before every Firehose answer, never into Sahara (which has no room for it).
    if (this.#chatty && this.#mode !== 'sahara' && bytes.length) super.send(this.#chatter());
    super.send(bytes);
  }

  #greet(): void {
    this.respond('hello', 0, {
      ok: () => encodeHello(2, 1, 1024, 0),
      nak: () => encodeHello(3, 3, 1024, 0),
      error: () => encodeEndImageTransfer(0, STATUS_INVALID_COMMAND),
    });
  }

  #repeatHello(): void {
    if (this.#repeatMs === null) return;
    this.#repeatTimer = this.options.clock.setTimeout(() => {
      this.#repeatTimer = null;
      if (this.gone || !this.link || this.#helloAnsweredAt !== null || this.#mode !== 'sahara') return;
      this.log('hello repeated (no answer yet)');
      this.send(encodeHello(2, 1, 1024, 0));
      this.#repeatHello();
    }, this.#repeatMs);
  }

  get blockSize(): number {
    const s = this.options.profile.sectorSize;
    return Math.max(s, Math.floor(this.#maxPayload / s) * s);
  }

  protected onOpen(): void {
    if (this.#firehoseFirst) {
      this.#mode = 'xml';
      this.log('already in Firehose: no hello');
      return;
    }
    if (this.#consumed) {
      this.#saharaPhase = this.#consumed === 'command-ready' ? 'execute' : 'hello-response';
      if (this.#consumed === 'command-ready') this.#helloAnsweredAt = this.openedAt - 10_000;
      this.log(this.#consumed === 'hello' ? 'hello already taken by an earlier opener' : 'left in Sahara command mode by an earlier opener');
      return;
    }
    if (this.#delayMs !== null) {
      // Still booting: nothing heard, nothing said, until the hello.
      this.#booted = false;
      this.options.clock.setTimeout(() => {
        if (this.gone || !this.link) return;
        this.#booted = true;
        this.log(`booted after ${this.#delayMs} ms: hello`);
        this.#greet();
        this.#repeatHello();
      }, this.#delayMs);
      return;
    }
    // Boot-and-hold firmware announces itself once, right after enumeration.
    this.#greet();
    this.#repeatHello();
  }

  override close(): void {
    if (this.#repeatTimer !== null) this.options.clock.clearTimeout(this.#repeatTimer);
    this.#repeatTimer = null;
    super.close();
  }

  protected override garbage(): Uint8Array {
    const g = super.garbage();
    if (this.#mode === 'sahara') g.set([0xff, 0xff, 0xff, 0xff], 4);
    return g;
  }

  #saharaAnswer(phase: 'command-ready' | 'execute' | 'confirm', ok: () => Uint8Array, status: number) {
    return this.respond(phase, 0, {
      ok,
      nak: () => encodeEndImageTransfer(0, status),
      error: () => encodeEndImageTransfer(0, STATUS_EXECUTE_FAILED),
    });
  }

  protected onGone(reason: string): void {
    this.#writer?.abort(`module left the bus while writing (${reason})`);
    this.#writer = null;
  }

  protected consume(data: Uint8Array): void {
    if (this.gone || this.silent || data.length === 0) return;
    if (!this.#booted) {
      this.log(`lost ${data.length} host byte(s) sent before the module booted`);
      return;
    }
    if (this.#mode === 'sahara') {
      this.#sahara.push(data);
      this.#drainSahara();
      return;
    }
    if (this.#mode === 'raw') {
      const n = this.#onRaw(data);
      if (n < data.length) this.consume(data.subarray(n));
      return;
    }
    this.#pending = this.#pending.length ? cat(this.#pending, data) : data.slice();
    this.#drainXml();
  }

  #pending: Uint8Array = new Uint8Array(0);

  #drainSahara(): void {
    for (;;) {
      if (this.gone || this.silent || this.#mode !== 'sahara') return;
      let p: Uint8Array | null;
      try {
        p = this.#sahara.take();
      } catch (e) {
        if (e instanceof SaharaDecodeError) {
          this.log(`sahara: ${e.message}`);
          this.#sahara.takeRest();
          this.send(encodeEndImageTransfer(0, STATUS_INVALID_COMMAND));
          return;
        }
        throw e;
      }
      if (!p) return;
      let pkt;
      try {
        pkt = decodePacket(p);
      } catch (e) {
        this.log(`sahara: ${(e as Error).message}`);
        this.send(encodeEndImageTransfer(0, STATUS_INVALID_COMMAND));
        continue;
      }
      this.log(`sahara ${pkt.kind}`);
      if (pkt.kind === 'hello-response' && (this.#saharaPhase === 'hello-response' || this.#saharaPhase === 'execute')) {
        if (pkt.mode !== SAHARA_MODE_COMMAND) {
          this.send(encodeEndImageTransfer(0, STATUS_INVALID_MODE));
          continue;
        }
        // A hello response in command mode starts command mode over: command ready again.
        if (this.#helloAnsweredAt === null || this.#saharaPhase === 'hello-response') this.#helloAnsweredAt = this.options.clock.now();
        if (this.#saharaAnswer('command-ready', encodeCommandReady, STATUS_INVALID_COMMAND) === 'ok') this.#saharaPhase = 'execute';
      } else if (pkt.kind === 'execute' && this.#saharaPhase === 'execute') {
        if (pkt.command !== SAHARA_EXECUTE_SWITCH_TO_FIREHOSE) {
          this.send(encodeEndImageTransfer(0, STATUS_UNSUPPORTED_CLIENT_COMMAND));
          continue;
        }
        const early = this.#settleMs !== null && this.#helloAnsweredAt !== null ? this.#helloAnsweredAt - this.openedAt : null;
        if (early !== null && early < this.#settleMs!) {
          this.log(`settle: hello answered ${early} ms after the open (< ${this.#settleMs} ms): switch refused`);
          this.send(encodeEndImageTransfer(0, STATUS_EXECUTE_FAILED));
          continue;
        }
        const command = pkt.command;
        const r = this.#saharaAnswer('execute', () => encodeExecuteResponse(command, CONFIRMATION.length), STATUS_UNSUPPORTED_CLIENT_COMMAND);
        if (r === 'ok') this.#saharaPhase = 'execute-data';
      } else if (pkt.kind === 'execute-data' && this.#saharaPhase === 'execute-data') {
        const r = this.#saharaAnswer('confirm', () => new TextEncoder().encode(CONFIRMATION), STATUS_EXECUTE_FAILED);
        if (r === 'ok') {
          this.#mode = 'xml';
          // A programmer's start-up lines, a moment after the switch (not glued to the
          // confirmation: libqmi reads exactly the confirmation's length and fails otherwise).
          if (this.#chatty) this.options.clock.setTimeout(() => this.#mode !== 'sahara' && super.send(this.#chatter()), 30);
          const rest = this.#sahara.takeRest();
          if (rest.length) this.consume(rest);
        }
        return;
      } else {
        this.send(encodeEndImageTransfer(0, STATUS_INVALID_COMMAND));
      }
    }
  }


  /** Cuts documents out of the byte stream; a `program` turns the bytes after it into raw data. */
  #drainXml(): void {
    for (;;) {
      if (this.gone || this.silent || this.#mode !== 'xml') return;
      let p = this.#pending;
      let s = 0;
      while (s < p.length && (p[s] === 0 || isSpace(p[s]!))) s++;
      p = this.#pending = p.subarray(s);
      if (p.length === 0) return;
      if (!startsWith(p, PROLOGUE)) {
        if (p.length < PROLOGUE.length && startsWith(PROLOGUE, p)) return;
        const next = indexOf(p, PROLOGUE, 1);
        const cut = next < 0 ? p.length : next;
        this.log(`garbage from host: ${JSON.stringify(fromLatin1(p.subarray(0, Math.min(cut, 40))))}`);
        this.#pending = p.subarray(cut);
        if (!this.#firehoseFirst?.quiet) this.send(errorNak('XML not formed correctly. Expected a < character at loc 0'));
        continue;
      }
      const close = indexOf(p, CLOSE, 0);
      if (close < 0) {
        if (p.length > 64 * 1024) {
          this.#pending = new Uint8Array(0);
          this.send(errorNak('XML document too long'));
        }
        return;
      }
      let end = close + CLOSE.length;
      while (end < p.length && isSpace(p[end]!)) end++;
      const text = fromLatin1(p.subarray(0, end));
      this.#pending = p.subarray(end);
      let elements: FirehoseItem[];
      try {
        elements = parseDocument(text);
      } catch (e) {
        this.send(errorNak((e as Error).message));
        continue;
      }
      for (const el of elements) if (el.kind === 'element') this.#onCommand(el.name, el.attrs);
      if ((this.#mode as Mode) === 'raw') {
        const rest = this.#pending;
        this.#pending = new Uint8Array(0);
        if (rest.length) this.consume(rest);
        return;
      }
    }
  }

  #onCommand(name: string, attrs: Readonly<Record<string, string>>): void {
    const p = this.options.profile;
    switch (name) {
      case 'nop':
      case 'NOP':
        this.respond('ping', 0, { ok: () => encodeResponse('ACK'), nak: () => encodeResponse('NAK'), error: () => errorNak('ping failed') });
        return;
      case 'configure': {
        const asked = Number(attrs['MaxPayloadSizeToTargetInBytes'] ?? '0');
        this.respond('configure', 0, {
          ok: () =>
            cat(
              encodeLog(`INFO: configure: host asked for MaxPayloadSizeToTargetInBytes=${asked}`),
              encodeResponse('NAK', [
                ['MemoryName', p.memoryName],
                ['MaxPayloadSizeFromTargetInBytes', p.maxPayloadFromTarget],
                ['MaxPayloadSizeToTargetInBytes', this.#maxPayload],
                ['MaxPayloadSizeToTargetInBytesSupported', this.#maxPayload],
                ['TargetName', p.targetName],
              ]),
            ),
          nak: () => encodeResponse('NAK'),
          error: () => errorNak('configure failed'),
        });
        return;
      }
      case 'getStorageInfo':
        this.respond('storage', 0, {
          ok: () =>
            p.reportsStorageInfo
              ? cat(encodeLog(`sector_size_in_bytes=${p.sectorSize}`), encodeLog(`pages_in_block=${p.pagesPerBlock}`), encodeResponse('ACK'))
              : cat(encodeLog('INFO: storage info not reported on this target'), encodeResponse('ACK')),
          nak: () => encodeResponse('NAK'),
          error: () => errorNak('storage info failed'),
        });
        return;
      case 'program': {
        const sector = Number(attrs['SECTOR_SIZE_IN_BYTES']);
        const sectors = Number(attrs['num_partition_sectors']);
        const pages = Number(attrs['PAGES_PER_BLOCK'] ?? DEFAULT_PAGES_PER_BLOCK);
        const index = this.#imageIndex + 1;
        if (sector !== p.sectorSize || !(sectors > 0) || pages !== p.pagesPerBlock) {
          this.send(encodeLog(`ERROR: program: sector size ${sector}, ${sectors} sectors, ${pages} pages per block not supported`));
          this.send(encodeResponse('NAK'));
          return;
        }
        const r = this.respond('program', index, {
          ok: () => encodeResponse('ACK', [['rawmode', 'true']]),
          nak: () => encodeResponse('NAK'),
          error: () => errorNak('program refused'),
        });
        if (r !== 'ok') return;
        this.#imageIndex = index;
        this.log(`program image #${index}: ${sectors} sectors of ${sector}`);
        this.#writer = this.flash.begin('firehose', sectors * sector, { trimToCweSize: true });
        this.#rawLeft = sectors * sector;
        this.#blockFill = 0;
        this.#block = 0;
        this.#rawRefused = false;
        this.#mode = 'raw';
        return;
      }
      case 'power': {
        if ((attrs['value'] ?? '').toLowerCase() !== 'reset') {
          this.send(errorNak(`power value="${attrs['value'] ?? ''}" not supported`));
          return;
        }
        const r = this.respond('reset', 0, {
          ok: () => encodeResponse('ACK'),
          nak: () => encodeResponse('NAK'),
          error: () => errorNak('reset failed'),
        });
        if (r === 'ok' || r === 'garbage') this.afterSent(() => this.reboot('reset'));
        return;
      }
      default:
        this.send(errorNak(`unsupported command <${name}>`));
    }
  }

  /** Takes raw data; returns how many bytes of `data` belonged to the raw transfer. */
  #onRaw(data: Uint8Array): number {
    const w = this.#writer;
    if (!w) {
      this.#mode = 'xml';
      return 0;
    }
    let used = 0;
    while (used < data.length && this.#rawLeft > 0 && !this.gone && !this.silent) {
      const bs = this.blockSize;
      const n = Math.min(this.#rawLeft, data.length - used, bs - this.#blockFill);
      if (this.powerLossAfter !== undefined && !this.#rawRefused) {
        const room = this.powerLossAfter - w.written;
        if (room <= n) {
          w.write(data.subarray(used, used + Math.max(0, room)));
          w.abort(`power lost after ${this.powerLossAfter} image bytes`);
          this.#writer = null;
          this.reboot('power-loss');
          return data.length;
        }
      }
      if (!this.#rawRefused) w.write(data.subarray(used, used + n));
      used += n;
      this.#rawLeft -= n;
      this.#blockFill += n;
      if (this.#blockFill === bs || this.#rawLeft === 0) {
        const block = this.#block++;
        this.#blockFill = 0;
        if (this.#chatty && block === 0) super.send(this.#chatter());
        if (!this.#rawRefused) {
          const r = this.respond('chunk', block, {
            ok: () => new Uint8Array(0),
            nak: () => cat(encodeLog(`ERROR: write failed on block ${block}`), encodeResponse('NAK', [['rawmode', 'false']])),
            error: () => cat(encodeLog(`ERROR: HANDLE_PROGRAM_FAILURE on block ${block}`), encodeResponse('NAK', [['rawmode', 'false']])),
          });
          if (r === 'stopped') return data.length;
          if (r !== 'ok') {
            this.#rawRefused = true;
            w.abort(`refused by the module at block ${block}`);
          }
        }
      }
    }
    if (this.#rawLeft === 0 && !this.gone && !this.silent) {
      this.#mode = 'xml';
      if (this.#rawRefused) {
        this.#writer = null;
        return used;
      }
      const r = this.respond('data', this.#imageIndex, {
        ok: () => encodeResponse('ACK', [['rawmode', 'false']]),
        nak: () => cat(encodeLog('ERROR: image verification failed'), encodeResponse('NAK', [['rawmode', 'false']])),
        error: () => cat(encodeLog('ERROR: HANDLE_PROGRAM_FAILURE'), encodeResponse('NAK', [['rawmode', 'false']])),
      });
      // 'stopped': the module hung (the write stays open) or left (onGone closed it).
      if (r === 'stopped') return used;
      this.#writer = null;
      if (r === 'ok') {
        const img = w.finish();
        this.log(`image #${this.#imageIndex} stored: ${img.writtenSize} bytes (CWE size ${cweFileSize(img.header) ?? '?'}), crc32 ${img.crc32.toString(16)}`);
      } else w.abort('refused by the module after the data');
    }
    return used;
  }
}

const PROLOGUE = latin1Bytes('<?xml');
const CLOSE = latin1Bytes('</data>');

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function startsWith(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length < b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

function errorNak(text: string): Uint8Array {
  return cat(encodeLog(`ERROR: ${text}`), encodeResponse('NAK'));
}

function cat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

