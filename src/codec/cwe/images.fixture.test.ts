import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { corruptSamples, goldenTestImageSpec, storedZip, windowsExecutableLike } from './images.fixture.ts';
import { parseCwe } from './parser.ts';
import { buildCwe } from './writer.ts';
import { sniffFormat } from '../sniff.ts';

describe('test-file fixtures', () => {
  it('each corrupt sample produces its announced first error at its offset', () => {
    for (const [name, s] of Object.entries(corruptSamples())) {
      const r = parseCwe(s.bytes);
      expect([name, r.errors[0]?.code, r.errors[0]?.offset]).toEqual([name, s.firstError, s.offset]);
    }
  });

  it('stored zips are real zips', () => {
    const golden = buildCwe(goldenTestImageSpec());
    const zip = storedZip([{ name: 'fw/test.spk', bytes: golden }, { name: 'readme.txt', bytes: new Uint8Array([104, 105]) }]);
    expect(sniffFormat(zip)).toEqual({ kind: 'zip' });
    const files = unzipSync(zip);
    expect(files['fw/test.spk']).toEqual(golden);
    expect(files['readme.txt']).toEqual(new Uint8Array([104, 105]));
  });

  it('makes Windows-program look-alikes', () => {
    expect(sniffFormat(windowsExecutableLike({ sierra: true }))).toEqual({ kind: 'exe', pe: true });
  });
});
