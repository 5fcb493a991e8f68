/**
 * A 16-bit number as four hex digits: USB vendor/product ids, HDLC/QDL codes. Upper case is
 * how lsusb, Windows' device manager and Sierra's documents print ids; lower case is how
 * libqmi's and our own protocol traces print them, so each caller says which it shows.
 */
export function hex4(n: number, letters: 'upper' | 'lower' = 'upper'): string {
  const s = n.toString(16).padStart(4, '0');
  return letters === 'upper' ? s.toUpperCase() : s;
}

/** Bytes as two lower-case hex digits each, `separator` between them (a trace's "7e 2d 9f"). */
export function hexBytes(bytes: Uint8Array, separator = ' '): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? separator : '') + bytes[i]!.toString(16).padStart(2, '0');
  return s;
}
