/**
 * XMODEM / XMODEM-CRC / XMODEM-1K wire constants and the protocol's own timing rules
 * (Christensen's XMODEM.TXT, Forsberg's XMODMCRC.TXT and YMODEM.TXT, which define the 1K block).
 * Kept in one place so the sender, the receiver and the virtual modem agree.
 */
export const SOH = 0x01; // 128-byte block follows
export const STX = 0x02; // 1024-byte block follows (XMODEM-1K)
export const EOT = 0x04; // end of transmission
export const ACK = 0x06;
export const NAK = 0x15; // also the receiver's "start, checksum mode" request
export const CAN = 0x18; // two in a row abort the transfer
export const CRC_REQUEST = 0x43; // 'C': the receiver's "start, CRC-16 mode" request
/** CP/M end-of-file, the conventional filler for the last block. */
export const SUB = 0x1a;

export type BlockSize = 128 | 1024;
export type CheckMode = 'crc' | 'checksum';

/** Header (mark + seq + ~seq) and check bytes around a block's payload. */
export function frameLength(size: BlockSize, mode: CheckMode): number {
  return 3 + size + (mode === 'crc' ? 2 : 1);
}

/**
 * Protocol timeouts. The receiver repeats its start request every 3 s (10 s in the original
 * text; most modern receivers and lrzsz use shorter), waits up to 10 s for a block and 1 s
 * between the bytes of one block; the sender gives a receiver 60 s to start and 10 s per ACK.
 * Ten tries per block before giving up, as every implementation does.
 */
export const TIMING = {
  startRequestEveryMs: 3_000,
  senderStartTimeoutMs: 60_000,
  ackTimeoutMs: 10_000,
  blockTimeoutMs: 10_000,
  interByteTimeoutMs: 1_000,
  maxRetries: 10,
  /** CRC requests a receiver sends before it falls back to checksum mode (NAK). */
  crcRequestsBeforeChecksum: 4,
} as const;

/** Bytes to send for a cancel: two CANs (a single one may be line noise), then backspaces as lrzsz does. */
export const CANCEL_SEQUENCE = new Uint8Array([CAN, CAN, CAN, CAN, CAN, 0x08, 0x08, 0x08, 0x08, 0x08]);
