/**
 * Sahara status codes (the status field of END_OF_IMAGE_TRANSFER / DONE_RESP), 0x00–0x26.
 * Source: libqmi `src/qmi-firmware-update/qfu-sahara-message.h` enum QfuSaharaStatus; the range
 * and examples are cited in protocol-spec.md §3.2.
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'libqmi qfu-sahara-message.h QfuSaharaStatus (protocol-spec.md §3.2)';

const rows: readonly (readonly [number, string])[] = [
  [0x00, 'SUCCESS'],
  [0x01, 'INVALID_COMMAND'],
  [0x02, 'PROTOCOL_MISMATCH'],
  [0x03, 'INVALID_TARGET_PROTOCOL'],
  [0x04, 'INVALID_HOST_PROTOCOL'],
  [0x05, 'INVALID_PACKET_SIZE'],
  [0x06, 'UNEXPECTED_IMAGE_ID'],
  [0x07, 'INVALID_HEADER_SIZE'],
  [0x08, 'INVALID_DATA_SIZE'],
  [0x09, 'INVALID_IMAGE_TYPE'],
  [0x0a, 'INVALID_TX_LENGTH'],
  [0x0b, 'INVALID_RX_LENGTH'],
  [0x0c, 'TX_RX_ERROR'],
  [0x0d, 'READ_DATA_ERROR'],
  [0x0e, 'UNSUPPORTED_NUM_PHDRS'],
  [0x0f, 'INVALID_PHDR_SIZE'],
  [0x10, 'MULTIPLE_SHARED_SEG'],
  [0x11, 'UNINIT_PHDR_LOC'],
  [0x12, 'INVALID_DEST_ADDRESS'],
  [0x13, 'INVALID_IMAGE_HEADER_SIZE'],
  [0x14, 'INVALID_ELF_HEADER'],
  [0x15, 'UNKNOWN_ERROR'],
  [0x16, 'TIMEOUT_RX'],
  [0x17, 'TIMEOUT_TX'],
  [0x18, 'INVALID_MODE'],
  [0x19, 'INVALID_MEMORY_READ'],
  [0x1a, 'INVALID_DATA_SIZE_REQUEST'],
  [0x1b, 'MEMORY_DEBUG_NOT_SUPPORTED'],
  [0x1c, 'INVALID_MODE_SWITCH'],
  [0x1d, 'EXEC_FAILURE'],
  [0x1e, 'EXEC_CMD_INVALID_PARAM'],
  [0x1f, 'EXEC_CMD_UNSUPPORTED'],
  [0x20, 'EXEC_DATA_INVALID'],
  [0x21, 'HASH_TABLE_AUTH_FAILURE'],
  [0x22, 'HASH_VERIFICATION_FAILURE'],
  [0x23, 'HASH_TABLE_NOT_FOUND'],
  [0x24, 'TARGET_INIT_FAILURE'],
  [0x25, 'IMAGE_AUTH_FAILURE'],
  [0x26, 'INVALID_IMG_HASH_TABLE_SIZE'],
];

const AUTH = new Set([0x09, 0x21, 0x22, 0x23, 0x25, 0x26]);

export const SAHARA_STATUSES: readonly ErrorEntry[] = rows.map(([code, name]) =>
  AUTH.has(code)
    ? entry('sahara', code, name, REF, {
        meaning: { en: 'The module refused the image (type or signature).', fr: "Le module a refusé l'image (type ou signature)." },
        nextSteps: [{ en: 'Use the image built for this exact model and family.', fr: "Utiliser l'image prévue pour ce modèle et cette famille exacts." }],
        finding: 'image-rejected',
      })
    : code === 0
      ? entry('sahara', code, name, REF)
      : entry('sahara', code, name, REF, { finding: 'download-protocol-failed' }),
);
