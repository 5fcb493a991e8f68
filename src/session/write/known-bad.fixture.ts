/**
 * A known-bad file for the tests: the fixture image kind 'known-bad' (write-images.fixture.ts),
 * declared bad for the RC7620 models as the real RC7620 Release 10 file is. No real vendor hash
 * is invented: the test hashes its own bytes and adds them to the list through `vi.mock`:
 *
 *   vi.mock('../../knowledge/firmware/known-bad.ts', async (real) => (await import('./known-bad.fixture.ts')).withFixtureKnownBad(await real()));
 */
import { createHash } from 'node:crypto';
import type * as KnownBad from '../../knowledge/firmware/known-bad.ts';
import { l } from '../../text/localized.ts';
import { imageBytesOf } from './write-images.fixture.ts';

export const FIXTURE_BAD_WHY = l(
  'test fixture: this file is declared bad for the RC7620 (a stand-in for a file published with the wrong bytes).',
  'fixture de test : ce fichier est déclaré mauvais pour le RC7620 (à la place d’un fichier publié avec les mauvais octets).',
);

/** The fixture's SHA-256 at the two payload sizes the tests build (write-paths and pre-write-check). */
export function fixtureBadHashes(): string[] {
  return [60_000, 300].map((size) => createHash('sha256').update(imageBytesOf('known-bad', size)).digest('hex'));
}

export function fixtureKnownBad(extra: readonly Uint8Array[] = []): KnownBad.KnownBadImage[] {
  const more = extra.map((b) => createHash('sha256').update(b).digest('hex'));
  return [...fixtureBadHashes(), ...more].map((sha256) => ({
    sha256,
    fileName: 'known-bad.spk',
    models: ['RC7620', 'RC7620-1'],
    why: FIXTURE_BAD_WHY,
    sources: [{ title: 'Boothold test fixture', url: 'https://example.invalid/known-bad' }],
  }));
}

/** The real module with the fixture's entries (and files given as `extra`) appended to its list. */
export function withFixtureKnownBad(real: typeof KnownBad, extra: readonly Uint8Array[] = []): typeof KnownBad {
  const list = [...real.KNOWN_BAD_IMAGES, ...fixtureKnownBad(extra)];
  return {
    ...real,
    KNOWN_BAD_IMAGES: list,
    knownBadImage: (sha256, model, l = list) => real.knownBadImage(sha256, model, l),
    knownBadFor: (sha256, model) => real.knownBadImage(sha256, model, list)?.why ?? null,
  };
}
