/**
 * CWE writer: builds images from a tree description — valid ones, and, through the `fault`
 * fields, every corruption the parser must recognise. Used by our tests and benchmarks and by
 * the virtual modem / download engine tests to make images to flash.
 *
 * Two outputs: `buildCwe` (one Uint8Array, for small images) and `streamCwe` (a generator of
 * chunks, memory bounded by the chunk size — for the 100–500 MiB benchmark images). Synthetic
 * payloads are described, not stored, so a 500 MiB image costs no 500 MiB of RAM: the writer
 * generates them once to learn their CRC and again while emitting.
 */
import { JAMCRC_EMPTY, jamcrc, jamcrcCombine, tableCrc32Stream, type Crc32Stream } from '../crc32.ts';
import { CRC_INDICATOR_GOOD, CURRENT_HEADER_REVISION, CWE_HEADER_SIZE, FIELD, PSB_SIZE, STRING_FIELDS } from './header.ts';

/** Payload bytes produced on demand: `size` bytes of a seeded xorshift stream, or one repeated byte. */
export type SyntheticBytes =
  | { readonly synthetic: 'random'; readonly size: number; readonly seed: number }
  | { readonly synthetic: 'fill'; readonly size: number; readonly byte: number };

/** Text fields accept raw bytes so that tests can write non-printable or unterminated values. */
export type FieldValue = string | Uint8Array;

interface CommonSpec {
  /** Four ASCII characters, e.g. "SPKG". */
  readonly type: FieldValue;
  /** Four ASCII characters, e.g. "9X07". */
  readonly product: FieldValue;
  /** Up to 84 characters. */
  readonly version?: FieldValue;
  /** "MM/DD/YY", 8 characters, no terminator. */
  readonly date?: FieldValue;
  readonly headerRevision?: number;
  readonly crcIndicator?: number;
  readonly compat?: number;
  /** Bit 0 compressed, 1 encrypted, 2 signed, 3 delta. */
  readonly miscOptions?: number;
  readonly signature?: number;
  /** 256-byte product-specific buffer; zeros by default, as in real files. */
  readonly psb?: Uint8Array;
  /** Deliberate faults: the stored value replaces the computed one. */
  readonly fault?: {
    readonly psbCrc?: number;
    readonly imageCrc?: number;
    /** image_sz written in the header (the actual payload is unchanged). */
    readonly imageSize?: number;
  };
}

export interface CweLeafSpec extends CommonSpec {
  readonly payload: Uint8Array | SyntheticBytes;
}

export interface CweContainerSpec extends CommonSpec {
  readonly children: readonly CweImageSpec[];
  /** Bytes inside the payload after the last child (padding). */
  readonly trailer?: Uint8Array;
}

export type CweImageSpec = CweLeafSpec | CweContainerSpec;

export interface WriterOptions {
  readonly crc?: Crc32Stream;
  /** Largest chunk `streamCwe` yields. */
  readonly chunkSize?: number;
}

// ---- sizes, CRCs and layout -----------------------------------------------------------------

function isContainer(spec: CweImageSpec): spec is CweContainerSpec {
  return 'children' in spec;
}

function payloadSize(spec: CweImageSpec): number {
  if (!isContainer(spec)) return spec.payload instanceof Uint8Array ? spec.payload.length : spec.payload.size;
  let n = spec.trailer?.length ?? 0;
  for (const c of spec.children) n += CWE_HEADER_SIZE + payloadSize(c);
  return n;
}

/** Total bytes `spec` occupies: its header plus payload. */
export function cweImageLength(spec: CweImageSpec): number {
  return CWE_HEADER_SIZE + payloadSize(spec);
}

function* syntheticChunks(s: SyntheticBytes, chunkSize: number): Generator<Uint8Array> {
  // One reusable buffer: callers consume each chunk before asking for the next.
  const buf = new Uint8Array(Math.min(chunkSize, Math.max(4, s.size)) + 3 & ~3);
  const words = new Uint32Array(buf.buffer);
  let state = (s.synthetic === 'random' ? s.seed : 0) >>> 0 || 0x9e3779b9;
  if (s.synthetic === 'fill') buf.fill(s.byte);
  for (let done = 0; done < s.size; ) {
    const n = Math.min(buf.length, s.size - done);
    if (s.synthetic === 'random') {
      for (let w = 0, wn = (n + 3) >>> 2; w < wn; w++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[w] = state;
      }
    }
    yield buf.subarray(0, n);
    done += n;
  }
}

function payloadJam(p: Uint8Array | SyntheticBytes, crc: Crc32Stream, chunkSize: number): number {
  if (p instanceof Uint8Array) return jamcrc(p);
  crc.reset();
  for (const c of syntheticChunks(p, chunkSize)) crc.update(c);
  return crc.value();
}

/** The spec with every size and CRC worked out (computed once, used to emit). */
interface Resolved {
  readonly spec: CweImageSpec;
  readonly header: Uint8Array;
  readonly children: readonly Resolved[];
  /** JAMCRC of header+payload, for the parent's CRC. */
  readonly wholeJam: number;
  readonly length: number;
}

function resolve(spec: CweImageSpec, crc: Crc32Stream, chunkSize: number): Resolved {
  let jam: number;
  let children: Resolved[] = [];
  const size = payloadSize(spec);
  if (isContainer(spec)) {
    children = spec.children.map((c) => resolve(c, crc, chunkSize));
    jam = JAMCRC_EMPTY;
    for (const c of children) jam = jamcrcCombine(jam, c.wholeJam, c.length);
    if (spec.trailer && spec.trailer.length) jam = jamcrcCombine(jam, jamcrc(spec.trailer), spec.trailer.length);
  } else {
    jam = payloadJam(spec.payload, crc, chunkSize);
  }
  const header = encodeCweHeader(spec, size, jam);
  return { spec, header, children, wholeJam: jamcrcCombine(jamcrc(header), jam, size), length: CWE_HEADER_SIZE + size };
}

function putField(h: Uint8Array, field: keyof typeof STRING_FIELDS, value: FieldValue | undefined): void {
  if (value === undefined) return;
  const { offset, length } = STRING_FIELDS[field];
  const bytes = typeof value === 'string' ? asciiBytes(value, field) : value;
  if (bytes.length > length) throw new RangeError(`CWE ${field} is ${bytes.length} bytes, the field holds ${length}`);
  h.set(bytes, offset);
}

function asciiBytes(s: string, what: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new RangeError(`CWE ${what} must be ASCII: ${JSON.stringify(s)}`);
    b[i] = c;
  }
  return b;
}

function putU32(h: Uint8Array, off: number, v: number): void {
  h[off] = v >>> 24;
  h[off + 1] = (v >>> 16) & 0xff;
  h[off + 2] = (v >>> 8) & 0xff;
  h[off + 3] = v & 0xff;
}

/** Encodes one 400-byte header for a payload of `payloadSize` bytes whose JAMCRC is `payloadCrc`. */
export function encodeCweHeader(fields: CommonSpec, payloadSize: number, payloadCrc: number): Uint8Array {
  const h = new Uint8Array(CWE_HEADER_SIZE);
  if (fields.psb) {
    if (fields.psb.length !== PSB_SIZE) throw new RangeError(`the PSB is ${PSB_SIZE} bytes`);
    h.set(fields.psb, 0);
  }
  putU32(h, FIELD.psbCrc, fields.fault?.psbCrc ?? jamcrc(h.subarray(0, PSB_SIZE)));
  putU32(h, FIELD.headerRevision, fields.headerRevision ?? CURRENT_HEADER_REVISION);
  putU32(h, FIELD.crcIndicator, fields.crcIndicator ?? CRC_INDICATOR_GOOD);
  putField(h, 'type', fields.type);
  putField(h, 'product', fields.product);
  putU32(h, FIELD.imageSize, fields.fault?.imageSize ?? payloadSize);
  putU32(h, FIELD.imageCrc, fields.fault?.imageCrc ?? payloadCrc);
  putField(h, 'version', fields.version);
  putField(h, 'date', fields.date);
  putU32(h, FIELD.compat, fields.compat ?? 0);
  h[FIELD.miscOptions] = fields.miscOptions ?? 0;
  putU32(h, FIELD.signature, fields.signature ?? 0);
  return h;
}

// ---- output ---------------------------------------------------------------------------------

function* emit(r: Resolved, chunkSize: number): Generator<Uint8Array> {
  yield r.header;
  const spec = r.spec;
  if (isContainer(spec)) {
    for (const c of r.children) yield* emit(c, chunkSize);
    if (spec.trailer && spec.trailer.length) yield spec.trailer;
  } else if (spec.payload instanceof Uint8Array) {
    for (let o = 0; o < spec.payload.length; o += chunkSize) yield spec.payload.subarray(o, o + chunkSize);
  } else {
    yield* syntheticChunks(spec.payload, chunkSize);
  }
}

/**
 * Yields the image as chunks of at most `chunkSize` bytes. A yielded chunk may be a view of a
 * reused buffer: write or copy it before pulling the next one.
 */
export function* streamCwe(spec: CweImageSpec, options: WriterOptions = {}): Generator<Uint8Array> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  const resolved = resolve(spec, options.crc ?? tableCrc32Stream(), chunkSize);
  yield* emit(resolved, chunkSize);
}

/** The whole image in one buffer. */
export function buildCwe(spec: CweImageSpec, options: WriterOptions = {}): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(cweImageLength(spec));
  let o = 0;
  for (const chunk of streamCwe(spec, options)) {
    out.set(chunk, o);
    o += chunk.length;
  }
  return out;
}

/** Where each image of `spec` lands, in file order — what a parser should report. */
export interface CweLayoutEntry {
  readonly path: string;
  readonly offset: number;
  readonly size: number;
  readonly type: string;
}

export function cweLayout(spec: CweImageSpec): CweLayoutEntry[] {
  const out: CweLayoutEntry[] = [];
  const walk = (s: CweImageSpec, path: string, offset: number) => {
    const size = payloadSize(s);
    out.push({ path, offset, size, type: typeof s.type === 'string' ? s.type : new TextDecoder().decode(s.type) });
    if (isContainer(s)) {
      let o = offset + CWE_HEADER_SIZE;
      s.children.forEach((c, i) => {
        walk(c, `${path}.${i}`, o);
        o += cweImageLength(c);
      });
    }
  };
  walk(spec, '0', 0);
  return out;
}
