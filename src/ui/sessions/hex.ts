import { hexBytes } from '../../codec/hex.ts';

/** Classic 16-bytes-a-line hex dump with printable ASCII on the right. */
export function hexDump(b: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = b.subarray(i, i + 16);
    const hex = hexBytes(row);
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    out.push(`${i.toString(16).padStart(6, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return out.join('\n');
}
