/**
 * CRC-32 as Sierra's CWE format uses it: the zlib polynomial (reflected 0xEDB88320), register
 * seeded with 0xFFFFFFFF and **no final complement** — the catalogue calls it CRC-32/JAMCRC and it
 * equals the bitwise NOT of zlib's crc32. Check values: "123456789" → 0x340BC6D9; 256 × 0x00 →
 * 0xF2697AA7 (the psb_crc of every real header with an empty product buffer).
 *
 * Also here: combining the CRCs of two adjacent byte runs without re-reading them. Nested CWE
 * images each carry a CRC over their payload, which contains their children; combining lets the
 * parser read every byte once however deep the nesting goes.
 */

const POLY = 0xedb88320;
const SLICES = 16;

/** T[k * 256 + b] = register after feeding byte b then k zero bytes, from register 0. */
const TABLE = (() => {
  const t = new Uint32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < SLICES; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
})();

/** Word reads below assume the host's byte order is little-endian (every platform we ship on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** JAMCRC of the empty input: the seed itself. */
export const JAMCRC_EMPTY = 0xffffffff;

/**
 * Feeds bytes into a raw CRC-32 register. Start from JAMCRC_EMPTY; the register after the last
 * byte *is* the JAMCRC (zlib's value would be its complement). Slicing-by-16 over aligned 32-bit
 * words (measured ~40 % faster than byte-wise slicing-by-8 in V8), byte-wise at the edges.
 */
export function crc32Update(register: number, bytes: Uint8Array): number {
  const t = TABLE;
  let crc = register >>> 0;
  const n = bytes.length;
  let i = 0;
  if (LITTLE_ENDIAN && n >= 64) {
    for (; (bytes.byteOffset + i) & 3; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2);
    const end = words.length - (words.length & 3);
    for (let w = 0; w < end; w += 4) {
      const a = words[w]! ^ crc;
      const b = words[w + 1]!;
      const c = words[w + 2]!;
      const d = words[w + 3]!;
      crc =
        t[3840 + (a & 0xff)]! ^ t[3584 + ((a >>> 8) & 0xff)]! ^ t[3328 + ((a >>> 16) & 0xff)]! ^ t[3072 + (a >>> 24)]! ^
        t[2816 + (b & 0xff)]! ^ t[2560 + ((b >>> 8) & 0xff)]! ^ t[2304 + ((b >>> 16) & 0xff)]! ^ t[2048 + (b >>> 24)]! ^
        t[1792 + (c & 0xff)]! ^ t[1536 + ((c >>> 8) & 0xff)]! ^ t[1280 + ((c >>> 16) & 0xff)]! ^ t[1024 + (c >>> 24)]! ^
        t[768 + (d & 0xff)]! ^ t[512 + ((d >>> 8) & 0xff)]! ^ t[256 + ((d >>> 16) & 0xff)]! ^ t[d >>> 24]!;
    }
    i += end * 4;
  } else {
    const end8 = n - (n & 7);
    for (; i < end8; i += 8) {
      const a = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc;
      crc =
        t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
        t[768 + bytes[i + 4]!]! ^ t[512 + bytes[i + 5]!]! ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
    }
  }
  for (; i < n; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc >>> 0;
}

/** CRC-32/JAMCRC of one buffer. */
export function jamcrc(bytes: Uint8Array): number {
  return crc32Update(JAMCRC_EMPTY, bytes);
}

// ---- combining ---------------------------------------------------------------------------
// In the reflected representation bit 31 is the coefficient of x^0. Shifting a register over n
// zero bytes multiplies it by x^(8n) mod P; x^(2^k) mod P is tabulated so that costs O(log n).

function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

const X2N = (() => {
  const t = new Uint32Array(32);
  let p = 0x40000000; // x^1
  t[0] = p;
  for (let k = 1; k < 32; k++) t[k] = p = multModP(p, p);
  return t;
})();

/** x^(8 * byteCount) mod P. byteCount may exceed 2^32 (it is a plain number, not an int32). */
function xPow8n(byteCount: number): number {
  let p = 0x80000000; // x^0
  let k = 3;
  let n = byteCount;
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/**
 * JAMCRC of A‖B from JAMCRC(A), JAMCRC(B) and B's length. The seed's contribution to B's CRC
 * cancels against A's, which is why A's value is complemented before the shift.
 */
export function jamcrcCombine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB === 0) return crcA >>> 0;
  return (multModP(xPow8n(lengthB), (crcA ^ JAMCRC_EMPTY) >>> 0) ^ crcB) >>> 0;
}

// ---- engines -----------------------------------------------------------------------------

/**
 * One running JAMCRC computation. The parser feeds it every payload byte once; callers pick the
 * fastest implementation the platform has (native zlib in Node, WASM in the browser worker) and
 * the pure table below is the reference and the fallback.
 */
export interface Crc32Stream {
  readonly engine: string;
  update(bytes: Uint8Array): void;
  /** JAMCRC of everything fed since the last reset. */
  value(): number;
  reset(): void;
}

export function tableCrc32Stream(): Crc32Stream {
  let reg = JAMCRC_EMPTY;
  return {
    engine: 'js-slicing-by-16',
    update(bytes) {
      reg = crc32Update(reg, bytes);
    },
    value: () => reg,
    reset() {
      reg = JAMCRC_EMPTY;
    },
  };
}

/**
 * Wraps any standard (zlib-convention) incremental CRC-32 — e.g. Node's `zlib.crc32(data, prev)`
 * — as a JAMCRC stream: zlib's running value is the complement of our register.
 */
export function zlibCrc32Stream(crc32: (data: Uint8Array, previous: number) => number, engine = 'zlib'): Crc32Stream {
  let z = 0;
  return {
    engine,
    update(bytes) {
      z = crc32(bytes, z);
    },
    value: () => ~z >>> 0,
    reset() {
      z = 0;
    },
  };
}
