/**
 * Sierra QDL (SSDP) error packet codes (message 0x0D), plus the open-unframed status 0x07
 * ("image not required"). Source: libqmi qfu-qdl-message.c via protocol-spec.md §2.4.
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'libqmi qfu-qdl-message (protocol-spec.md §2.4)';

const rows: readonly (readonly [number, string])[] = [
  [0x00, 'none'],
  [0x01, 'reserved'],
  [0x02, 'invalid destination address'],
  [0x03, 'invalid length'],
  [0x04, 'unexpected end of packet'],
  [0x05, 'invalid command'],
  [0x06, 'reserved'],
  [0x07, 'operation failed'],
  [0x08, 'invalid flash intelligent ID'],
  [0x09, 'invalid programming voltage'],
  [0x0a, 'write verify failed'],
  [0x0b, 'reserved'],
  [0x0c, 'invalid security code'],
  [0x0d, 'power-down failed'],
  [0x0e, 'NAND programming not supported'],
  [0x0f, 'command out of sequence'],
  [0x10, 'close failed'],
  [0x11, 'invalid feature bits'],
  [0x12, 'out of space'],
  [0x13, 'invalid security mode'],
  [0x14, 'multi-image NAND not supported'],
  [0x15, 'power-off command not supported'],
  [0x16, 'command not supported'],
  [0x17, 'invalid CRC'],
  [0x18, 'command received in invalid state'],
  [0x19, 'receive timeout'],
  [0x1a, 'image authentication error'],
];

export const QDL_ERRORS: readonly ErrorEntry[] = rows.map(([code, name]) => {
  if (code === 0x1a || code === 0x13 || code === 0x0c) return entry('qdl', code, name, REF, { finding: 'image-rejected' });
  if (code === 0x16)
    return entry('qdl', code, name, REF, {
      meaning: { en: 'Harmless after the DLOAD→SDP switch: libqmi ignores it there.', fr: 'Sans gravité après la bascule DLOAD→SDP : libqmi l’ignore à cette étape.' },
    });
  if (code === 0) return entry('qdl', code, name, REF);
  return entry('qdl', code, name, REF, { finding: 'download-protocol-failed' });
});
