/**
 * The firmware packages we know of per product line and carrier: what they are, where the vendor
 * publishes them, their published or observed SHA-256, and the problems reported with them.
 * Facts come from the public threads and pages named in `sources`; what is only rumour says so.
 * A package known to be wrong for some models carries `refuse`: Boothold will not write it there
 * (known-bad.ts turns those into the list the pre-write check consults).
 */
import { l, type Localized } from '../../text/localized.ts';
import type { PublicSource } from '../sources.ts';
import type { ProductLine } from './platforms.ts';

export interface CataloguePackage {
  readonly line: ProductLine;
  /** Models the package is published for. */
  readonly models: readonly string[];
  readonly carrier: string;
  readonly release: number | null;
  /** Firmware version it installs, null when no public source captured it. */
  readonly version: string | null;
  /** Build date yyyy-mm-dd, when known. */
  readonly date: string | null;
  readonly fileName: string;
  readonly sizeBytes: number | null;
  /** Lower-case hex, as published or as computed in a public thread; null when none is public. */
  readonly sha256: string | null;
  /** The vendor's page for the download. */
  readonly download: PublicSource;
  readonly problems: readonly Localized[];
  readonly refuse?: { readonly models: readonly string[]; readonly why: Localized };
  readonly sources: readonly PublicSource[];
}

const forum = (topic: number, title: string): PublicSource => ({ title: `Sierra Wireless forum — ${title}`, url: `https://forum.sierrawireless.com/t/${topic}` });
const RC76_PAGE: PublicSource = { title: 'Sierra Wireless Source — RC76xx software downloads', url: 'https://source.sierrawireless.com/resources/airprime/software/rc76xx/' };
const RC76_R8: PublicSource = { title: 'Sierra Wireless Source — RC76xx firmware Release 8', url: 'https://source.sierrawireless.com/resources/airprime/software/rc76xx/rc76xx-firmware-release-8/' };
const RC76_R10: PublicSource = { title: 'Sierra Wireless Source — RC76xx firmware Release 10.0', url: 'https://source.sierrawireless.com/resources/airprime/software/rc76xx/rc76xx-firmware-release-10,-d-,0/' };

/** The R10 file published for the RC7620 and the one for the RC7611, hashed by a user in forum topic 31738: the same bytes. */
const R10_SHARED_SHA256 = '185e5f4ad06941f0507c529aea92a4adaeedf2f3062b70ebda4fba0aa0c54dd9';

const INTERRUPTED: Localized = l(
  'An update interrupted on the way (power or cable) can leave the module in a USB boot loop; it is recovered by forcing download mode with TP1 at power-on.',
  'Une mise à jour interrompue (alimentation ou câble) peut laisser le module dans une boucle de démarrage USB\u202f; on le récupère en forçant le mode téléchargement avec TP1 à la mise sous tension.',
);

export const FIRMWARE_CATALOGUE: readonly CataloguePackage[] = [
  {
    line: 'RC76xx',
    models: ['RC7620', 'RC7620-1'],
    carrier: 'GENERIC',
    release: 8,
    version: '00.08.07.00',
    date: '2021-03-17',
    fileName: 'RC76xx_Release8_GENERIC_GCF_7620.spk',
    sizeBytes: null,
    sha256: null,
    download: RC76_R8,
    problems: [],
    sources: [forum(24154, 'How to update the RC7620 firmware with qmi-firmware-update'), forum(33988, 'Third-party FOTA fails')],
  },
  {
    line: 'RC76xx',
    models: ['RC7620', 'RC7620-1'],
    carrier: 'SIERRA',
    release: 8,
    version: '00.08.07.00',
    date: '2021-03-17',
    fileName: 'RC76xx_Release8_SIERRA_R2C_7620.spk',
    sizeBytes: null,
    sha256: null,
    download: RC76_R8,
    problems: [
      l(
        'The SIERRA carrier configuration is meant for Sierra Wireless SIMs: with an Orange, SFR or Bouygues Telecom SIM the module camps but data calls fail. Use the GENERIC package for open-market operators.',
        'La configuration opérateur SIERRA est prévue pour les SIM Sierra Wireless\u202f: avec une SIM Orange, SFR ou Bouygues Telecom le module s’accroche mais les appels data échouent. Utiliser le paquet GENERIC pour les opérateurs du marché libre.',
      ),
    ],
    sources: [forum(24154, 'How to update the RC7620 firmware with qmi-firmware-update')],
  },
  {
    line: 'RC76xx',
    models: ['RC7620', 'RC7620-1'],
    carrier: 'GENERIC',
    release: 9,
    version: '00.08.24.02',
    date: '2022-03-21',
    fileName: 'RC76xx_Release9_GENERIC_GCF_7620.spk',
    sizeBytes: null,
    sha256: null,
    download: RC76_PAGE,
    problems: [
      INTERRUPTED,
      l(
        'A warning that “Release 9.0 has a critical bug, use 9.0.1” circulates among users; no public source confirms it and no 9.0.1 package is published: 00.08.24.02 is the Release 9 the vendor offers.',
        'Un avertissement «\u00a0la Release 9.0 a un bogue critique, prendre la 9.0.1\u00a0» circule parmi les utilisateurs\u202f; aucune source publique ne le confirme et aucun paquet 9.0.1 n’est publié\u202f: 00.08.24.02 est la Release 9 que propose le fabricant.',
      ),
    ],
    sources: [forum(28078, 'topic 28078'), forum(29872, 'RC7620 update doesn’t finish and no modem is detected')],
  },
  {
    line: 'RC76xx',
    models: ['RC7611', 'RC7611-1'],
    carrier: 'GENERIC',
    release: 9,
    version: '00.08.24.02',
    date: '2022-03-21',
    fileName: 'RC76xx_Release9_GENERIC_PTCRB_7611.spk',
    sizeBytes: null,
    sha256: '9cbd6f7d5775b0e82616d93d01e6354872a7aa72976462b97519b28e9ba41939',
    download: RC76_PAGE,
    problems: [INTERRUPTED],
    sources: [forum(31738, 'RC7620-1 firmware revision 10 does not install')],
  },
  {
    line: 'RC76xx',
    models: ['RC7620', 'RC7620-1'],
    carrier: 'GENERIC',
    release: 10,
    version: null,
    date: null,
    fileName: 'RC76xx_Release10_GENERIC_7620.spk',
    sizeBytes: null,
    sha256: R10_SHARED_SHA256,
    download: RC76_R10,
    problems: [
      l(
        'The file published as the RC7620 Release 10 package is byte for byte the RC7611 one (same SHA-256); on an RC7620-1 its installation ends in “+WFWUPD: 1” (fails). The vendor’s .exe installer of Release 10 does work.',
        'Le fichier publié comme paquet Release 10 du RC7620 est octet pour octet celui du RC7611 (même SHA-256)\u202f; sur un RC7620-1 son installation finit par «\u00a0+WFWUPD: 1\u00a0» (échec). L’installateur .exe de la Release 10 du fabricant fonctionne.',
      ),
    ],
    refuse: {
      models: ['RC7620', 'RC7620-1'],
      why: l(
        'This is the RC7611 Release 10 package published under the RC7620 name (identical SHA-256, forum topic 31738): it does not install on an RC7620.',
        'C’est le paquet Release 10 du RC7611 publié sous le nom du RC7620 (SHA-256 identique, sujet 31738 du forum)\u202f: il ne s’installe pas sur un RC7620.',
      ),
    },
    sources: [forum(31738, 'RC7620-1 firmware revision 10 does not install')],
  },
  {
    line: 'RC76xx',
    models: ['RC7611', 'RC7611-1'],
    carrier: 'GENERIC',
    release: 10,
    version: null,
    date: null,
    fileName: 'RC76xx_Release10_GENERIC_7611.spk',
    sizeBytes: null,
    sha256: R10_SHARED_SHA256,
    download: RC76_R10,
    problems: [],
    sources: [forum(31738, 'RC7620-1 firmware revision 10 does not install')],
  },
];

/** The packages of a product line, newest release first. */
export function catalogueFor(line: ProductLine): CataloguePackage[] {
  return FIRMWARE_CATALOGUE.filter((p) => p.line === line).sort((a, b) => (b.release ?? 0) - (a.release ?? 0));
}

/** The package a file is, by its SHA-256 (first match: one published file can carry two names). */
export function packageBySha256(sha256: string): CataloguePackage | null {
  const h = sha256.toLowerCase();
  return FIRMWARE_CATALOGUE.find((p) => p.sha256 === h) ?? null;
}
