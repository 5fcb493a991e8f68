/**
 * Incremental hashes for big files: SHA-256 (library key) and the WASM CRC-32 engine. WebCrypto's
 * digest needs the whole file in one buffer, which we refuse to hold, so the browser uses
 * hash-wasm's incremental SHA-256; Node passes its native hash instead.
 */
import { createCRC32, createSHA256 } from 'hash-wasm';
import type { Crc32Stream } from '../../codec/crc32.ts';
import { DEFAULT_CHUNK_SIZE, readChunks, type ByteSource } from './byte-source.ts';

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

export interface HashOptions {
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export async function sha256OfSource(source: ByteSource, hasher: Sha256Hasher, o: HashOptions = {}): Promise<string> {
  let done = 0;
  for await (const chunk of readChunks(source, o.chunkSize ?? DEFAULT_CHUNK_SIZE, 0, o.signal)) {
    hasher.update(chunk);
    done += chunk.length;
    o.onProgress?.(done, source.size);
  }
  return hasher.hex();
}
