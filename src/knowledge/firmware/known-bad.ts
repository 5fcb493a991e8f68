/**
 * Files Boothold refuses to write, by SHA-256, whatever their headers say: a file can pass every
 * structural check (sound CRCs, the right product line) and still be the wrong bytes — the
 * RC7620 Release 10 package the vendor published is the RC7611 one, and installing it on an
 * RC7620 ends in "+WFWUPD: 1". Each entry names the public thread where the hash was published.
 *
 * What is really known (2026-12): one published bad file, the RC7620 Release 10 .spk (its hash
 * posted in Sierra Wireless forum topic 31738), refused on the RC7620 models only — on an
 * RC7611 the same bytes are the right package. The "Release 9.0 has a critical bug, use 9.0.1"
 * story of the seed has no public source and no published hash (no 9.0.1 package exists), so it
 * is NOT on this list: the catalogue tells it as an unconfirmed rumour. No hash here is made up;
 * tests declare their own bad file (write-paths.test.ts) to prove every path refuses one.
 *
 * The list is derived from the catalogue's `refuse` entries, so a package and its refusal are
 * written once; a bad file that is not a catalogue package would be added to EXTRA below.
 */
import type { Localized } from '../../text/localized.ts';
import type { PublicSource } from '../sources.ts';
import { FIRMWARE_CATALOGUE } from './catalogue.ts';

export interface KnownBadImage {
  /** Lower-case hex SHA-256 of the whole file. */
  readonly sha256: string;
  /** The name the file is published under. */
  readonly fileName: string;
  /** Models it must not be written to; 'every' for a file bad on any module. */
  readonly models: readonly string[] | 'every';
  /** Why, and what to use instead. */
  readonly why: Localized;
  /** Where the hash and the problem were published (the first one is shown with the refusal). */
  readonly sources: readonly [PublicSource, ...PublicSource[]];
}

/** Known-bad files that are not catalogue packages: none is publicly documented today. */
const EXTRA: readonly KnownBadImage[] = [];

export const KNOWN_BAD_IMAGES: readonly KnownBadImage[] = [
  ...FIRMWARE_CATALOGUE.flatMap((p): KnownBadImage[] => {
    const [first, ...rest] = p.sources;
    if (!p.sha256 || !p.refuse || !first) return [];
    return [{ sha256: p.sha256, fileName: p.fileName, models: p.refuse.models, why: p.refuse.why, sources: [first, ...rest] }];
  }),
  ...EXTRA,
];

const norm = (s: string) => s.trim().toUpperCase().replace(/\s+/g, '');

/**
 * The entry that forbids writing the file with this hash to this model; null when none does. A
 * model-bound entry needs a model to match (an unnamed module is asked for its model first).
 */
export function knownBadImage(sha256: string | null | undefined, model: string | null | undefined, list: readonly KnownBadImage[] = KNOWN_BAD_IMAGES): KnownBadImage | null {
  if (!sha256) return null;
  const h = sha256.toLowerCase();
  for (const e of list) {
    if (e.sha256 !== h) continue;
    if (e.models === 'every') return e;
    if (model && e.models.some((m) => norm(m) === norm(model))) return e;
  }
  return null;
}

/** Why a file must not be written to this model (the Images page shows it next to the report). */
export function knownBadFor(sha256: string, model: string | null | undefined): Localized | null {
  return knownBadImage(sha256, model)?.why ?? null;
}
