/**
 * The RC7620-1 as its UART shows it. Identity and firmware come from the USB profile
 * (profiles/rc7620-1.ts) so both personalities describe the same module. The update commands:
 * `AT+WDSD` for the transfer and `AT+WFWUPD` to install — our reading of forum threads 31738
 * and 35846 (docs/uart-update.md §2), marked there as inferred.
 */
import { decodeHeader, CWE_HEADER_SIZE } from '../../codec/cwe/header.ts';
import { RC7620_1, RC76_R8, RC76_R8_GENERIC } from '../profiles/rc7620-1.ts';
import type { PackageVerdict, UartProfile } from './types.ts';

// <sku>_<partno>_<platform>_<fw>_<bootblk>_<carrier>_<pri ver>_<index>, as in a Sierra package header
const PACKAGE_RE = /^[0-9A-Z]+_\d+_(SWI[0-9A-Z]+)_(\d\d\.\d\d\.\d\d\.\d\d)_\d\d_([A-Z][A-Z0-9-]*)_/i;

/** What the module's own package check looks at: the top CWE header's product and version. */
export function judgeSierraPackage(head: Uint8Array, product: string, platform: string): PackageVerdict {
  if (head.length < CWE_HEADER_SIZE) return { ok: false };
  const h = decodeHeader(head.subarray(0, CWE_HEADER_SIZE));
  if (h.product.trim().toUpperCase() !== product) return { ok: false };
  const m = PACKAGE_RE.exec(h.version.trim());
  if (!m || m[1]!.toUpperCase() !== platform) return { ok: false };
  return { ok: true, version: m[2]!, carrier: m[3]!.toUpperCase() };
}

export const RC7620_UART: UartProfile = {
  id: 'rc7620-uart',
  family: 'rc76',
  model: RC7620_1.model,
  manufacturer: RC7620_1.usb.manufacturer,
  imei: RC7620_1.identity.imei,
  revision: (v) => `SWI9X07H_${v} ${v === RC76_R8.version ? RC76_R8.buildId : 'f90cbd'} jenkins 2022/03/21 03:47:54`,
  firmware: RC76_R8.version,
  carrier: RC76_R8_GENERIC.carrier,
  judge: (head) => judgeSierraPackage(head, '9X07', 'SWI9X07H'),
  wdsdMax: 64 * 1024 * 1024,
  baudRates: [0, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600],
  ifcAfterReset: true,
  installCommand: 'wfwupd',
  carrierCommand: 'impref',
  bootMs: 3_000,
  installMs: 90_000,
  flashStall: { everyBytes: 256 * 1024, ms: 25 },
  xmodemStart: 'crc',
  ackLatencyMs: 0.1,
};
