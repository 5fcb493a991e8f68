/**
 * Test helpers: images built with the CWE writer, wrapped as DownloadImages with an "ok"
 * inspection (the engine trusts the verdict it is given).
 */
import { goldenTestImageSpec } from '../../codec/cwe/images.fixture.ts';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { bytesSource } from '../images/byte-source.ts';
import { readCweHeader, type DownloadImage } from './image.ts';

export function imageFromBytes(bytes: Uint8Array, name = 'test.spk', verdict: 'ok' | 'refused' = 'ok'): DownloadImage {
  const h = readCweHeader(bytes);
  return {
    name,
    source: bytesSource(bytes, name),
    header: bytes.subarray(0, 400),
    inspection: { verdict, type: h?.type ?? '', product: h?.product ?? '', ...(verdict === 'ok' ? {} : { problems: ['test refusal'] }) },
  };
}

/** The golden image (3714 bytes) or, with dsp2Size, a bigger one of the same shape. */
export function goldenImageBytes(dsp2Size?: number): Uint8Array {
  return buildCwe(goldenTestImageSpec(dsp2Size === undefined ? {} : { dsp2Size }));
}
