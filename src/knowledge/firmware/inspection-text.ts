/**
 * What image inspection tells the user, in every language: one template per error/warning code
 * (size problems per reason) and the pieces of the verdict line. Placeholders are filled from the
 * issue's own fields, so the CLI (English), the JSON `message` and the UI say the same thing.
 */
import { l, type Localized } from '../../text/localized.ts';
export type { Localized };

/** Keyed by issue code, or `code.reason` for size problems. */
export const ISSUE_TEXT = {
  empty: l('The file is empty (0 bytes).', 'Le fichier est vide (0 octet).'),
  'not-cwe': l(
    'This is not a Sierra firmware image: the file does not start with a CWE header (expected a .spk, .cwe or .nvu file).',
    'Ce n’est pas une image firmware Sierra : le fichier ne commence pas par un en-tête CWE (fichier .spk, .cwe ou .nvu attendu).',
  ),
  truncated: l(
    'The file is cut off: it ends after {available} bytes, inside its first CWE header ({needed} bytes).',
    'Le fichier est tronqué : il s’arrête après {available} octets, au milieu de son premier en-tête CWE ({needed} octets).',
  ),
  'header-crc-mismatch': l(
    'The {imageType} image at offset {offsetHex} has a corrupt header (CRC stored {stored}, computed {computed}).',
    'L’image {imageType} à l’offset {offsetHex} a un en-tête corrompu (CRC enregistré {stored}, calculé {computed}).',
  ),
  'image-crc-mismatch': l(
    'The {imageType} image at offset {offsetHex} is corrupt (CRC stored {stored}, computed {computed}).',
    'L’image {imageType} à l’offset {offsetHex} est corrompue (CRC enregistré {stored}, calculé {computed}).',
  ),
  'size-out-of-bounds.past-eof': l(
    'The file is incomplete: the {imageType} image should end at byte {declaredEnd} but the file ends at {limit} (interrupted download?).',
    'Le fichier est incomplet : l’image {imageType} devrait finir à l’octet {declaredEnd} mais le fichier s’arrête à {limit} (téléchargement interrompu ?).',
  ),
  'size-out-of-bounds.past-parent': l(
    'The {imageType} image at offset {offsetHex} claims to end at byte {declaredEnd}, past the end of the image that contains it ({limit}).',
    'L’image {imageType} à l’offset {offsetHex} prétend finir à l’octet {declaredEnd}, après la fin de l’image qui la contient ({limit}).',
  ),
  'size-out-of-bounds.zero': l(
    'The {imageType} image at offset {offsetHex} declares a size of 0 bytes.',
    'L’image {imageType} à l’offset {offsetHex} déclare une taille de 0 octet.',
  ),
  'size-out-of-bounds.trailing-data': l(
    'The file goes on for {extra} bytes after the end of its {imageType} image (byte {declaredEnd}).',
    'Le fichier continue sur {extra} octets après la fin de son image {imageType} (octet {declaredEnd}).',
  ),
  'depth-limit': l(
    'Images nest more than {limit} levels deep at offset {offsetHex}; inspection stops there.',
    'Les images sont imbriquées sur plus de {limit} niveaux à l’offset {offsetHex} ; l’inspection s’arrête là.',
  ),
  'non-printable': l(
    'The {field} field of the CWE header at offset {offsetHex} contains non-printable bytes.',
    'Le champ {field} de l’en-tête CWE à l’offset {offsetHex} contient des octets non imprimables.',
  ),
  'windows-installer': l(
    'This is a Windows program, not a firmware image. If it is a Sierra firmware installer (FDT2 .exe package), run it on a Windows PC, or download the .spk (or .cwe + .nvu) files for your module instead.',
    'Ceci est un programme Windows, pas une image firmware. Si c’est un installeur firmware Sierra (paquet FDT2 .exe), lancez-le sur un PC Windows, ou téléchargez plutôt les fichiers .spk (ou .cwe + .nvu) de votre module.',
  ),
  'windows-installer.sierra': l(
    'This is a Sierra Wireless Windows installer (FDT2 .exe package), not a firmware image: the firmware inside can only be unpacked by running it on a Windows PC. Download the .spk (or .cwe + .nvu) files for your module instead, and open those here.',
    'Ceci est un installeur Windows de Sierra Wireless (paquet FDT2 .exe), pas une image firmware : le firmware qu’il contient ne peut être extrait qu’en le lançant sur un PC Windows. Téléchargez plutôt les fichiers .spk (ou .cwe + .nvu) de votre module et ouvrez-les ici.',
  ),
  'zip-no-firmware': l(
    'The zip holds {count} file(s) but no firmware image (.spk, .cwe or .nvu): {names}.',
    'Le zip contient {count} fichier(s) mais aucune image firmware (.spk, .cwe ou .nvu) : {names}.',
  ),
  'zip-unreadable': l('The zip cannot be read: {detail}.', 'Le zip est illisible : {detail}.'),
  'zip-too-large': l(
    'The zip inflates to more than {limit} bytes, larger than any firmware package: it was not unpacked.',
    'Le zip se décompresse en plus de {limit} octets, plus qu’aucun paquet firmware : il n’a pas été décompressé.',
  ),
  'zip-too-many-entries': l(
    'The zip holds {count} files; a firmware package holds at most {limit}: it was not unpacked.',
    'Le zip contient {count} fichiers ; un paquet firmware en contient au plus {limit} : il n’a pas été décompressé.',
  ),
  'zip-ratio': l(
    '{name} inflates {ratio}:1, far beyond what firmware compresses to (at most {limit}:1): this is a zip bomb, it was not unpacked.',
    '{name} se décompresse à {ratio}:1, bien au-delà de ce que permet un firmware (au plus {limit}:1) : c’est une bombe zip, elle n’a pas été décompressée.',
  ),
  'zip-encrypted': l('{name} is encrypted in the zip: unzip it with its password first.', '{name} est chiffré dans le zip : décompressez-le d’abord avec son mot de passe.'),
  'zip-method': l(
    '{name} uses compression method {method}; only stored and deflate entries can be read.',
    '{name} utilise la méthode de compression {method} ; seules les entrées stockées et deflate sont lisibles.',
  ),
  'read-failed': l('The file could not be read: {detail}.', 'Le fichier n’a pas pu être lu : {detail}.'),
  // warnings
  'unknown-type': l(
    'The image at offset {offsetHex} has a type code no Sierra documentation lists ({imageType}).',
    'L’image à l’offset {offsetHex} a un code de type absent de la documentation Sierra ({imageType}).',
  ),
  'crc-indicator': l(
    'The {imageType} header at offset {offsetHex} does not mark its CRC as valid (indicator {value} instead of GOOD).',
    'L’en-tête {imageType} à l’offset {offsetHex} ne marque pas son CRC comme valide (indicateur {value} au lieu de GOOD).',
  ),
  'header-revision': l(
    'The {imageType} header at offset {offsetHex} has header revision {revision} (current tools write 3).',
    'L’en-tête {imageType} à l’offset {offsetHex} est en révision {revision} (les outils actuels écrivent 3).',
  ),
  padding: l(
    '{length} bytes at offset {offsetHex}, after the last image inside {imageType}, are not an image (padding).',
    '{length} octets à l’offset {offsetHex}, après la dernière image de {imageType}, ne sont pas une image (remplissage).',
  ),
  'product-differs': l(
    'The {imageType} image at offset {offsetHex} is for product {product}, the package for {topProduct}.',
    'L’image {imageType} à l’offset {offsetHex} est pour le produit {product}, le paquet pour {topProduct}.',
  ),
  'zip-large': l(
    'The zip inflates to {total} bytes, more than a firmware package usually is ({limit} bytes).',
    'Le zip se décompresse en {total} octets, plus qu’un paquet firmware habituel ({limit} octets).',
  ),
  'zip-other-files': l('The zip also holds {count} other file(s): {names}.', 'Le zip contient aussi {count} autre(s) fichier(s) : {names}.'),
} as const satisfies Record<string, Localized>;

export type IssueTextKey = keyof typeof ISSUE_TEXT;

/** Pieces of the one-line verdict. */
export const VERDICT_TEXT = {
  ok: l('{what}, {size} {unit}, all {crcs} CRCs good', '{what}, {size} {unit}, les {crcs} CRC sont bons'),
  okNoCrc: l('{what}, {size} {unit}', '{what}, {size} {unit}'),
  unitMiB: l('MiB', 'Mio'),
  unitKiB: l('KiB', 'Kio'),
  refused: l('Refused: {reason}', 'Refusé : {reason}'),
  firmwareAndCarrier: l('{name} firmware + carrier config', '{name} firmware + configuration opérateur'),
  firmwareOnly: l('{name} firmware', '{name} firmware'),
  carrierOnly: l('{name} carrier config', '{name} configuration opérateur'),
  unknownContents: l('{name} image', '{name} image'),
  zip: l('Zip with {count} firmware file(s): {first}', 'Zip avec {count} fichier(s) firmware : {first}'),
  compatible: l(' — compatible with the connected {model}', ' — compatible avec le {model} connecté'),
  compatibleTarget: l(' — compatible with {model}', ' — compatible avec {model}'),
  incompatible: l(' — not for the connected {model}', ' — pas pour le {model} connecté'),
  cautions: l(' (check: {list})', ' (à vérifier : {list})'),
  genericName: l('CWE', 'CWE'),
} as const satisfies Record<string, Localized>;

/** What the CWE image type codes mean (protocol-spec §1.5), for the tree's tooltips. */
export const IMAGE_TYPE_TEXT: Readonly<Record<string, Localized>> = {
  SPKG: l('Super package (whole firmware package)', 'Super-paquet (paquet firmware complet)'),
  BOOT: l('Boot composite: partition table and boot chain', 'Composite de démarrage : table de partitions et chaîne de boot'),
  MODM: l('Modem composite image', 'Image composite du modem'),
  APPL: l('Application composite image (Linux side)', 'Image composite applicative (côté Linux)'),
  FILE: l('Generic file container (carrier configuration…)', 'Conteneur de fichiers (configuration opérateur…)'),
  NVUP: l('NV update: carrier PRI / configuration items', 'Mise à jour NV : PRI opérateur / paramètres'),
  QPAR: l('Partition table', 'Table de partitions'),
  SBL1: l('Secondary boot loader 1', 'Chargeur d’amorçage secondaire 1'),
  SBL2: l('Secondary boot loader 2', 'Chargeur d’amorçage secondaire 2'),
  DSP2: l('Modem firmware (QDSP2)', 'Firmware modem (QDSP2)'),
  QRPM: l('Qualcomm RPM image', 'Image RPM Qualcomm'),
  TZON: l('Qualcomm TrustZone', 'TrustZone Qualcomm'),
  APBL: l('Apps boot loader (LK)', 'Chargeur d’amorçage applicatif (LK)'),
  APPS: l('Linux kernel', 'Noyau Linux'),
  SYST: l('Linux root file system', 'Système de fichiers racine Linux'),
  USER: l('User data partition', 'Partition de données utilisateur'),
  UAPP: l('User application image', 'Image d’application utilisateur'),
  AMSS: l('Modem software (AMSS)', 'Logiciel modem (AMSS)'),
  HDAT: l('HDATA partition image', 'Image de la partition HDATA'),
  META: l('Delta-update meta header', 'En-tête méta de mise à jour delta'),
};
