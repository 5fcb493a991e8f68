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
}

export function blobSource(blob: Blob, name = (blob as File).name ?? 'image'): ByteSource {
  return {
    name,
    size: blob.size,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer());
    },
  };
}

export function bytesSource(bytes: Uint8Array, name: string): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

export const DEFAULT_CHUNK_SIZE = 4 << 20;
export const DEFAULT_READ_AHEAD = 2;

/**
 * Yields the source from `start` in chunks with `ahead` further reads already in flight while
 * the caller processes the current one, so I/O (a browser's Blob reads go through another
 * process) overlaps with CRC work. At most `ahead + 1` chunks are alive: memory stays bounded.
 */
export async function* readChunks(
  source: ByteSource,
  chunkSize = DEFAULT_CHUNK_SIZE,
  start = 0,
  signal?: AbortSignal,
  ahead = DEFAULT_READ_AHEAD,
): AsyncGenerator<Uint8Array> {
  let next = start;
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
