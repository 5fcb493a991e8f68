import { describe, expect, it } from 'vitest';
import { encodeLog } from '../../codec/firehose/xml.ts';
import { hdlcEncode } from '../../codec/hdlc.ts';
import { encodeDloadAck } from '../../codec/qdl/messages.ts';
import { encodeEndImageTransfer, encodeHello } from '../../codec/sahara/messages.ts';
import { classifyBytes } from './classify.ts';

describe('what a download port says first', () => {
  it.each([
    ['a Sahara hello', encodeHello(), 'sahara'],
    ['a Sahara END_IMAGE_TRANSFER', encodeEndImageTransfer(0, 1), 'sahara'],
    ['an HDLC frame', hdlcEncode(encodeDloadAck()), 'hdlc'],
    ['a Firehose document', encodeLog('hello'), 'firehose'],
    ['a document after NULs and line ends', Uint8Array.of(0, 0, 0x0d, 0x0a, ...encodeLog('x')), 'firehose'],
    ['noise with an implausible length', Uint8Array.of(1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff), 'noise'],
    ['text that is not XML', new TextEncoder().encode('boot: ok\r\n'), 'noise'],
    ['the start of a hello', encodeHello().subarray(0, 5), 'more'],
    ['the start of a prologue', new TextEncoder().encode('<?x'), 'more'],
  ] as const)('%s → %s', (_what, bytes, want) => {
    expect(classifyBytes(bytes)).toBe(want);
  });
});
