/**
 * Sahara packets: `u32 command, u32 length (whole packet)` + body, all little-endian. Only what
 * the Sierra boot-and-hold dialect uses: hello, hello response, command ready, execute 0xFF00
 * ("switch to Firehose"), its response and data, end-of-image-transfer (a failure report).
 */
export const SaharaCommand = {
  hello: 0x01,
  helloResponse: 0x02,
  readData: 0x03,
  endImageTransfer: 0x04,
  done: 0x05,
  doneResponse: 0x06,
  reset: 0x07,
  resetResponse: 0x08,
  commandReady: 0x0b,
  switchMode: 0x0c,
  execute: 0x0d,
  executeResponse: 0x0e,
  executeData: 0x0f,
} as const;

export const SAHARA_MODE_COMMAND = 3;
export const SAHARA_EXECUTE_SWITCH_TO_FIREHOSE = 0xff00;
/** libqmi refuses a hello whose compatible version is above this. */
export const SAHARA_MAX_COMPATIBLE = 2;

export const SAHARA_STATUS_TEXT: Readonly<Record<number, string>> = {
  0x00: 'Success',
  0x01: 'Invalid command received in current state',
  0x02: 'Protocol mismatch between host and target',
  0x03: 'Invalid target protocol version',
  0x04: 'Invalid host protocol version',
  0x05: 'Invalid packet size received',
  0x06: 'Unexpected image ID received',
  0x07: 'Invalid image header size',
  0x08: 'Invalid image data size',
  0x09: 'Invalid image type received',
  0x0a: 'Invalid transmission length',
  0x0b: 'Invalid reception length',
  0x0c: 'General transmission or reception error',
  0x0d: 'Error while transmitting READ_DATA packet',
  0x0e: 'Cannot receive specified number of program headers',
  0x0f: 'Invalid data length received for program headers',
  0x10: 'Multiple shared segments found in ELF image',
  0x11: 'Uninitialized program header location',
  0x12: 'Invalid destination address',
  0x13: 'Invalid data size received in image header',
  0x14: 'Invalid ELF header received',
  0x15: 'Unknown host error received in HELLO_RESP',
  0x16: 'Timeout while receiving data',
  0x17: 'Timeout while transmitting data',
  0x18: 'Invalid mode received from host',
  0x19: 'Invalid memory read access',
  0x1a: 'Host cannot handle read data size requested',
  0x1b: 'Memory debug not supported',
  0x1c: 'Invalid mode switch',
  0x1d: 'Failed to execute command',
  0x1e: 'Invalid parameter passed to command execution',
  0x1f: 'Unsupported client command received',
  0x20: 'Invalid client command received for data response',
  0x21: 'Failed to authenticate hash table',
  0x22: 'Failed to verify hash for a given segment of ELF image',
  0x23: 'Failed to find hash table in ELF image',
  0x24: 'Target failed to initialize',
  0x25: 'Failed to authenticate generic image',
  0x26: 'Invalid ELF hash table size',
};

export class SaharaDecodeError extends Error {
  override readonly name = 'SaharaDecodeError';
  constructor(
    message: string,
    readonly bytes: Uint8Array,
  ) {
    super(message);
  }
}

export type SaharaPacket =
  | { readonly kind: 'hello'; readonly version: number; readonly compatible: number; readonly maxLength: number; readonly mode: number }
  | { readonly kind: 'hello-response'; readonly version: number; readonly compatible: number; readonly status: number; readonly mode: number }
  | { readonly kind: 'command-ready' }
  | { readonly kind: 'execute'; readonly command: number }
  | { readonly kind: 'execute-response'; readonly command: number; readonly dataLength: number }
  | { readonly kind: 'execute-data'; readonly command: number }
  | { readonly kind: 'end-image-transfer'; readonly imageId: number; readonly status: number }
  | { readonly kind: 'other'; readonly command: number; readonly length: number };

function packet(cmd: number, words: readonly number[], total = 8 + words.length * 4): Uint8Array {
  const p = new Uint8Array(total);
  const v = new DataView(p.buffer);
  v.setUint32(0, cmd, true);
  v.setUint32(4, total, true);
  words.forEach((w, i) => v.setUint32(8 + i * 4, w >>> 0, true));
  return p;
}

export function encodeHello(version = 2, compatible = 1, maxLength = 1024, mode = 0): Uint8Array {
  return packet(SaharaCommand.hello, [version, compatible, maxLength, mode], 0x30);
}

export function encodeHelloResponse(version = 2, compatible = 2, status = 0, mode = SAHARA_MODE_COMMAND): Uint8Array {
  return packet(SaharaCommand.helloResponse, [version, compatible, status, mode], 0x30);
}

export function encodeCommandReady(): Uint8Array {
  return packet(SaharaCommand.commandReady, []);
}

export function encodeExecute(command = SAHARA_EXECUTE_SWITCH_TO_FIREHOSE): Uint8Array {
  return packet(SaharaCommand.execute, [command]);
}

export function encodeExecuteResponse(command: number, dataLength: number): Uint8Array {
  return packet(SaharaCommand.executeResponse, [command, dataLength]);
}

export function encodeExecuteData(command = SAHARA_EXECUTE_SWITCH_TO_FIREHOSE): Uint8Array {
  return packet(SaharaCommand.executeData, [command]);
}

export function encodeEndImageTransfer(imageId: number, status: number): Uint8Array {
  return packet(SaharaCommand.endImageTransfer, [imageId, status]);
}

/** Decodes one complete packet (exactly `length` bytes). */
export function decodePacket(p: Uint8Array): SaharaPacket {
  if (p.length < 8) throw new SaharaDecodeError(`Sahara packet too short (${p.length} bytes).`, p);
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const cmd = v.getUint32(0, true);
  const len = v.getUint32(4, true);
  if (len !== p.length) throw new SaharaDecodeError(`Sahara length field ${len} but ${p.length} bytes.`, p);
  const word = (i: number) => {
    if (8 + i * 4 + 4 > p.length) throw new SaharaDecodeError(`Sahara command 0x${cmd.toString(16)} is too short (${len} bytes).`, p);
    return v.getUint32(8 + i * 4, true);
  };
  switch (cmd) {
    case SaharaCommand.hello:
      return { kind: 'hello', version: word(0), compatible: word(1), maxLength: word(2), mode: word(3) };
    case SaharaCommand.helloResponse:
      return { kind: 'hello-response', version: word(0), compatible: word(1), status: word(2), mode: word(3) };
    case SaharaCommand.commandReady:
      return { kind: 'command-ready' };
    case SaharaCommand.execute:
      return { kind: 'execute', command: word(0) };
    case SaharaCommand.executeResponse:
      return { kind: 'execute-response', command: word(0), dataLength: word(1) };
    case SaharaCommand.executeData:
      return { kind: 'execute-data', command: word(0) };
    case SaharaCommand.endImageTransfer:
      return { kind: 'end-image-transfer', imageId: word(0), status: word(1) };
    default:
      return { kind: 'other', command: cmd, length: len };
  }
}

/** Largest packet we accept; anything bigger is garbage, not a packet to wait for. */
export const SAHARA_MAX_PACKET = 4096;

/**
 * Splits a byte stream into Sahara packets by their length field, across arbitrary pieces.
 * `take()` returns the next complete packet or null; a length field that cannot be right
 * throws, so garbage is reported instead of waited on.
 */
export class SaharaReassembler {
  #buf = new Uint8Array(0);

  push(data: Uint8Array): void {
    const b = new Uint8Array(this.#buf.length + data.length);
    b.set(this.#buf);
    b.set(data, this.#buf.length);
    this.#buf = b;
  }

  get pending(): number {
    return this.#buf.length;
  }

  take(): Uint8Array | null {
    if (this.#buf.length < 8) return null;
    const v = new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength);
    const len = v.getUint32(4, true);
    if (len < 8 || len > SAHARA_MAX_PACKET) {
      throw new SaharaDecodeError(`Sahara length field ${len} is not plausible.`, this.#buf.slice(0, Math.min(32, this.#buf.length)));
    }
    if (this.#buf.length < len) return null;
    const p = this.#buf.slice(0, len);
    this.#buf = this.#buf.slice(len);
    return p;
  }

  /** Hands back unparsed bytes (after Sahara ends, the pipe speaks Firehose). */
  takeRest(): Uint8Array {
    const r = this.#buf;
    this.#buf = new Uint8Array(0);
    return r;
  }
}

export function describeSaharaStatus(status: number): string {
  return SAHARA_STATUS_TEXT[status] ?? `Unknown status 0x${status.toString(16)}`;
}
