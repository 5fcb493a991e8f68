/**
 * The virtual modem's flash: what the download-mode host wrote, one CWE file per program /
 * open-unframed session. On reset the module "boots" it: complete images become the running
 * firmware; an image cut short (power loss) leaves the module in its boot loop, which only a
 * new download fixes.
 */
import { crc32Update } from '../../codec/crc32.ts';
import { concatBytes } from '../../codec/bytes.ts';
import { CWE_HEADER_SIZE, decodeHeader } from '../../codec/cwe/header.ts';
import { parseCwe, type CweImage } from '../../codec/cwe/parser.ts';

export interface CwePart {
  /** Offset of this part's header inside the written file. */
  readonly offset: number;
  readonly type: string;
  readonly product: string;
  readonly version: string;
  /** Payload bytes after the 400-byte header. */
  readonly size: number;
  readonly children: readonly CwePart[];
}

export interface FlashImage {
  readonly protocol: 'firehose' | 'qdl';
  /** The file's first 400 bytes (its top-level CWE header). */
  readonly header: Uint8Array;
  /** Bytes the host announced (QDL length; Firehose: the CWE size from the header). */
  readonly expectedSize: number;
  /** Bytes that reached flash. */
  readonly writtenSize: number;
  /** CRC-32 (zlib convention) of the bytes that reached flash. */
  readonly crc32: number;
  readonly complete: boolean;
  /** Why the write did not complete, when it did not. */
  readonly interruption?: string;
  /** Top-level CWE header and its sub-images, as walked from the written bytes. */
  readonly parts: CwePart | null;
  /** The written bytes, when the flash keeps them (`retainBytes`). */
  bytes(): Uint8Array | null;
}

export type BootOutcome =
  | { readonly mode: 'application'; readonly images: readonly FlashImage[]; readonly firmware: string | null }
  | { readonly mode: 'boot-loop'; readonly reason: string }
  | { readonly mode: 'unchanged' };

export interface FlashWriter {
  write(data: Uint8Array): void;
  /** Bytes received for this image, padding included. */
  readonly written: number;
  finish(): FlashImage;
  abort(reason: string): FlashImage;
}

export class VirtualFlash {
  readonly #images: FlashImage[] = [];
  readonly #open = new Set<{ readonly written: number }>();
  readonly retainBytes: boolean;

  constructor(options: { retainBytes?: boolean } = {}) {
    this.retainBytes = options.retainBytes ?? true;
  }

  get images(): readonly FlashImage[] {
    return this.#images;
  }

  /** True once any image write was cut short since the last complete one. */
  get interrupted(): boolean {
    const last = this.#images.at(-1);
    return last !== undefined && !last.complete;
  }

  /**
   * Starts an image. `trimToCweSize`: the protocol pads the data (Firehose sectors and its
   * end-of-transfer block), so only the CWE file's own bytes (400 + image size) are kept.
   */
  begin(protocol: 'firehose' | 'qdl', expectedSize: number, options: { trimToCweSize?: boolean } = {}): FlashWriter {
    const chunks: Uint8Array[] = [];
    let received = 0;
    let kept = 0;
    let limit = Infinity;
    let crc = 0xffffffff;
    let header = new Uint8Array(0);
    const retain = this.retainBytes;
    const images = this.#images;
    const open = this.#open;
    let done = false;
    const close = (complete: boolean, interruption?: string): FlashImage => {
      if (done) throw new Error('Flash image already closed.');
      done = true;
      open.delete(writer);
      const all = retain ? concatBytes(chunks, kept) : null;
      const image: FlashImage = {
        protocol,
        header,
        expectedSize,
        writtenSize: kept,
        crc32: ~crc >>> 0,
        complete,
        ...(interruption ? { interruption } : {}),
        parts: all ? cweParts(all) : header.length === CWE_HEADER_SIZE ? cweHeaderPart(header) : null,
        bytes: () => all,
      };
      images.push(image);
      return image;
    };
    const writer: FlashWriter = {
      write(data: Uint8Array) {
        if (done) return;
        if (header.length < CWE_HEADER_SIZE) {
          const h = new Uint8Array(Math.min(CWE_HEADER_SIZE, header.length + data.length));
          h.set(header);
          h.set(data.subarray(0, h.length - header.length), header.length);
          header = h;
          if (options.trimToCweSize && header.length === CWE_HEADER_SIZE) limit = cweFileSize(header) ?? Infinity;
        }
        received += data.length;
        const room = limit - kept;
        const part = room >= data.length ? data : data.subarray(0, Math.max(0, room));
        if (part.length === 0) return;
        crc = crc32Update(crc, part);
        if (retain) chunks.push(part.slice());
        kept += part.length;
      },
      get written() {
        return received;
      },
      finish: () => close(true),
      abort: (reason) => close(false, reason),
    };
    open.add(writer);
    return writer;
  }

  /** Image data (past the header) is being written and has neither finished nor been abandoned (module hung). */
  get writing(): boolean {
    for (const w of this.#open) if (w.written > CWE_HEADER_SIZE) return true;
    return false;
  }

  bootOutcome(): BootOutcome {
    if (this.writing) return { mode: 'boot-loop', reason: 'An image write started and never finished.' };
    if (this.#images.length === 0) return { mode: 'unchanged' };
    const last = this.#images.at(-1)!;
    if (!last.complete) return { mode: 'boot-loop', reason: last.interruption ?? 'An image write did not complete.' };
    const complete = this.#images.filter((i) => i.complete);
    const spkg = [...complete].reverse().find((i) => i.parts);
    return { mode: 'application', images: complete, firmware: spkg?.parts?.version || null };
  }
}


export { crc32Update };

/** zlib-convention CRC-32 (the CWE JAMCRC is its complement). */
export function crc32(data: Uint8Array): number {
  return ~crc32Update(0xffffffff, data) >>> 0;
}

/** The image tree of a written file, as the codec's parser (and libqmi) walks it. */
export function cweParts(file: Uint8Array): CwePart | null {
  const root = parseCwe(file).root;
  return root ? toPart(root) : null;
}

/** The top-level header alone, for images whose payload was not kept. */
export function cweHeaderPart(header: Uint8Array): CwePart | null {
  const h = decodeHeader(header);
  if (h.badField || h.imageSize === 0) return null;
  return { offset: 0, type: h.type, product: h.product, version: h.version, size: h.imageSize, children: [] };
}

function toPart(image: CweImage): CwePart {
  const { offset, type, product, version, size } = image;
  return { offset, type, product, version, size, children: image.children.map(toPart) };
}

/** Size of a CWE file as its top-level header states it (400 + image size), or null. */
export function cweFileSize(header: Uint8Array): number | null {
  if (header.length < CWE_HEADER_SIZE) return null;
  const size = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(0x114);
  return size > 0 ? CWE_HEADER_SIZE + size : null;
}
