/**
 * What the engine needs to know about an image: its size, a way to read slices of it, its
 * 400-byte CWE header and the inspection verdict. Never the whole file in memory.
 */
export const CWE_HEADER_SIZE = 400;

export interface ImageSource {
  readonly size: number;
  /** Bytes [offset, offset+length) — may return fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close?(): Promise<void>;
}

export interface ImageInspection {
  /** From the image issue's inspection: only "ok" may be written. */
  readonly verdict: 'ok' | 'warning' | 'refused';
  /** Top-level CWE type (SPKG, …) and product code (9X07, …). */
  readonly type: string;
  readonly product: string;
  /** Why the verdict is not "ok", in words. */
  readonly problems?: readonly string[];
}

export interface DownloadImage {
  readonly name: string;
  readonly source: ImageSource;
  /** The file's first 400 bytes. */
  readonly header: Uint8Array;
  readonly inspection: ImageInspection;
}

export function blobSource(blob: Blob): ImageSource {
  return {
    size: blob.size,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer());
    },
  };
}

export function bytesSource(bytes: Uint8Array): ImageSource {
  return {
    size: bytes.length,
    async read(offset, length) {
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

/** The top-level header fields the engine checks (size, type, product). */
export function readCweHeader(header: Uint8Array): { type: string; product: string; imageSize: number } | null {
  if (header.length < CWE_HEADER_SIZE) return null;
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const text = (a: number, b: number) => String.fromCharCode(...header.subarray(a, b)).replace(/\0+$/, '');
  return { type: text(0x10c, 0x110), product: text(0x110, 0x114), imageSize: v.getUint32(0x114) };
}
