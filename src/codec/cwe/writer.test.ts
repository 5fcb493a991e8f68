import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCwe, cweImageLength, cweLayout, streamCwe } from './writer.ts';
import { goldenTestImageSpec, rc76PackageSpec } from './images.fixture.ts';
import { parseCwe } from './parser.ts';

const goldenPath = fileURLToPath(new URL('../../../../shared/tools/peer/golden/test-image.spk', import.meta.url));

describe('CWE writer', () => {
  it('rebuilds the shared golden image byte for byte', () => {
    const bytes = buildCwe(goldenTestImageSpec());
    expect(bytes.length).toBe(3714);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(sha.startsWith('7e34d391')).toBe(true);
    expect(sha.endsWith('67e1')).toBe(true);
    // protocol-spec §5.3: header bytes 0x100–0x11B of the synthetic image
    expect(Buffer.from(bytes.subarray(0x100, 0x11c)).toString('hex')).toBe(
      'f2697aa7' + '00000003' + '474f4f44' + '53504b47' + '39583037' + '00000cf2' + '555b96ca',
    );
    if (existsSync(goldenPath)) expect(Buffer.from(bytes).equals(readFileSync(goldenPath))).toBe(true);
  });

  it('streams the same bytes in bounded chunks', () => {
    const spec = goldenTestImageSpec({ dsp2Size: 100_000 });
    const whole = buildCwe(spec);
    const parts: Uint8Array[] = [];
    for (const c of streamCwe(spec, { chunkSize: 4096 })) {
      expect(c.length).toBeLessThanOrEqual(4096);
      parts.push(c.slice());
    }
    expect(Buffer.concat(parts).equals(Buffer.from(whole))).toBe(true);
    expect(whole.length).toBe(cweImageLength(spec));
  });

  it('lays out the real-shaped RC76xx package at the offsets libqmi logged for Release 9', () => {
    const layout = cweLayout(rc76PackageSpec());
    const at = (path: string) => layout.find((e) => e.path === path)!;
    expect(at('0').offset + 400 + at('0').size).toBe(34_879_232);
    expect([at('0.0').offset, at('0.0').offset + 400 + at('0.0').size]).toEqual([400, 426_084]);
    expect([at('0.0.0').offset, at('0.0.1').offset]).toEqual([800, 7_680]);
    expect(at('0.1').offset + 400 + at('0.1').size).toBe(26_178_380);
  });

  it('writes images the parser reads back with every CRC good', () => {
    const r = parseCwe(buildCwe(goldenTestImageSpec({ dsp2Size: 5000 })));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});
