/**
 * The module's side of Sierra QDL/SSDP: framed requests, unframed writes streamed straight to
 * the virtual flash, one answer per request (stop-and-wait), reset = reboot and leave the bus.
 */
import { concatBytes } from '../../codec/bytes.ts';
import { crc16 } from '../../codec/crc16.ts';
import { HdlcFrameError, hdlcDecodeBody, hdlcEncode } from '../../codec/hdlc.ts';
import { CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import {
  IMAGE_TYPE_CWE,
  QDL_ERROR_COMMAND_NOT_SUPPORTED,
  WRITE_HEADER_SIZE,
  decodeRequest,
  decodeWriteHeader,
  encodeCloseResponse,
  encodeDloadAck,
  encodeError,
  encodeHelloResponse,
  encodeOpenResponse,
  encodeWriteResponse,
} from '../../codec/qdl/messages.ts';
import { DeviceCore, type DeviceCoreOptions } from './device-core.ts';
import { timingFault } from './faults.ts';
import type { FlashWriter } from './flash.ts';

const ERR_INVALID_COMMAND = 0x05;
const ERR_INVALID_LENGTH = 0x03;
const ERR_WRITE_VERIFY = 0x0a;
const ERR_OUT_OF_SEQUENCE = 0x0f;
const ERR_INVALID_CRC = 0x17;

type ParseMode = 'idle' | 'frame' | 'write-header' | 'write-data' | 'skip';

export class QdlDevice extends DeviceCore {
  #mode: ParseMode = 'idle';
  #frame: Uint8Array[] = [];
  #frameLen = 0;
  #header = new Uint8Array(WRITE_HEADER_SIZE);
  #headerLen = 0;
  #chunkLeft = 0;
  #chunkSeq = 0;
  #skipLeft = 0;

  #helloSeen = false;
  #helloCount = 0;
  #minVersion: number;
  #sdpAnswer: 'ack' | 'unsupported' | 'silent' = 'ack';
  #imageIndex = -1;
  #writer: FlashWriter | null = null;
  #dataSize = 0;
  #dataReceived = 0;
  #nextSeq = 0;
  #sessionFailed = false;

  constructor(options: DeviceCoreOptions) {
    super(options);
    this.#minVersion = options.profile.qdlMinVersion;
    for (const f of options.faults) {
      if (f.kind === 'qdl-version') this.#minVersion = f.min;
      if (f.kind === 'sdp') this.#sdpAnswer = f.answer;
    }
  }

  protected onOpen(): void {
    // QDL modules speak only when spoken to.
  }

  #frameOut(payload: Uint8Array): Uint8Array {
    return hdlcEncode(payload);
  }

  #badCrc(payload: Uint8Array): Uint8Array {
    return hdlcEncode(payload, crc16(payload) ^ 0x5a5a);
  }

  #answer(phase: Parameters<DeviceCore['respond']>[0], index: number, ok: Uint8Array, nak?: Uint8Array, extra: { wrongSeq?: Uint8Array } = {}) {
    return this.respond(phase, index, {
      ok: () => this.#frameOut(ok),
      nak: () => this.#frameOut(nak ?? encodeError(ERR_INVALID_COMMAND)),
      error: () => this.#frameOut(encodeError(ERR_WRITE_VERIFY)),
      badCrc: () => this.#badCrc(ok),
      ...(extra.wrongSeq ? { wrongSeq: () => this.#frameOut(extra.wrongSeq!) } : {}),
    });
  }

  #sendError(code: number, why: string): void {
    this.log(`error 0x${code.toString(16)}: ${why}`);
    if (!this.silent) this.send(this.#frameOut(encodeError(code)));
  }

  protected override garbage(): Uint8Array {
    // End the noise with a flag, so the host sees a broken frame rather than a silent line.
    const g = super.garbage();
    const out = new Uint8Array(g.length + 2);
    out[0] = 0x7e;
    out.set(g, 1);
    out[out.length - 1] = 0x7e;
    return out;
  }

  protected onGone(reason: string): void {
    this.#writer?.abort(`module left the bus while writing (${reason})`);
    this.#writer = null;
  }

  protected consume(data: Uint8Array): void {
    let i = 0;
    while (i < data.length && !this.gone && !this.silent) {
      switch (this.#mode) {
        case 'idle': {
          const b = data[i]!;
          if (b === 0x7e) {
            this.#mode = 'frame';
            i++;
          } else if (b === 0x27) {
            this.#mode = 'write-header';
            this.#headerLen = 0;
          } else this.#mode = 'frame';
          break;
        }
        case 'frame': {
          const j = data.indexOf(0x7e, i);
          const end = j < 0 ? data.length : j;
          if (end > i) {
            this.#frame.push(data.slice(i, end));
            this.#frameLen += end - i;
          }
          i = j < 0 ? data.length : j + 1;
          if (j >= 0 && this.#frameLen > 0) {
            const raw = concatBytes(this.#frame, this.#frameLen);
            this.#frame = [];
            this.#frameLen = 0;
            this.#mode = 'idle';
            this.#onFrame(raw);
          }
          break;
        }
        case 'write-header': {
          const n = Math.min(WRITE_HEADER_SIZE - this.#headerLen, data.length - i);
          this.#header.set(data.subarray(i, i + n), this.#headerLen);
          this.#headerLen += n;
          i += n;
          if (this.#headerLen === WRITE_HEADER_SIZE) this.#onWriteHeader();
          break;
        }
        case 'write-data': {
          const n = Math.min(this.#chunkLeft, data.length - i);
          if (this.powerLossAfter !== undefined && this.#writer) {
            const room = this.powerLossAfter - this.#writer.written;
            if (room <= n) {
              this.#writer.write(data.subarray(i, i + Math.max(0, room)));
              this.#writer.abort(`power lost after ${this.powerLossAfter} image bytes`);
              this.#writer = null;
              this.reboot('power-loss');
              return;
            }
          }
          this.#writer?.write(data.subarray(i, i + n));
          this.#dataReceived += n;
          this.#chunkLeft -= n;
          i += n;
          if (this.#chunkLeft === 0) {
            this.#mode = 'idle';
            this.#onChunkDone();
          }
          break;
        }
        case 'skip': {
          const n = Math.min(this.#skipLeft, data.length - i);
          this.#skipLeft -= n;
          i += n;
          if (this.#skipLeft === 0) this.#mode = 'idle';
          break;
        }
      }
    }
  }

  #onFrame(raw: Uint8Array): void {
    let payload: Uint8Array;
    try {
      payload = hdlcDecodeBody(raw);
    } catch (e) {
      this.#sendError(e instanceof HdlcFrameError && e.code === 'crc-mismatch' ? ERR_INVALID_CRC : ERR_INVALID_LENGTH, (e as Error).message);
      return;
    }
    let req;
    try {
      req = decodeRequest(payload);
    } catch (e) {
      this.#sendError(ERR_INVALID_LENGTH, (e as Error).message);
      return;
    }
    switch (req.kind) {
      case 'dload-sdp':
        this.log('DLOAD SDP');
        if (this.#sdpAnswer === 'silent') return;
        if (this.#sdpAnswer === 'unsupported') {
          this.send(this.#frameOut(encodeError(QDL_ERROR_COMMAND_NOT_SUPPORTED)));
          return;
        }
        this.#answer('sdp', 0, encodeDloadAck());
        return;
      case 'dload-nop':
        this.send(this.#frameOut(encodeDloadAck()));
        return;
      case 'hello': {
        const index = this.#helloCount++;
        this.log(`hello v${req.maxVersion}`);
        if (req.maxVersion < this.#minVersion) {
          if (timingFault(this.options.faults, 'short-qdl-hello')) {
            // An older boot loader: a hello reply, but of another length than libqmi's 49 bytes.
            this.log(`hello version ${req.maxVersion} below ${this.#minVersion}: short hello reply`);
            this.send(this.#frameOut(encodeHelloResponse(req.maxVersion).subarray(0, 40)));
            return;
          }
          this.#sendError(ERR_INVALID_COMMAND, `hello version ${req.maxVersion} below ${this.#minVersion}`);
          return;
        }
        if (this.#answer('hello', index, encodeHelloResponse(req.maxVersion)) === 'ok') this.#helloSeen = true;
        return;
      }
      case 'open': {
        if (!this.#helloSeen || this.#writer) {
          this.#sendError(ERR_OUT_OF_SEQUENCE, 'open-unframed before hello or inside an open session');
          return;
        }
        if (req.imageType !== IMAGE_TYPE_CWE || req.header.length !== CWE_HEADER_SIZE || req.length !== req.dataSize + CWE_HEADER_SIZE) {
          this.#sendError(ERR_INVALID_LENGTH, `open-unframed type 0x${req.imageType.toString(16)} length ${req.length} data ${req.dataSize}`);
          return;
        }
        const index = ++this.#imageIndex;
        this.log(`open image #${index}: ${req.length} bytes`);
        const r = this.#answer('open', index, encodeOpenResponse(0, req.dataSize), encodeOpenResponse(1, req.dataSize));
        if (r !== 'ok') return;
        this.#writer = this.flash.begin('qdl', req.length);
        this.#writer.write(req.header);
        this.#dataSize = req.dataSize;
        this.#dataReceived = 0;
        this.#nextSeq = 0;
        this.#sessionFailed = false;
        return;
      }
      case 'close': {
        const w = this.#writer;
        if (!w) {
          this.#sendError(ERR_OUT_OF_SEQUENCE, 'close without an open session');
          return;
        }
        const complete = this.#dataReceived === this.#dataSize && !this.#sessionFailed;
        const r = this.#answer('close', this.#imageIndex, encodeCloseResponse(complete ? 0 : 1), encodeCloseResponse(1));
        if (r === 'stopped') return;
        this.#writer = null;
        if (complete && r === 'ok') {
          const img = w.finish();
          this.log(`image #${this.#imageIndex} stored: ${img.writtenSize} bytes, crc32 ${img.crc32.toString(16)}`);
        } else w.abort(complete ? 'refused by the module at close' : `closed after ${this.#dataReceived} of ${this.#dataSize} bytes`);
        return;
      }
      case 'reset':
        this.log('reset requested');
        if (this.respond('reset', 0, { ok: () => new Uint8Array(0) }) === 'stopped') return;
        this.#writer?.abort('reset during an open session');
        this.#writer = null;
        this.reboot('reset');
        return;
      case 'unknown':
        this.#sendError(ERR_INVALID_COMMAND, `unknown command 0x${req.command.toString(16)}`);
        return;
    }
  }

  #onWriteHeader(): void {
    const h = decodeWriteHeader(this.#header);
    if (!h.crcOk || !this.#writer || h.sequence !== this.#nextSeq || h.length > this.#dataSize - this.#dataReceived) {
      const why = !h.crcOk ? 'write header CRC wrong' : !this.#writer ? 'write outside a session' : h.sequence !== this.#nextSeq ? `sequence ${h.sequence}, expected ${this.#nextSeq}` : 'chunk longer than the rest of the image';
      this.#mode = h.length > 0 ? 'skip' : 'idle';
      this.#skipLeft = h.length;
      this.#sessionFailed = true;
      this.#sendError(!h.crcOk ? ERR_INVALID_CRC : !this.#writer || h.sequence !== this.#nextSeq ? ERR_OUT_OF_SEQUENCE : ERR_INVALID_LENGTH, why);
      return;
    }
    this.#chunkSeq = h.sequence;
    this.#chunkLeft = h.length;
    this.#mode = h.length > 0 ? 'write-data' : 'idle';
    if (h.length === 0) this.#onChunkDone();
  }

  #onChunkDone(): void {
    const seq = this.#chunkSeq;
    this.#nextSeq = seq + 1;
    const r = this.#answer('chunk', seq, encodeWriteResponse(seq, 0), encodeWriteResponse(seq, 1), {
      wrongSeq: encodeWriteResponse((seq + 1) & 0xffff, 0),
    });
    if (r !== 'ok') this.#sessionFailed = true;
  }
}
