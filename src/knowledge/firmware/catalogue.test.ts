import { describe, expect, it } from 'vitest';
import { FIRMWARE_CATALOGUE, catalogueFor, packageBySha256 } from './catalogue.ts';
import { KNOWN_BAD_IMAGES, knownBadFor, knownBadImage } from './known-bad.ts';
import { INTERNAL_REFERENCE } from '../sources.ts';
import { RC76XX_RELEASES } from './releases.ts';

describe('firmware catalogue', () => {
  it('every package names its vendor page and public sources, with well-formed facts', () => {
    for (const p of FIRMWARE_CATALOGUE) {
      expect(p.fileName).toMatch(/\.(spk|cwe|nvu|zip)$/);
      if (p.sha256) expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (p.date) expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const d of [p.download, ...p.sources]) {
        expect(d.url).toMatch(/^https:\/\//);
        expect(`${d.title} ${d.url}`).not.toMatch(INTERNAL_REFERENCE);
      }
      expect(p.sources.length).toBeGreaterThan(0);
    }
  });

  it('agrees with the release map on versions and file names', () => {
    for (const p of FIRMWARE_CATALOGUE.filter((x) => x.version)) {
      const r = RC76XX_RELEASES.find((x) => x.version === p.version);
      expect(r?.release).toBe(p.release);
    }
    expect(catalogueFor('RC76xx')[0]!.release).toBe(10);
  });

  it('refuses the published RC7620 Release 10 file on an RC7620 (it is the RC7611 one), not on an RC7611', () => {
    const sha = '185E5F4AD06941F0507C529AEA92A4ADAEEDF2F3062B70EBDA4FBA0AA0C54DD9';
    expect(knownBadFor(sha, 'RC7620-1')?.en).toMatch(/RC7611/);
    expect(knownBadFor(sha, 'RC7611')).toBeNull();
    expect(knownBadFor(sha, null)).toBeNull();
    expect(packageBySha256(sha)?.release).toBe(10);
    expect(knownBadImage(sha, ' rc7620 ')?.sources[0].url).toMatch(/forum\.sierrawireless\.com\/t\/31738/);
  });

  it('the known-bad list holds only hashes a public source published, each with its source', () => {
    // today: the one R10 file of forum topic 31738 (no hash is published for a "9.0" to avoid)
    expect(KNOWN_BAD_IMAGES.map((e) => e.fileName)).toEqual(['RC76xx_Release10_GENERIC_7620.spk']);
    for (const e of KNOWN_BAD_IMAGES) {
      expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.sources[0].url).toMatch(/^https:\/\//);
      expect(e.why.fr).not.toBe(e.why.en);
    }
    expect(knownBadImage(null, 'RC7620')).toBeNull();
  });

  it('tells the Release 9.0 / 9.0.1 story as unconfirmed, not as a fact', () => {
    const r9 = FIRMWARE_CATALOGUE.find((p) => p.fileName === 'RC76xx_Release9_GENERIC_GCF_7620.spk')!;
    expect(r9.problems.some((x) => /9\.0\.1/.test(x.en) && /no public source confirms/.test(x.en))).toBe(true);
  });
});
