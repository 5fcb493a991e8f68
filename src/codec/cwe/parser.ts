/**
 * Streaming CWE parser: bytes are pushed in file order, in chunks of any size, and it never
 * holds more than one 400-byte header candidate — memory does not grow with the image.
 *
 * Which bytes count as a nested image follows libqmi's `qmi-firmware-update` exactly, so our tree
 * matches `--verify`'s: at the start of every payload and right after every accepted child, a
 * header is tried; it is a child when its image_sz is non-zero, it fits in the parent and its four
 * string fields are printable-then-NUL. The first failure ends the parent's list of children and
 * the rest of its payload is opaque. On top of that we check what libqmi does not: both CRCs of
 * every image (computed in one pass: a segment's CRC is combined into every enclosing image),
 * the PSB CRC as a "this really was meant to be a header" signal for specific messages, and sizes
 * against the file.
 */
import { JAMCRC_EMPTY, jamcrcCombine, tableCrc32Stream, type Crc32Stream } from '../crc32.ts';
import { CRC_INDICATOR_GOOD, CURRENT_HEADER_REVISION, CWE_HEADER_SIZE, decodeHeader, describeCrcIndicator, type CweHeader, type ImageFlags } from './header.ts';
import { KNOWN_IMAGE_TYPES } from './image-types.ts';
import type { CweError, CweWarning } from './issues.ts';

export interface CrcCheck {
  readonly stored: number;
  readonly computed: number;
  readonly ok: boolean;
}
/** The payload CRC cannot be computed when the file ends before the payload does. */
export type PayloadCrcCheck = CrcCheck | { readonly stored: number; readonly computed: null; readonly ok: null };

export interface CweImage {
  /** libqmi's id: "0" for the top image, "0.1.0" for the first child of its second child. */
  readonly path: string;
  readonly depth: number;
  /** Offset of the header in the file. */
  readonly offset: number;
  /** image_sz: payload bytes after the 400-byte header. */
  readonly size: number;
  readonly type: string;
  readonly product: string;
  readonly version: string;
  readonly date: string;
  readonly headerRevision: number;
  readonly crcIndicator: string;
  readonly compat: number;
  readonly flags: ImageFlags;
  readonly signature: number;
  readonly headerCrc: CrcCheck;
  readonly imageCrc: PayloadCrcCheck;
  readonly children: readonly CweImage[];
}

export interface CweParseResult {
  /** The top-level image, or null when the bytes are not a CWE image at all. */
  readonly root: CweImage | null;
  readonly errors: readonly CweError[];
  readonly warnings: readonly CweWarning[];
  readonly bytesRead: number;
  readonly crcEngine: string;
}

export interface CweParserOptions {
  /** Bulk CRC implementation; defaults to the pure-JS table. */
  readonly crc?: Crc32Stream;
  /** How many levels of nesting to follow (top image = 1). Real packages use 3. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 16;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Node = Mutable<Omit<CweImage, 'children'>> & { children: Node[] };

interface Open {
  readonly node: Node;
  readonly end: number;
  /** JAMCRC of the payload bytes seen so far. */
  jam: number;
  /** Still looking for nested images (libqmi stops at the first header that fails). */
  walking: boolean;
}

interface Candidate {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

export class CweParser {
  private readonly crc: Crc32Stream;
  private readonly maxDepth: number;
  private pos = 0;
  private segmentStart = 0;
  private readonly stack: Open[] = [];
  private candidate: Candidate | null = { offset: 0, bytes: new Uint8Array(CWE_HEADER_SIZE) };
  private root: Node | null = null;
  private rejected = false;
  private trailing = 0;
  private finished: CweParseResult | null = null;
  private readonly errors: CweError[] = [];
  private readonly warnings: CweWarning[] = [];

  constructor(options: CweParserOptions = {}) {
    this.crc = options.crc ?? tableCrc32Stream();
    this.crc.reset();
    this.maxDepth = Math.max(1, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  }

  /** False once the first header was refused: the rest of the file cannot change the outcome. */
  get wantsMore(): boolean {
    return !this.rejected && this.finished === null;
  }

  push(chunk: Uint8Array): void {
    if (this.finished) throw new Error('CweParser.push() after finish()');
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.rejected) {
        this.pos += n - i;
        return;
      }
      const top = this.stack[this.stack.length - 1];
      if (!top && !this.candidate) {
        // After the top-level image: only counted, reported as trailing data.
        this.trailing += n - i;
        this.pos += n - i;
        return;
      }
      let next = Infinity;
      if (this.candidate) next = this.candidate.offset + CWE_HEADER_SIZE;
      if (top && top.end < next) next = top.end;
      const take = Math.min(n - i, next - this.pos);
      const piece = chunk.subarray(i, i + take);
      if (top) this.crc.update(piece);
      if (this.candidate) this.candidate.bytes.set(piece, this.pos - this.candidate.offset);
      this.pos += take;
      i += take;
      this.settle();
    }
  }

  finish(): CweParseResult {
    if (this.finished) return this.finished;
    if (this.pos === 0) {
      this.errors.push({ code: 'empty', offset: 0 });
    } else if (this.candidate && this.candidate.offset === 0) {
      this.errors.push(this.shortFileError(this.candidate.bytes.subarray(0, this.pos)));
    } else if (this.stack.length > 0) {
      this.closeSegment();
      for (let k = this.stack.length - 1; k >= 0; k--) {
        const open = this.stack[k]!;
        open.node.imageCrc = { stored: open.node.imageCrc.stored, computed: null, ok: null };
      }
      const root = this.stack[0]!;
      this.errors.push({
        code: 'size-out-of-bounds',
        offset: 0,
        imageType: root.node.type,
        reason: 'past-eof',
        declaredEnd: root.end,
        limit: this.pos,
      });
      this.stack.length = 0;
    }
    this.candidate = null;
    if (this.trailing > 0 && this.root) {
      const end = this.root.offset + CWE_HEADER_SIZE + this.root.size;
      this.errors.push({ code: 'size-out-of-bounds', offset: end, imageType: this.root.type, reason: 'trailing-data', declaredEnd: end, limit: end + this.trailing });
    }
    this.finished = {
      root: this.root,
      errors: this.errors,
      warnings: this.warnings,
      bytesRead: this.pos,
      crcEngine: this.crc.engine,
    };
    return this.finished;
  }

  // ---- events --------------------------------------------------------------------------------

  private settle(): void {
    for (;;) {
      const c = this.candidate;
      if (c && this.pos === c.offset + CWE_HEADER_SIZE) {
        this.candidate = null;
        this.decide(c);
        continue;
      }
      const top = this.stack[this.stack.length - 1];
      if (top && this.pos === top.end) {
        this.close();
        continue;
      }
      return;
    }
  }

  /** Folds the bytes since the last event into every open image's payload CRC. */
  private closeSegment(): void {
    const length = this.pos - this.segmentStart;
    if (length > 0 && this.stack.length > 0) {
      const v = this.crc.value();
      for (const open of this.stack) open.jam = jamcrcCombine(open.jam, v, length);
    }
    this.crc.reset();
    this.segmentStart = this.pos;
  }

  private decide(c: Candidate): void {
    const h = decodeHeader(c.bytes);
    const psbOk = h.psbCrcStored === h.psbCrcComputed;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.decideTop(c.offset, h, psbOk);
      return;
    }
    const end = c.offset + CWE_HEADER_SIZE + h.imageSize;
    const accepted = h.imageSize > 0 && end <= parent.end && h.badField === null;
    if (accepted && this.stack.length >= this.maxDepth) {
      this.errors.push({ code: 'depth-limit', offset: c.offset, depth: this.stack.length + 1 });
      parent.walking = false;
      return;
    }
    if (!accepted) {
      parent.walking = false;
      if (psbOk) {
        // The PSB CRC says a header was meant to be here: explain why it does not fit.
        if (h.badField !== null) this.errors.push({ code: 'non-printable', offset: c.offset, field: h.badField });
        else
          this.errors.push({
            code: 'size-out-of-bounds',
            offset: c.offset,
            imageType: h.type,
            reason: h.imageSize === 0 ? 'zero' : 'past-parent',
            declaredEnd: end,
            limit: parent.end,
          });
      } else if (parent.node.children.length > 0) {
        this.warnings.push({ code: 'padding', offset: c.offset, imageType: parent.node.type, length: parent.end - c.offset });
      }
      return;
    }
    this.open(c.offset, h, psbOk, parent);
  }

  private decideTop(offset: number, h: CweHeader, psbOk: boolean): void {
    // libqmi would take any printable text as a header; for the top image we also want either
    // a matching PSB CRC or a documented type code, so a text file is "not a CWE file" rather
    // than "a CWE file with a bad header CRC".
    const plausible = h.badField === null && h.imageSize > 0 && (psbOk || KNOWN_IMAGE_TYPES.has(h.type));
    if (plausible) {
      this.open(offset, h, psbOk, undefined);
      return;
    }
    this.rejected = true;
    if (!psbOk) this.errors.push({ code: 'not-cwe', offset });
    else if (h.badField !== null) this.errors.push({ code: 'non-printable', offset, field: h.badField });
    else this.errors.push({ code: 'size-out-of-bounds', offset, imageType: h.type, reason: 'zero', declaredEnd: offset + CWE_HEADER_SIZE, limit: offset + CWE_HEADER_SIZE });
  }

  private open(offset: number, h: CweHeader, psbOk: boolean, parent: Open | undefined): void {
    const node: Node = {
      path: parent ? `${parent.node.path}.${parent.node.children.length}` : '0',
      depth: this.stack.length,
      offset,
      size: h.imageSize,
      type: h.type,
      product: h.product,
      version: h.version,
      date: h.date,
      headerRevision: h.headerRevision,
      crcIndicator: describeCrcIndicator(h.crcIndicator),
      compat: h.compat,
      flags: h.flags,
      signature: h.signature,
      headerCrc: { stored: h.psbCrcStored, computed: h.psbCrcComputed, ok: psbOk },
      imageCrc: { stored: h.imageCrcStored, computed: null, ok: null },
      children: [],
    };
    if (parent) parent.node.children.push(node);
    else this.root = node;

    if (!psbOk) this.errors.push({ code: 'header-crc-mismatch', offset, imageType: h.type, stored: h.psbCrcStored, computed: h.psbCrcComputed });
    if (!KNOWN_IMAGE_TYPES.has(h.type)) this.warnings.push({ code: 'unknown-type', offset, imageType: h.type });
    if (h.crcIndicator !== CRC_INDICATOR_GOOD)
      this.warnings.push({ code: 'crc-indicator', offset, imageType: h.type, value: node.crcIndicator });
    if (h.headerRevision !== CURRENT_HEADER_REVISION)
      this.warnings.push({ code: 'header-revision', offset, imageType: h.type, revision: h.headerRevision });
    const root = this.root;
    if (parent && root && h.product.toUpperCase() !== root.product.toUpperCase())
      this.warnings.push({ code: 'product-differs', offset, imageType: h.type, product: h.product, topProduct: root.product });

    this.closeSegment();
    const open: Open = { node, end: offset + CWE_HEADER_SIZE + h.imageSize, jam: JAMCRC_EMPTY, walking: true };
    this.stack.push(open);
    this.seekChild(open);
  }

  private close(): void {
    this.closeSegment();
    const open = this.stack.pop()!;
    const stored = open.node.imageCrc.stored;
    open.node.imageCrc = { stored, computed: open.jam, ok: open.jam === stored };
    if (open.jam !== stored)
      this.errors.push({ code: 'image-crc-mismatch', offset: open.node.offset, imageType: open.node.type, stored, computed: open.jam });
    const parent = this.stack[this.stack.length - 1];
    if (parent) this.seekChild(parent);
  }

  /** Starts a header candidate at the current position if the parent is still listing children. */
  private seekChild(parent: Open): void {
    if (!parent.walking) return;
    // A child needs its 400-byte header plus at least one payload byte inside the parent.
    if (this.pos + CWE_HEADER_SIZE + 1 <= parent.end) {
      this.candidate = { offset: this.pos, bytes: new Uint8Array(CWE_HEADER_SIZE) };
      return;
    }
    parent.walking = false;
    if (this.pos < parent.end && parent.node.children.length > 0)
      this.warnings.push({ code: 'padding', offset: this.pos, imageType: parent.node.type, length: parent.end - this.pos });
  }

  /** The file ended inside the first header: a cut-off CWE file, or something else entirely. */
  private shortFileError(present: Uint8Array): CweError {
    let plausible: boolean;
    if (present.length >= 260) {
      const stored = ((present[256]! << 24) | (present[257]! << 16) | (present[258]! << 8) | present[259]!) >>> 0;
      plausible = stored === decodeHeader(padded(present)).psbCrcComputed;
    } else {
      // Real headers start with a zero-filled product buffer.
      plausible = present.every((b) => b === 0);
    }
    return plausible ? { code: 'truncated', offset: 0, available: present.length, needed: CWE_HEADER_SIZE } : { code: 'not-cwe', offset: 0 };
  }
}

function padded(bytes: Uint8Array): Uint8Array {
  const b = new Uint8Array(CWE_HEADER_SIZE);
  b.set(bytes.subarray(0, CWE_HEADER_SIZE));
  return b;
}

/** Parses a whole in-memory image (tests, small files). Large files go through CweParser.push. */
export function parseCwe(bytes: Uint8Array, options: CweParserOptions & { readonly chunkSize?: number } = {}): CweParseResult {
  const parser = new CweParser(options);
  const step = options.chunkSize ?? bytes.length;
  for (let o = 0; o < bytes.length && parser.wantsMore; o += Math.max(1, step)) parser.push(bytes.subarray(o, o + step));
  return parser.finish();
}

/** Every image of a tree in file order (libqmi's order). */
export function flattenImages(root: CweImage | null): CweImage[] {
  const out: CweImage[] = [];
  const walk = (img: CweImage) => {
    out.push(img);
    img.children.forEach(walk);
  };
  if (root) walk(root);
  return out;
}
