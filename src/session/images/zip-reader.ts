/**
 * Reads a zip bundle from a random-access ByteSource with bounded work whatever the file holds.
 *
 * The central directory at the end of the file is read first, so the entry count, the declared
 * sizes and the compression ratio are judged before a single byte is inflated. Entries are then
 * inflated as streams, in small input slices, with the same limits checked again on what actually
 * comes out (a directory can lie). Every loop is iterative: nothing in the input chooses a depth.
 * The worker and the CLI both inspect zips through this file, so their limits are the same.
 */
import { Inflate } from 'fflate';
import { readChunks, type ByteSource } from './byte-source.ts';

const GiB = 1024 * 1024 * 1024;

export interface ZipLimits {
  /** Above this total (declared or inflated) the bundle is flagged as larger than any firmware package. */
  readonly softTotalBytes: number;
  /** Inflating never goes past this total: the bundle is refused. */
  readonly hardTotalBytes: number;
  /** More entries than any firmware package holds: refused before reading their names. */
  readonly maxEntries: number;
  /** Inflated ÷ compressed above this, once an entry is past `ratioFloorBytes`, is a zip bomb. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** Bytes of compressed input handed to the inflater at once (bounds one inflate call's output). */
  readonly sliceBytes: number;
}

/**
 * A Sierra release zip holds a handful of files, the largest a few hundred MiB, and firmware
 * images are mostly compressed data already (a ratio of 1–3). Zeros compress about 1000:1.
 */
export const ZIP_LIMITS: ZipLimits = {
  softTotalBytes: 1 * GiB,
  hardTotalBytes: 2 * GiB,
  maxEntries: 1000,
  maxRatio: 100,
  ratioFloorBytes: 1 << 20,
  sliceBytes: 16 << 10,
};

export type ZipRefusalCode = 'zip-too-large' | 'zip-too-many-entries' | 'zip-ratio' | 'zip-encrypted' | 'zip-method' | 'zip-unreadable';

/** A named refusal: the bundle breaks one of the limits above, or is not a readable zip. */
export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
  constructor(
    readonly code: ZipRefusalCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>>,
    /** The entry concerned, when there is one. */
    readonly entry: string | null = null,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  /** As declared by the central directory (checked against what inflates). */
  readonly size: number;
  readonly localOffset: number;
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  /** Sum of declared sizes of all entries. */
  readonly declaredTotal: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

const unreadable = (detail: string, entry: string | null = null) => new ZipRefusal('zip-unreadable', `The zip cannot be read: ${detail}.`, { detail }, entry);

/** Reads the central directory (the entry list) without inflating anything. */
export async function readZipDirectory(source: ByteSource, limits: ZipLimits = ZIP_LIMITS): Promise<ZipDirectory> {
  const tailLength = Math.min(source.size, 22 + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const tv = view(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw unreadable('no end-of-directory record (the file is cut off or not a zip)');
  let count = tv.getUint16(at + 10, true);
  let cdSize = tv.getUint32(at + 12, true);
  let cdOffset = tv.getUint32(at + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: a locator sits right before the classic record and points at the 64-bit one.
    const locAt = tailStart + at - 20;
    if (locAt < 0) throw unreadable('zip64 locator missing');
    const loc = view(await source.read(locAt, 20));
    if (loc.getUint32(0, true) !== EOCD64_LOCATOR) throw unreadable('zip64 locator missing');
    const recAt = big(loc.getBigUint64(8, true));
    if (recAt + 56 > source.size) throw unreadable('zip64 record past the end of the file');
    const rec = view(await source.read(recAt, 56));
    if (rec.getUint32(0, true) !== EOCD64) throw unreadable('zip64 record missing');
    count = big(rec.getBigUint64(32, true));
    cdSize = big(rec.getBigUint64(40, true));
    cdOffset = big(rec.getBigUint64(48, true));
  }
  if (count > limits.maxEntries) {
    throw new ZipRefusal('zip-too-many-entries', `The zip holds ${count} entries; a firmware package holds at most ${limits.maxEntries}.`, { count, limit: limits.maxEntries });
  }
  // A directory entry is at least 46 bytes and at most 46 + 3 × 64 KiB.
  if (cdOffset + cdSize > source.size || cdSize < count * 46 || cdSize > count * (46 + 3 * 0xffff)) throw unreadable('the entry list is damaged');
  const cd = await source.read(cdOffset, cdSize);
  const cv = view(cd);
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== CENTRAL) throw unreadable(`entry ${i + 1} of the list is damaged`);
    const flags = cv.getUint16(p + 8, true);
    const method = cv.getUint16(p + 10, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let size = cv.getUint32(p + 24, true);
    const nameLen = cv.getUint16(p + 28, true);
    const extraLen = cv.getUint16(p + 30, true);
    const commentLen = cv.getUint16(p + 32, true);
    let localOffset = cv.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) throw unreadable(`entry ${i + 1} of the list is damaged`);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(cd.subarray(p + 46, p + 46 + nameLen));
    // Zip64 extra field: only the fields saturated above are present, in this order.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = cv.getUint16(x, true);
      const len = cv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let f = x + 4;
        const take = () => {
          if (f + 8 > x + 4 + len) throw unreadable(`${name}: zip64 field too short`, name);
          const v = big(cv.getBigUint64(f, true));
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      x += 4 + len;
    }
    entries.push({ name, method, encrypted: (flags & 1) !== 0, compressedSize, size, localOffset });
    declaredTotal += size;
    p = end;
  }
  return { entries, declaredTotal };
}

/** Counts inflated bytes across all entries of one bundle, against the total limits. */
export class InflateBudget {
  inflated = 0;
  constructor(readonly limits: ZipLimits = ZIP_LIMITS) {}
}

/** Refuses an entry on its declared sizes alone, before inflating it. */
export function checkDeclared(entry: ZipEntry, dir: ZipDirectory, limits: ZipLimits = ZIP_LIMITS): void {
  if (dir.declaredTotal > limits.hardTotalBytes) throw tooLarge(dir.declaredTotal, limits);
  if (entry.encrypted) throw new ZipRefusal('zip-encrypted', `${entry.name} is encrypted.`, { name: entry.name }, entry.name);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipRefusal('zip-method', `${entry.name} uses compression method ${entry.method} (only stored and deflate are read).`, { name: entry.name, method: entry.method }, entry.name);
  }
  if (entry.size > limits.ratioFloorBytes && entry.size > limits.maxRatio * Math.max(1, entry.compressedSize)) throw ratio(entry.name, entry.size, entry.compressedSize, limits);
}

/**
 * Inflates one entry as a stream into `sink`, which returns false once it needs no more bytes.
 * Returns the bytes inflated. Throws ZipRefusal when a limit is crossed on the real output.
 */
export async function inflateEntry(
  source: ByteSource,
  entry: ZipEntry,
  sink: (chunk: Uint8Array) => boolean,
  budget: InflateBudget,
  o: { readonly signal?: AbortSignal; readonly chunkSize?: number; readonly onRead?: (n: number) => void } = {},
): Promise<number> {
  const limits = budget.limits;
  const local = view(await source.read(entry.localOffset, 30));
  if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL) throw unreadable(`${entry.name}: local header missing`, entry.name);
  const dataStart = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > source.size) throw unreadable(`${entry.name}: the entry runs past the end of the file`, entry.name);
  let produced = 0;
  let consumed = 0;
  let wanted = true;
  let stop = false;
  const take = (out: Uint8Array) => {
    produced += out.length;
    budget.inflated += out.length;
    if (budget.inflated > limits.hardTotalBytes) throw tooLarge(budget.inflated, limits);
    if (produced > limits.ratioFloorBytes && produced > limits.maxRatio * Math.max(1, consumed)) throw ratio(entry.name, produced, consumed, limits);
    if (produced > entry.size && produced > limits.ratioFloorBytes) throw unreadable(`${entry.name}: inflates past its declared size`, entry.name);
    if (wanted && out.length) wanted = sink(out);
    if (!wanted) stop = true;
  };
  let ended = entry.method === 0;
  const inflater = entry.method === 8 ? new Inflate() : null;
  if (inflater) {
    inflater.ondata = (data, final) => {
      take(data);
      if (final) ended = true;
    };
  }
  const window = windowed(source, dataEnd);
  for await (const chunk of readChunks(window, o.chunkSize ?? 1 << 20, dataStart, o.signal, 1)) {
    for (let s = 0; s < chunk.length && !stop; s += limits.sliceBytes) {
      const slice = chunk.subarray(s, Math.min(chunk.length, s + limits.sliceBytes));
      consumed += slice.length;
      if (inflater) {
        try {
          inflater.push(slice, consumed === entry.compressedSize);
        } catch (e) {
          if (e instanceof ZipRefusal) throw e;
          throw unreadable(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`, entry.name);
        }
      } else take(slice);
    }
    o.onRead?.(chunk.length);
    if (stop) return produced;
  }
  if (inflater && entry.compressedSize === 0) throw unreadable(`${entry.name}: no compressed data`, entry.name);
  if (!ended) throw unreadable(`${entry.name}: entry ends early`, entry.name);
  if (produced !== entry.size) throw unreadable(`${entry.name}: inflated to ${produced} bytes, the directory says ${entry.size}`, entry.name);
  return produced;
}

function tooLarge(total: number, limits: ZipLimits): ZipRefusal {
  return new ZipRefusal('zip-too-large', `The zip inflates to more than ${limits.hardTotalBytes} bytes, larger than any firmware package.`, { total, limit: limits.hardTotalBytes });
}

function ratio(name: string, size: number, compressed: number, limits: ZipLimits): ZipRefusal {
  const r = Math.round(size / Math.max(1, compressed));
  return new ZipRefusal('zip-ratio', `${name} inflates ${r}:1; firmware never compresses beyond ${limits.maxRatio}:1 (a zip bomb).`, { name, ratio: r, limit: limits.maxRatio }, name);
}

/** The part of `source` before `end` (the entry's compressed data). */
function windowed(source: ByteSource, end: number): ByteSource {
  return {
    name: source.name,
    size: end,
    read: (offset, length) => source.read(offset, Math.min(length, end - offset)),
    ...(source.readInto ? { readInto: (offset: number, target: Uint8Array) => source.readInto!(offset, target.subarray(0, Math.min(target.length, end - offset))) } : {}),
  };
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function big(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable('a zip64 size is out of range');
  return Number(v);
}
