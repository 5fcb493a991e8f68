/**
 * Sequential reads of an image in small blocks (Firehose: 16 KiB) served from large slices
 * (1 MiB) with the next slice already being read: one Blob.slice().arrayBuffer() per MiB
 * instead of per block, and I/O overlapping the writes. At most two slices are alive, so
 * memory stays flat for any image size.
 */
import type { ByteSource } from '../images/byte-source.ts';

export const SLICE_SIZE = 1024 * 1024;

export class SliceReader {
  #start = 0;
  #slice: Uint8Array = new Uint8Array(0);
  #next: { start: number; data: Promise<Uint8Array> } | null = null;

  constructor(
    private readonly source: ByteSource,
    private readonly sliceSize = SLICE_SIZE,
  ) {}

  #fetch(start: number): Promise<Uint8Array> {
    const p = this.source.read(start, Math.min(this.sliceSize, this.source.size - start));
    p.catch(() => undefined);
    return p;
  }

  /** Bytes [offset, offset+length); offsets must grow (sequential reads). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.source.size, offset + length);
    if (offset >= this.#start && end <= this.#start + this.#slice.length) return this.#slice.subarray(offset - this.#start, end - this.#start);
    const parts: Uint8Array[] = [];
    let pos = offset;
    while (pos < end) {
      if (!(pos >= this.#start && pos < this.#start + this.#slice.length)) {
        const start = pos;
        const data = this.#next && this.#next.start === start ? this.#next.data : this.#fetch(start);
        this.#slice = await data;
        this.#start = start;
        if (this.#slice.length === 0) break;
        const after = start + this.#slice.length;
        this.#next = after < this.source.size ? { start: after, data: this.#fetch(after) } : null;
      }
      const take = Math.min(end, this.#start + this.#slice.length) - pos;
      parts.push(this.#slice.subarray(pos - this.#start, pos - this.#start + take));
      pos += take;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}
