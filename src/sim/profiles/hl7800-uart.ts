/**
 * An HL7800 (HL78xx family) reached over its UART, for the UART update. HL78xx packages are
 * `.ua` delta files whose inside Boothold cannot read; the module certifies them itself
 * (`+WDSI: 12` / `13`). The local-update sequence — `AT+WDSD=<size>`, XMODEM-1K, `+WDSI: 3`,
 * `AT+WDSR=4`, `+WDSI: 14`, then `+WDSI: 16` or `15` — is the one Sierra's own HL test suite and
 * public host scripts drive (docs/uart-update.md §3). The firmware numbers are placeholders with
 * the real shape ("HL7800.4.6.9.4").
 */
import { decodeHeader, CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import type { UartProfile } from '../uart/types.ts';

/** The firmware a synthetic HL7800 delta package installs (the sim's own convention, see hl78Package). */
export const HL7800_NEXT = '4.7.1.0';
const MARK = 'BOOTHOLD-SIM-HL78-DELTA';

export const HL7800_UART: UartProfile = {
  id: 'hl7800-uart',
  family: 'hl78',
  model: 'HL7800',
  manufacturer: 'Sierra Wireless',
  imei: '354616090298915',
  revision: (v) => `HL7800.${v}`,
  firmware: '4.6.9.4',
  carrier: '0',
  judge: (head) => {
    // a Sierra CWE package (an RC76 .spk) is for another product: certification fails
    if (head.length >= CWE_HEADER_SIZE && /^[0-9A-Z]{3,4}$/.test(decodeHeader(head.subarray(0, CWE_HEADER_SIZE)).product.trim())) return { ok: false };
    const text = new TextDecoder().decode(head.subarray(0, 64));
    const m = new RegExp(`^${MARK} (HL78\\d\\d) (\\d+\\.\\d+\\.\\d+\\.\\d+)`).exec(text);
    if (!m) return { ok: false };
    return { ok: m[1] === 'HL7800', version: m[2]! };
  },
  wdsdMax: 8 * 1024 * 1024,
  baudRates: [0, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600],
  ifcAfterReset: false,
  installCommand: 'wdsr',
  carrierCommand: 'kcarriercfg',
  bootMs: 2_000,
  installMs: 60_000,
  flashStall: { everyBytes: 128 * 1024, ms: 20 },
  // Sierra's HL local-download test waits for NAK (0x15) after AT+WDSD=<size>
  xmodemStart: 'checksum',
  ackLatencyMs: 0.1,
};

/** A synthetic HL78xx delta package the virtual HL7800 accepts (tests, demo): marker, then filler. */
export function hl78Package(size: number, target = HL7800_NEXT, model = 'HL7800'): Uint8Array {
  const out = new Uint8Array(size);
  let x = 0x7800;
  for (let i = 0; i < size; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  out.set(new TextEncoder().encode(`${MARK} ${model} ${target}\n`));
  return out;
}
