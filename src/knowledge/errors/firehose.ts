/**
 * Firehose has no numeric error codes: the device answers ACK or NAK and explains in
 * `<log value="…"/>` lines. These are the markers worth recognising (Sierra SDK firehose.c
 * and libqmi's Firehose client, via protocol-spec.md §3.3).
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'Sierra SDK firehose.c / libqmi Firehose client (protocol-spec.md §3.3)';

export interface FirehoseMarker extends ErrorEntry {
  /** Case-insensitive text that identifies the marker in a log. */
  readonly match: RegExp;
}

export const FIREHOSE_MARKERS: readonly FirehoseMarker[] = [
  {
    match: /response value="NAK"/i,
    ...entry('firehose', null, 'NAK', REF, {
      meaning: { en: 'The device refused the last Firehose command; its <log> lines say why.', fr: 'Le module a refusé la dernière commande Firehose ; ses lignes <log> en donnent la raison.' },
      finding: 'download-protocol-failed',
    }),
  },
  {
    match: /HANDLE_PROGRAM_FAILURE/i,
    ...entry('firehose', null, 'HANDLE_PROGRAM_FAILURE', REF, {
      meaning: { en: 'Writing the image failed on the device.', fr: "L'écriture de l'image a échoué sur le module." },
      finding: 'download-protocol-failed',
    }),
  },
  {
    match: /SWI Error Code/i,
    ...entry('firehose', null, 'SWI Error Code', REF, {
      meaning: { en: 'Sierra-specific failure reported during Firehose.', fr: 'Échec propre à Sierra signalé pendant Firehose.' },
      finding: 'download-protocol-failed',
    }),
  },
  {
    match: /Invalid image type/i,
    ...entry('firehose', null, 'Invalid image type', 'EM9293 fwdwl log (at-knowledge.md §4.5)', {
      meaning: { en: 'The device refused the image: wrong type, or a downgrade it does not allow.', fr: "Le module a refusé l'image : mauvais type, ou retour en arrière non autorisé." },
      finding: 'image-rejected',
    }),
  },
  {
    match: /XML not formed correctly/i,
    ...entry('firehose', null, 'XML not formed correctly', REF, {
      meaning: {
        en: 'Usually harmless: the device complains about the end-of-data padding block; the next command is retried.',
        fr: 'Généralement sans gravité : le module se plaint du bloc de remplissage de fin de données ; la commande suivante est renvoyée.',
      },
    }),
  },
];
