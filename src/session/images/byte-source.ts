/**
 * Random-access bytes of a file we must not load whole: a browser File/Blob (read by slices),
 * an in-memory buffer, or a Node file handle (see node-file-source.ts). Inspection reads them
 * front to back in bounded chunks with one chunk of read-ahead.
 */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
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
  const inFlight: Promise<Uint8Array>[] = [];
  const fill = () => {
    while (inFlight.length <= ahead && next < source.size) {
      inFlight.push(source.read(next, chunkSize));
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
