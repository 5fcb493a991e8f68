/**
 * CRC-16/XMODEM: polynomial 0x1021, MSB first, init 0, no final XOR. Not the same register as
 * the QDL frame check in ../crc16.ts (X-25, reflected, init 0xFFFF), hence its own file.
 * Check value: "123456789" → 0x31C3.
 */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crc16Xmodem(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ data[i]!) & 0xff]!;
  return crc;
}

/** The original XMODEM check: the payload's byte sum modulo 256. */
export function checksum8(data: Uint8Array, start = 0, end = data.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s = (s + data[i]!) & 0xff;
  return s;
}
