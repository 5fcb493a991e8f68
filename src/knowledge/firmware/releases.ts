/**
 * RC76xx firmware history: which version is which Sierra "Release". Everything here is from
 * at-knowledge §4.5; entries without a confirmed release number say so rather than guess.
 * Used by image inspection (verdict line) and by diagnosis (`firmware-outdated`).
 */
import { l, type Localized } from '../../text/localized.ts';
import { compareFirmwareVersions } from './version-string.ts';
import { platformInfo, type ProductLine } from './platforms.ts';

export type ReleaseKind =
  /** A numbered public release (`RC76xx_Release9_…spk`). */
  | 'release'
  /** A pre-release test build of a numbered release (BP6, BP10). */
  | 'test-build'
  /** Firmware units left the factory with. */
  | 'factory'
  /** Seen in the field, release number not stated anywhere we looked. */
  | 'unnumbered';

export interface FirmwareRelease {
  readonly line: ProductLine;
  /** `AA.BB.CC.DD`, or null when the release is known to exist but its version was not captured. */
  readonly version: string | null;
  readonly kind: ReleaseKind;
  /** Release number (9 for "Release 9"), null when not stated. */
  readonly release: number | null;
  /** Short label, e.g. "Release 9", "Release 9 BP10 (test build)". */
  readonly label: Localized;
  readonly buildId: string | null;
  /** Build date yyyy-mm-dd. */
  readonly date: string | null;
  /** Package file names seen for this release. */
  readonly packages: readonly string[];
  readonly source: string;
}

export const RC76XX_RELEASES: readonly FirmwareRelease[] = [
  { line: 'RC76xx', version: '00.03.03.00', kind: 'factory', release: null, label: l('factory firmware', 'firmware d’usine'), buildId: '2bb7a4', date: '2020-04-15', packages: [], source: 'at-knowledge §4.5 (forum 35846, 29872) [C]' },
  { line: 'RC76xx', version: '00.08.07.00', kind: 'release', release: 8, label: l('Release 8', 'Release 8'), buildId: '0ce4c1', date: '2021-03-17', packages: ['RC76xx_Release8_GENERIC_GCF_7620.spk', 'RC76xx_Release8_SIERRA_R2C_7620.spk'], source: 'at-knowledge §4.5 (forum 24154, 33988) [C]' },
  { line: 'RC76xx', version: '00.08.19.00', kind: 'test-build', release: 9, label: l('Release 9 BP6 (test build)', 'Release 9 BP6 (version de test)'), buildId: '725c0e', date: '2021-09-08', packages: ['RC76xx_Release9_BP6_GENERIC_test'], source: 'at-knowledge §4.5 (johnofleek notes) [C]' },
  { line: 'RC76xx', version: '00.08.20.00', kind: 'unnumbered', release: null, label: l('build between Release 9 BP6 and BP10', 'version entre Release 9 BP6 et BP10'), buildId: 'd73df7', date: '2021-10-14', packages: [], source: 'at-knowledge §4.5 (forum 28067) [C]' },
  { line: 'RC76xx', version: '00.08.24.00', kind: 'test-build', release: 9, label: l('Release 9 BP10 (test build)', 'Release 9 BP10 (version de test)'), buildId: 'cb6ed3', date: '2022-01-07', packages: ['RC76xx_Release9_BP10_GENERIC_test'], source: 'at-knowledge §4.5 (johnofleek notes) [C]' },
  { line: 'RC76xx', version: '00.08.24.02', kind: 'release', release: 9, label: l('Release 9', 'Release 9'), buildId: 'f90cbd', date: '2022-03-21', packages: ['RC76xx_Release9_GENERIC_GCF_7620.spk'], source: 'at-knowledge §4.5 (forum 28078, 29872; PiloT docs) [C]' },
  { line: 'RC76xx', version: null, kind: 'release', release: 10, label: l('Release 10', 'Release 10'), buildId: null, date: null, packages: ['RC76xx_Release10_GENERIC_7620.spk'], source: 'at-knowledge §4.5 (forum 31738, 34860) [C]; version not captured' },
  { line: 'RC76xx', version: '00.09.10.00', kind: 'unnumbered', release: null, label: l('release number not stated (Release 10 or later)', 'numéro de release inconnu (Release 10 ou plus)'), buildId: '85890e', date: '2023-09-25', packages: [], source: 'at-knowledge §4.5 (forum 33900) [C]; "R10 or later" is [I]' },
];

/** The release entry for an exact firmware version of a platform (prefix like SWI9X07H, or a product line). */
export function releaseOf(platform: string | ProductLine, version: string): FirmwareRelease | null {
  const line = platformInfo(platform)?.line ?? (platform as ProductLine);
  return RC76XX_RELEASES.find((r) => r.line === line && r.version === version) ?? null;
}

export interface NewestRelease {
  /** Highest firmware version we know of for the line. */
  readonly newestVersion: FirmwareRelease | null;
  /** Highest numbered release, even when its version string was not captured. */
  readonly newestNumbered: FirmwareRelease | null;
}

/** What "up to date" means for a product line today. Null fields when the line has no map. */
export function newestRelease(line: ProductLine): NewestRelease {
  const all = RC76XX_RELEASES.filter((r) => r.line === line);
  const versioned = all.filter((r) => r.version !== null).sort((a, b) => compareFirmwareVersions(a.version!, b.version!));
  const numbered = all.filter((r) => r.kind === 'release' && r.release !== null).sort((a, b) => a.release! - b.release!);
  return { newestVersion: versioned[versioned.length - 1] ?? null, newestNumbered: numbered[numbered.length - 1] ?? null };
}

/** True when a firmware version is older than the newest known one of its line (null: no map for the line). */
export function isOutdated(line: ProductLine, version: string): boolean | null {
  const newest = newestRelease(line).newestVersion;
  if (!newest?.version) return null;
  return compareFirmwareVersions(version, newest.version) < 0;
}
