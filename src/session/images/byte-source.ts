/**
 * Random-access bytes of a file we must not load whole: a browser File/Blob (read by slices),
 * an in-memory buffer, or a Node file handle (see node-file-source.ts). Inspection reads them
 * front to back in bounded chunks with one chunk of read-ahead.
 */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` from `offset`, returns the byte count. When present, readChunks
   * cycles a fixed ring of buffers instead of allocating one per chunk, so memory stays flat even
   * when the garbage collector lags (Node file handles have it; Blob reads always allocate).
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /**
   * Optional: the bytes from `offset` to the end as one stream. When present, readChunks reads it
   * with a BYOB reader into a small ring of buffers instead of issuing one read per chunk. In
   * Chromium a File's stream is 2–3× faster than its slice reads (bench/images.ts measures both):
   * the browser process keeps the data pipe full while the worker computes CRCs, and no buffer
   * is allocated per chunk.
   */
  stream?(offset: number): ReadableStream<Uint8Array>;
  /** Optional: frees what the source holds open (a Node file handle). */
  close?(): Promise<void>;
}

export function blobSource(blob: Blob, name = (blob as File).name ?? 'image'): ByteSource {
  return {
    name,
    size: blob.size,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer());
    },
    stream: (offset) => blob.slice(offset).stream() as ReadableStream<Uint8Array>,
  };
}

export function bytesSource(bytes: Uint8Array, name = 'bytes'): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

export const DEFAULT_CHUNK_SIZE = 4 << 20;
export const DEFAULT_READ_AHEAD = 2;
/** Buffers a stream is read into, in turn: a chunk stays intact until two more were handed out. */
export const STREAM_RING = 3;

/**
 * Yields the source from `start` in chunks with `ahead` further reads already in flight while
 * the caller processes the current one, so I/O (a browser's Blob reads go through another
 * process) overlaps with CRC work. At most `ahead + 1` chunks are alive: memory stays bounded.
 *
 * A source with `stream` is read as a stream instead: chunks are then whatever the stream
 * delivers (at most `chunkSize`), read into STREAM_RING reused buffers, and `ahead` is moot (the
 * stream's own pipe is the read-ahead). Either way a caller must not keep a chunk beyond the next
 * one: its buffer is reused.
 */
export async function* readChunks(
  source: ByteSource,
  chunkSize = DEFAULT_CHUNK_SIZE,
  start = 0,
  signal?: AbortSignal,
  ahead = DEFAULT_READ_AHEAD,
): AsyncGenerator<Uint8Array> {
  let next = start;
  if (source.stream && start < source.size) {
    try {
      for await (const chunk of streamChunks(source.stream(start), chunkSize, signal)) {
        next += chunk.length;
        yield chunk;
      }
      return;
    } catch (e) {
      if (!(e instanceof StreamStalledError)) throw e;
      // Seen in headless Chromium under heavy load: a File stream that stops delivering for
      // good. Slice reads from where it stopped (`next`) still work, so carry on with those.
      console.warn(`${source.name}: stream stalled at ${next}, reading slices from there`);
    }
  }
  // With readInto, ahead + 2 buffers suffice: ahead + 1 reads in flight plus the chunk the caller
  // holds. A new read is issued only after the caller asked for the next chunk, so it reuses the
  // buffer of the chunk before the one just handed out, which the caller is done with.
  const ring = source.readInto ? Array.from({ length: ahead + 2 }, () => new Uint8Array(Math.min(chunkSize, Math.max(1, source.size)))) : null;
  let issued = 0;
  const inFlight: Promise<Uint8Array>[] = [];
  const fill = () => {
    while (inFlight.length <= ahead && next < source.size) {
      const offset = next;
      if (ring) {
        const buf = ring[issued % ring.length]!;
        inFlight.push(source.readInto!(offset, buf).then((n) => buf.subarray(0, n)));
      } else {
        inFlight.push(source.read(offset, chunkSize));
      }
      issued++;
      next += chunkSize;
    }
  };
  fill();
  while (inFlight.length) {
    signal?.throwIfAborted();
    const chunk = await inFlight.shift()!;
    if (chunk.length === 0) return;
    fill();
    yield chunk;
  }
}

/** No byte from a stream for this long counts as a stall (a slice read of 4 MiB takes ~10 ms). */
export const STREAM_STALL_MS = 3000;

export class StreamStalledError extends Error {
  override readonly name = 'StreamStalledError';
}

/** Resolves to `stalled` when `read` has not settled within STREAM_STALL_MS. */
function guarded<T>(read: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StreamStalledError('stream stalled')), STREAM_STALL_MS)));
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}

async function* streamChunks(stream: ReadableStream<Uint8Array>, chunkSize: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream (older engines): the default reader hands out a fresh buffer per chunk.
  }
  if (!byob) {
    const reader = stream.getReader();
    try {
      for (;;) {
        signal?.throwIfAborted();
        const { done, value } = await guarded(reader.read());
        if (done) return;
        for (let o = 0; o < value.length; o += chunkSize) yield value.subarray(o, o + chunkSize);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }
  // A BYOB read takes its buffer over (the old ArrayBuffer is detached) and hands it back as the
  // result's buffer, so the ring holds whatever came back last.
  const ring = Array.from({ length: STREAM_RING }, () => new ArrayBuffer(chunkSize));
  let k = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const slot = k++ % STREAM_RING;
      const { done, value } = await guarded(byob.read(new Uint8Array(ring[slot]!)));
      if (done || !value) return;
      ring[slot] = value.buffer as ArrayBuffer;
      if (value.length > 0) yield value;
    }
  } finally {
    byob.cancel().catch(() => {});
  }
}

/**
 * Progress callbacks at most once per `step` bytes (and always at the end): stream chunks can be
 * small, and each call from the worker is a message to the page.
 */
export function throttledProgress(onProgress: ((done: number, total: number) => void) | undefined, step: number): (done: number, total: number) => void {
  if (!onProgress) return () => {};
  let last = 0;
  return (done, total) => {
    if (done - last >= step || done >= total) {
      last = done;
      onProgress(done, total);
    }
  };
}
