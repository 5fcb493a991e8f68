/**
 * A CWE image of any size for benchmarks, without holding it in memory: a real 400-byte SPKG
 * header (and sub-headers from the CWE writer) followed by payload bytes produced on demand.
 * Its CRCs are not valid (the engine trusts the inspection verdict it is given); sizes are.
 */
import { encodeCweHeader } from '../src/codec/cwe/writer.ts';
import type { DownloadImage } from '../src/session/download/image.ts';

export function syntheticImage(totalSize: number, name = 'bench.spk'): DownloadImage {
  const header = encodeCweHeader({ type: 'SPKG', product: '9X07', version: '9999999_9999999_SWI9X07H_00.08.24.02_00_GENERIC_001.081_000', date: '01/01/24' }, totalSize - 400, 0);
  const pattern = new Uint8Array(1024 * 1024 + 4096);
  for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 131 + (i >>> 8)) & 0xff;
  return {
    name,
    header,
    inspection: { verdict: 'ok', type: 'SPKG', product: '9X07' },
    source: {
      size: totalSize,
      async read(offset, length) {
        const n = Math.max(0, Math.min(length, totalSize - offset));
        const out = new Uint8Array(n);
        let o = 0;
        if (offset < 400) {
          const h = header.subarray(offset, Math.min(400, offset + n));
          out.set(h);
          o = h.length;
        }
        while (o < n) {
          const pos = (offset + o) % (1024 * 1024);
          const take = Math.min(n - o, pattern.length - pos);
          out.set(pattern.subarray(pos, pos + take), o);
          o += take;
        }
        return out;
      },
    },
  };
}
