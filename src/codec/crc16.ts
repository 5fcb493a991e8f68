/**
 * CRC-16/X-25 (reflected poly 0x1021 → table poly 0x8408, init 0xFFFF, final complement), the
 * frame check of Sierra's QDL/SSDP HDLC framing and of the unframed-write header.
 * Check value: "123456789" → 0x906E.
 */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/** Running register, so a long buffer can be fed in pieces; finish with `~state & 0xffff`. */
export function crc16Update(state: number, data: Uint8Array, start = 0, end = data.length): number {
  let crc = state;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]!) & 0xff]!;
  return crc;
}

export function crc16(data: Uint8Array, start = 0, end = data.length): number {
  return ~crc16Update(0xffff, data, start, end) & 0xffff;
}
