/**
 * Test images for the write paths, each really inspected (so the check sees what a user's file
 * would give): right product (RC76xx, 9X07), another line (EM/MC74xx, 9X30), a line not in the
 * tables (ZZZZ), corrupt (one payload byte flipped: CRC mismatch), truncated (cut short) and
 * known-bad (sound, right product, but its SHA-256 is declared bad by known-bad.fixture.ts).
 */
import { goldenTestImageSpec } from '../../codec/cwe/images.fixture.ts';
import { buildCwe, type CweImageSpec } from '../../codec/cwe/writer.ts';
import { bytesSource } from '../images/byte-source.ts';
import { inspectSource } from '../images/inspect.ts';
import type { InspectionReport } from '../images/report.ts';
import { writeImageFromReport, type WriteImage } from './write-image.ts';

export type ImageKind = 'right-product' | 'other-line' | 'unknown-line' | 'corrupt' | 'truncated' | 'known-bad';
export const IMAGE_KINDS: readonly ImageKind[] = ['right-product', 'other-line', 'unknown-line', 'corrupt', 'truncated', 'known-bad'];

/** The golden image with its product code and platform prefix swapped everywhere. */
function retarget(spec: CweImageSpec, product: string, platform: string): CweImageSpec {
  const swap = (v: string) => v.replaceAll('SWI9X07H', platform);
  const base = { ...spec, product, version: typeof spec.version === 'string' ? swap(spec.version) : spec.version };
  return 'children' in spec ? { ...base, children: spec.children.map((c) => retarget(c, product, platform)) } as CweImageSpec : (base as CweImageSpec);
}

export function imageBytesOf(kind: ImageKind, dsp2Size = 60_000): Uint8Array {
  const golden = goldenTestImageSpec({ dsp2Size });
  switch (kind) {
    case 'right-product':
      return buildCwe(golden);
    case 'other-line':
      return buildCwe(retarget(golden, '9X30', 'SWI9X30C'));
    case 'unknown-line':
      return buildCwe(retarget(golden, 'ZZZZ', 'SWIZZZZ'));
    case 'corrupt': {
      const b = buildCwe(golden).slice();
      b[b.length - 10] = b[b.length - 10]! ^ 0xff;
      return b;
    }
    case 'known-bad':
      // other bytes than the right product's (so its hash is its own), every check passes
      return buildCwe(goldenTestImageSpec({ dsp2Size: dsp2Size + 4 }));
    case 'truncated': {
      const b = buildCwe(golden);
      return b.slice(0, b.length - 1000);
    }
  }
}

export async function inspectBytes(bytes: Uint8Array, name: string): Promise<InspectionReport> {
  return inspectSource(bytesSource(bytes, name));
}

export async function writeImageOfKind(kind: ImageKind, dsp2Size?: number): Promise<{ image: WriteImage; bytes: Uint8Array; report: InspectionReport }> {
  const bytes = imageBytesOf(kind, dsp2Size);
  const name = `${kind}.spk`;
  const report = await inspectBytes(bytes, name);
  return { image: await writeImageFromReport(report, bytesSource(bytes, name), name), bytes, report };
}
