/**
 * `AT!USBCOMP?` (bitmask style, 9x30 and later), `AT!USBPID?` and `AT!USBVID?`: which USB
 * functions the module exposes and under which IDs. Bit values confirmed by the research's
 * bitmask/name pairs (at-knowledge §7.1): 0x1 diag, 0x4 nmea, 0x8 modem (AT), 0x100 rmnet0,
 * 0x400 rmnet1, 0x1000 mbim; 0x80000 ecm is inferred. The module prints the names itself, and
 * those are preferred over the bit table.
 */
import { afterPrefix } from './fields.ts';

export interface UsbComposition {
  readonly configIndex: number | null;
  readonly configType: number | null;
  readonly bitmask: number | null;
  /** Function names as printed (`diag`, `nmea`, `modem`, `rmnet0`, …), lower-case. */
  readonly functions: readonly string[];
}

const BITS: readonly (readonly [number, string])[] = [
  [0x1, 'diag'],
  [0x4, 'nmea'],
  [0x8, 'modem'],
  [0x100, 'rmnet0'],
  [0x400, 'rmnet1'],
  [0x1000, 'mbim'],
  [0x80000, 'ecm'],
];

export function functionsOfBitmask(mask: number): string[] {
  return BITS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
}

export function parseUsbComposition(lines: readonly string[]): UsbComposition | null {
  let index: number | null = null;
  let type: number | null = null;
  let mask: number | null = null;
  let names: string[] | null = null;
  for (const raw of lines) {
    const line = (afterPrefix(raw, '!USBCOMP') ?? raw).trim();
    let m: RegExpExecArray | null;
    if ((m = /^Config Index:\s*(\d+)/i.exec(line))) index = Number(m[1]);
    else if ((m = /^Config Type:\s*(\d+)/i.exec(line))) type = Number(m[1]);
    else if ((m = /^Interface bitmask:\s*([0-9A-Fa-f]+)(?:\s*\(([^)]*)\))?/i.exec(line))) {
      mask = parseInt(m[1]!, 16);
      if (m[2]) names = m[2].split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
    }
  }
  if (index === null && type === null && mask === null) return null;
  return { configIndex: index, configType: type, bitmask: mask, functions: names ?? (mask !== null ? functionsOfBitmask(mask) : []) };
}

/** Whether the composition carries a QMI/MBIM network function (FDT2 needs one). */
export function hasNetworkAdapter(c: UsbComposition): boolean {
  return c.functions.some((f) => /^rmnet|^mbim|^ecm/.test(f));
}

/** `!USBPID?` → `APP : 9091` / `BOOT: 9090`; `!USBVID?` → `!USBVID: 1199`. */
export interface UsbIds {
  readonly vid: number | null;
  readonly appPid: number | null;
  readonly bootPid: number | null;
}

export function parseUsbIds(lines: readonly string[]): UsbIds | null {
  let vid: number | null = null;
  let app: number | null = null;
  let boot: number | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^!USBVID:\s*([0-9A-Fa-f]{4})\b/.exec(line))) vid = parseInt(m[1]!, 16);
    else if ((m = /^APP\s*:\s*([0-9A-Fa-f]{4})\b/i.exec(line))) app = parseInt(m[1]!, 16);
    else if ((m = /^BOOT\s*:\s*([0-9A-Fa-f]{4})\b/i.exec(line))) boot = parseInt(m[1]!, 16);
  }
  return vid === null && app === null && boot === null ? null : { vid, appPid: app, bootPid: boot };
}
