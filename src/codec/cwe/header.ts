/**
 * The 400-byte CWE header: a 256-byte product-specific buffer (PSB) followed by 144 bytes of
 * big-endian fields. Offsets from Sierra's bootloader definitions, libqmi and Legato, which all
 * agree (research: protocol-spec §1.1).
 */
import { jamcrc } from '../crc32.ts';

export const CWE_HEADER_SIZE = 400;
export const PSB_SIZE = 256;

export const FIELD = {
  psbCrc: 0x100,
  headerRevision: 0x104,
  crcIndicator: 0x108,
  type: 0x10c,
  product: 0x110,
  imageSize: 0x114,
  imageCrc: 0x118,
  version: 0x11c,
  date: 0x170,
  compat: 0x178,
  miscOptions: 0x17c,
  storageAddress: 0x180,
  programAddress: 0x184,
  entryPoint: 0x188,
  signature: 0x18c,
} as const;

export const STRING_FIELDS = {
  type: { offset: FIELD.type, length: 4 },
  product: { offset: FIELD.product, length: 4 },
  version: { offset: FIELD.version, length: 84 },
  date: { offset: FIELD.date, length: 8 },
} as const;
export type StringField = keyof typeof STRING_FIELDS;

/** Header revision Sierra's current tools write; Legato refuses anything older. */
export const CURRENT_HEADER_REVISION = 3;
/** ASCII "GOOD": what real files carry in the CRC-valid indicator. */
export const CRC_INDICATOR_GOOD = 0x474f4f44;

export interface ImageFlags {
  readonly compressed: boolean;
  readonly encrypted: boolean;
  readonly signed: boolean;
  /** Legato's delta-patch bit; Sierra's bootloader calls 0x08 unused. */
  readonly delta: boolean;
}

export interface CweHeader {
  readonly psbCrcStored: number;
  readonly psbCrcComputed: number;
  readonly headerRevision: number;
  readonly crcIndicator: number;
  readonly type: string;
  readonly product: string;
  readonly imageSize: number;
  readonly imageCrcStored: number;
  readonly version: string;
  readonly date: string;
  readonly compat: number;
  readonly miscOptions: number;
  readonly flags: ImageFlags;
  readonly signature: number;
  /** First string field that is not "printable ASCII then only NULs" (libqmi's acceptance rule). */
  readonly badField: StringField | null;
}

function u32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

/**
 * libqmi accepts a string field when it is printable ASCII (0x20–0x7E) up to the first NUL and
 * only NULs after it; an empty field is acceptable. Matching that exactly keeps our tree equal
 * to `qmi-firmware-update --verify`'s.
 */
export function isCleanString(b: Uint8Array, off: number, len: number): boolean {
  let i = 0;
  while (i < len && b[off + i] !== 0) {
    const c = b[off + i]!;
    if (c < 0x20 || c > 0x7e) return false;
    i++;
  }
  for (; i < len; i++) if (b[off + i] !== 0) return false;
  return true;
}

/** The field's text up to its first NUL, with any non-printable byte shown as U+FFFD. */
export function readString(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = b[off + i]!;
    if (c === 0) break;
    s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '\ufffd';
  }
  return s;
}

/** Decodes a complete header. `bytes` must hold at least CWE_HEADER_SIZE bytes. */
export function decodeHeader(bytes: Uint8Array): CweHeader {
  if (bytes.length < CWE_HEADER_SIZE) throw new RangeError(`a CWE header needs ${CWE_HEADER_SIZE} bytes, got ${bytes.length}`);
  let badField: StringField | null = null;
  for (const [name, f] of Object.entries(STRING_FIELDS) as [StringField, { offset: number; length: number }][]) {
    if (!isCleanString(bytes, f.offset, f.length)) {
      badField = name;
      break;
    }
  }
  const misc = bytes[FIELD.miscOptions]!;
  return {
    psbCrcStored: u32(bytes, FIELD.psbCrc),
    psbCrcComputed: jamcrc(bytes.subarray(0, PSB_SIZE)),
    headerRevision: u32(bytes, FIELD.headerRevision),
    crcIndicator: u32(bytes, FIELD.crcIndicator),
    type: readString(bytes, FIELD.type, 4),
    product: readString(bytes, FIELD.product, 4),
    imageSize: u32(bytes, FIELD.imageSize),
    imageCrcStored: u32(bytes, FIELD.imageCrc),
    version: readString(bytes, FIELD.version, 84),
    date: readString(bytes, FIELD.date, 8),
    compat: u32(bytes, FIELD.compat),
    miscOptions: misc,
    flags: { compressed: (misc & 1) !== 0, encrypted: (misc & 2) !== 0, signed: (misc & 4) !== 0, delta: (misc & 8) !== 0 },
    signature: u32(bytes, FIELD.signature),
    badField,
  };
}

/** The indicator as text when it is four printable characters ("GOOD"), else hex. */
export function describeCrcIndicator(value: number): string {
  const chars = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  if (chars.every((c) => c >= 0x20 && c <= 0x7e)) return String.fromCharCode(...chars);
  return '0x' + value.toString(16).toUpperCase().padStart(8, '0');
}
