/**
 * Incremental hashes for big files: SHA-256 (library key) and the WASM CRC-32 engine. WebCrypto's
 * digest needs the whole file in one buffer, which we refuse to hold, so the browser uses
 * hash-wasm's incremental SHA-256; Node passes its native hash instead.
 */
import { hexBytes } from '../../codec/hex.ts';
import { createCRC32, createSHA256 } from 'hash-wasm';
import type { Crc32Stream } from '../../codec/crc32.ts';
import { blobSource, DEFAULT_CHUNK_SIZE, readChunks, throttledProgress, type ByteSource } from './byte-source.ts';

export interface Sha256Hasher {
  update(bytes: Uint8Array): void;
  /** Lower-case hex digest; the hasher is finished afterwards. */
  hex(): string;
}

export async function wasmSha256(): Promise<Sha256Hasher> {
  const h = await createSHA256();
  h.init();
  return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
}

/** hash-wasm's CRC-32 (zlib convention) as a JAMCRC stream; measured faster than the JS table. */
export async function wasmCrc32Stream(): Promise<Crc32Stream> {
  const h = await createCRC32();
  h.init();
  return {
    engine: 'hash-wasm',
    update: (b) => void h.update(b),
    value() {
      // digest() ends the computation; save/load keeps the stream usable afterwards.
      const state = h.save();
      const d = h.digest('binary');
      h.load(state);
      return ~((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
    },
    reset: () => void h.init(),
  };
}

/**
 * Files up to this size are hashed by WebCrypto in one call (native, fastest); larger ones are
 * streamed through the incremental WASM hash so no single buffer grows with the file.
 */
export const WEBCRYPTO_MAX_BYTES = 32 << 20;

/** SHA-256 of a Blob: WebCrypto for small files, streamed WASM for big ones. */
export async function sha256OfBlob(blob: Blob, o: HashOptions = {}): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle && blob.size <= WEBCRYPTO_MAX_BYTES) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', await blob.arrayBuffer()));
    o.onProgress?.(blob.size, blob.size);
    return hexBytes(digest, '');
  }
  return sha256OfSource(blobSource(blob), await wasmSha256(), o);
}

export interface HashOptions {
  readonly chunkSize?: number;
  /** Awaited before each chunk: a pending promise pauses hashing (the worker holds it while a verdict is computed). */
  readonly gate?: () => Promise<void> | null;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export async function sha256OfSource(source: ByteSource, hasher: Sha256Hasher, o: HashOptions = {}): Promise<string> {
  let done = 0;
  const progress = throttledProgress(o.onProgress, o.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for await (const chunk of readChunks(source, o.chunkSize ?? DEFAULT_CHUNK_SIZE, 0, o.signal)) {
    const wait = o.gate?.();
    if (wait) await wait;
    hasher.update(chunk);
    done += chunk.length;
    progress(done, source.size);
  }
  return hasher.hex();
}
