/**
 * What the first bytes from a download port are, before any protocol parser sees them: an HDLC
 * frame (QDL), a Firehose XML document, a Sahara packet, or noise. Used while the engine does
 * not yet know which protocol the module is in (a missed hello, a module already in Firehose).
 *
 * The rule "look at the first bytes: 0x7E is HDLC, `<?xml` is Firehose, a Sahara command word
 * is Sahara" is the one bkerler/edl (`sahara.connect`) and commaai/qdl.js (`Sahara.connect`)
 * apply to the first read; we also check the Sahara length field, so noise is not taken for a
 * packet.
 */
import { SAHARA_MAX_PACKET } from '../../codec/sahara/messages.ts';
import type { Wire } from './wire.ts';

export type PortSpeech = 'hdlc' | 'firehose' | 'sahara' | 'noise';

const XML = [0x3c, 0x3f, 0x78, 0x6d, 0x6c]; // "<?xml"
/** Highest Sahara command number (0x01 hello … 0x1x 64-bit reads); anything above is not Sahara. */
const SAHARA_MAX_COMMAND = 0x20;

/** 'more' when the bytes so far could still become any of the answers. */
export function classifyBytes(b: Uint8Array): PortSpeech | 'more' {
  let s = 0;
  // NULs and whitespace may precede a document (padding, a programmer's line ends).
  while (s < b.length && (b[s] === 0 || b[s] === 0x0a || b[s] === 0x0d || b[s] === 0x20 || b[s] === 0x09)) s++;
  if (s === b.length) return 'more';
  if (b[s] === 0x7e) return 'hdlc';
  if (b[s] === 0x3c) {
    const n = Math.min(XML.length, b.length - s);
    for (let i = 0; i < n; i++) if (b[s + i] !== XML[i]) return 'noise';
    return n === XML.length ? 'firehose' : 'more';
  }
  if (s > 0) return 'noise';
  // A Sahara packet: u32 command, u32 total length, both little-endian.
  if (b.length < 8) {
    if (b[0]! < 1 || b[0]! > SAHARA_MAX_COMMAND) return 'noise';
    for (let i = 1; i < Math.min(4, b.length); i++) if (b[i] !== 0) return 'noise';
    return 'more';
  }
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cmd = v.getUint32(0, true);
  const len = v.getUint32(4, true);
  return cmd >= 1 && cmd <= SAHARA_MAX_COMMAND && len >= 8 && len <= SAHARA_MAX_PACKET ? 'sahara' : 'noise';
}

export interface Sniffed {
  readonly speech: PortSpeech | 'nothing';
  /** Every byte read, for the parser of that protocol (nothing is dropped). */
  readonly bytes: Uint8Array;
}

/** Reads until the bytes say what they are, or until the deadline (performance.now() ms). */
export async function sniff(wire: Wire, deadline: number): Promise<Sniffed> {
  let buf = new Uint8Array(0);
  for (;;) {
    const piece = await wire.read(deadline);
    if (!piece) return { speech: buf.length ? 'noise' : 'nothing', bytes: buf };
    const b = new Uint8Array(buf.length + piece.length);
    b.set(buf);
    b.set(piece, buf.length);
    buf = b;
    const c = classifyBytes(buf);
    if (c !== 'more') return { speech: c, bytes: buf };
  }
}

export function describeSpeech(s: PortSpeech | 'nothing'): string {
  switch (s) {
    case 'hdlc':
      return 'an HDLC frame (QDL)';
    case 'firehose':
      return 'a Firehose XML document';
    case 'sahara':
      return 'a Sahara packet';
    case 'noise':
      return 'bytes of no known protocol';
    case 'nothing':
      return 'nothing';
  }
}
