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

/**
 * Yields the source from `start` in chunks, the next read already in flight while the caller
 * processes the current one (so disk/Blob I/O overlaps with CRC work). At most two chunks live.
 */
export async function* readChunks(source: ByteSource, chunkSize = DEFAULT_CHUNK_SIZE, start = 0, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let offset = start;
  let pending: Promise<Uint8Array> | null = offset < source.size ? source.read(offset, chunkSize) : null;
  while (pending) {
    signal?.throwIfAborted();
    const chunk = await pending;
    if (chunk.length === 0) return;
    offset += chunk.length;
    pending = offset < source.size ? source.read(offset, chunkSize) : null;
    yield chunk;
  }
}
