import { describe, expect, it } from 'vitest';
import { INTERNAL_REFERENCE, PUBLIC_DOCUMENTS, publicSources, publicSourcesText } from './sources.ts';
import { RULES } from './rules/engine.ts';
import { ALL_ERRORS } from './errors/catalog.ts';
import { RC76XX_RELEASES } from './firmware/releases.ts';
import { ANDROID, CHROMEOS, EVERYONE, LINUX, MACOS, WINDOWS } from './preflight/steps.ts';

// Every working reference the knowledge tables carry (what a finding, a decoded error, a release
// or a preflight step would show as its source).
const refs: string[] = [
  ...RULES.map((r) => r.source),
  ...ALL_ERRORS.map((e) => e.reference),
  ...RC76XX_RELEASES.map((r) => r.source),
  ...[...EVERYONE, ...LINUX, ...WINDOWS, ...MACOS, ...CHROMEOS, ...ANDROID].map((s) => s.source),
];

describe('public sources', () => {
  it('every document has a title and an https URL, none of ours', () => {
    for (const d of PUBLIC_DOCUMENTS) {
      expect(d.url).toMatch(/^https:\/\/[^/]+\.[a-z]+\//);
      expect(`${d.title} ${d.url}`).not.toMatch(INTERNAL_REFERENCE);
    }
  });

  it('no source shown to users holds a path or a section of this repository', () => {
    expect(refs.length).toBeGreaterThan(100);
    const leaks = refs.flatMap((r) => publicSources(r).filter((d) => INTERNAL_REFERENCE.test(`${d.title} ${d.url}`)).map((d) => `${r} → ${d.title}`));
    expect(leaks).toEqual([]);
    for (const r of refs) expect(publicSourcesText(r)).not.toMatch(/src\/|\.ts\b|\.md §|research\//);
  });

  it('names the documents a reference cites', () => {
    expect(publicSources('release map src/knowledge/firmware/releases.ts (at-knowledge.md §4.5)').map((d) => d.url)).toEqual(['https://forum.sierrawireless.com/']);
    expect(publicSources('at-knowledge §4.5 (forum 28078, 29872; PiloT docs) [C]').map((d) => d.url)).toEqual([
      'https://forum.sierrawireless.com/t/28078',
      'https://forum.sierrawireless.com/t/29872',
    ]);
    expect(publicSources('3GPP TS 27.007 §8.3 (+CPIN), §9.2; at-knowledge.md §9 (+CPIN)')[0]!.title).toMatch(/27\.007/);
    expect(publicSources('libqmi qmi-errors.h QmiProtocolError (at-knowledge.md §1)')[0]!.url).toMatch(/libqmi-glib-Errors\.html$/);
  });
});
