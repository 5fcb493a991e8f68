/**
 * What the engine needs to know about an image: its size, a way to read slices of it, its
 * 400-byte CWE header and the inspection verdict. Never the whole file in memory.
 */
import { CWE_HEADER_SIZE, decodeHeader } from '../../codec/cwe/header.ts';
import type { ByteSource } from '../images/byte-source.ts';

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
  readonly source: ByteSource;
  /** The file's first 400 bytes. */
  readonly header: Uint8Array;
  readonly inspection: ImageInspection;
}

/** The top-level header fields the engine checks (size, type, product). */
export function readCweHeader(header: Uint8Array): { type: string; product: string; imageSize: number } | null {
  if (header.length < CWE_HEADER_SIZE) return null;
  const { type, product, imageSize } = decodeHeader(header);
  return { type, product, imageSize };
}
