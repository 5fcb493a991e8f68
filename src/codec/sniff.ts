/**
 * What kind of file the user gave us, from its first bytes (and its name only as a hint): a CWE
 * image, a zip bundle, a Windows program (Sierra ships firmware as FDT2 `.exe` installers too),
 * or something else. Decided before parsing so each case gets its own message.
 */
import { CWE_HEADER_SIZE, FIELD, PSB_SIZE } from './cwe/header.ts';
import { KNOWN_IMAGE_TYPES } from './cwe/image-types.ts';
import { jamcrc } from './crc32.ts';

/** How many leading bytes `sniffFormat` wants (more is fine, fewer degrades gracefully). */
export const SNIFF_BYTES = 4096;

export type SniffedFormat =
  | { readonly kind: 'empty' }
  | { readonly kind: 'cwe' }
  | { readonly kind: 'zip' }
  /** MZ executable; `pe` when the PE signature is where the DOS header points. */
  | { readonly kind: 'exe'; readonly pe: boolean }
  | { readonly kind: 'unknown' };

/** File-name extensions Sierra uses for CWE containers. */
export type CweExtension = 'spk' | 'cwe' | 'nvu';

export function cweExtension(fileName: string): CweExtension | null {
  const m = /\.(spk|cwe|nvu)$/i.exec(fileName);
  return m ? (m[1]!.toLowerCase() as CweExtension) : null;
}

function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function ascii4(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);
}

export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (head.length === 0) return { kind: 'empty' };
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7) && head[3] === head[2] + 1)
    return { kind: 'zip' };
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) {
    let pe = false;
    if (head.length >= 0x40) {
      const lfanew = head[0x3c]! | (head[0x3d]! << 8) | (head[0x3e]! << 16) | (head[0x3f]! << 24);
      if (lfanew > 0 && lfanew + 4 <= head.length) pe = ascii4(head, lfanew) === 'PE\0\0';
    }
    return { kind: 'exe', pe };
  }
  if (head.length >= CWE_HEADER_SIZE) {
    const psbOk = u32be(head, FIELD.psbCrc) === jamcrc(head.subarray(0, PSB_SIZE));
    if (psbOk || KNOWN_IMAGE_TYPES.has(ascii4(head, FIELD.type))) return { kind: 'cwe' };
  } else if (head.length >= PSB_SIZE + 4 ? u32be(head, FIELD.psbCrc) === jamcrc(head.subarray(0, PSB_SIZE)) : head.every((b) => b === 0)) {
    // Shorter than a header but starting like one: let the CWE parser explain the truncation.
    return { kind: 'cwe' };
  }
  return { kind: 'unknown' };
}
