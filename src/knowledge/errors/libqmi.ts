/**
 * Plain-text errors printed by libqmi's `qmi-firmware-update` (and qmicli), with what each
 * means. Source: libqmi src/qmi-firmware-update/ strings and the fixtures cited in
 * at-knowledge.md §3.5; interpretations marked [I] there are phrased as likely causes.
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'libqmi qmi-firmware-update messages (at-knowledge.md §3.5)';

export interface LibqmiMessage extends ErrorEntry {
  readonly match: RegExp;
}

export const LIBQMI_MESSAGES: readonly LibqmiMessage[] = [
  {
    match: /download mode detected/i,
    ...entry('libqmi', null, 'download mode detected', REF, {
      meaning: { en: 'The module re-enumerated as a download device.', fr: 'Le module s’est ré-énuméré en périphérique de téléchargement.' },
      finding: 'download-mode',
    }),
  },
  {
    match: /sahara device creation failed:\s*no sahara response received/i,
    ...entry('libqmi', null, 'sahara device creation failed: no sahara response received', REF, {
      meaning: { en: 'No Sahara hello from the download port; the tool then tries QDL.', fr: 'Aucun « hello » Sahara sur le port de téléchargement ; l’outil essaie ensuite QDL.' },
    }),
  },
  {
    match: /qdl device creation failed:\s*unexpected response received in dload sdp/i,
    ...entry('libqmi', null, 'qdl device creation failed: unexpected response received in dload sdp', REF, {
      meaning: {
        en: 'The port answered like a DIAG port, not a QDL download port (likely the wrong port, or not in download mode).',
        fr: 'Le port a répondu comme un port DIAG et non comme un port de téléchargement QDL (probablement mauvais port, ou pas en mode téléchargement).',
      },
      finding: 'download-mode-not-entered',
    }),
  },
  {
    match: /unsupported download protocol/i,
    ...entry('libqmi', null, 'error: unsupported download protocol', REF, {
      meaning: { en: 'Neither Sahara nor QDL worked on the download port.', fr: 'Ni Sahara ni QDL n’ont fonctionné sur le port de téléchargement.' },
      nextSteps: [
        { en: 'Power-cycle with forced download mode (RC76xx: TP1 low at power-on) and retry.', fr: 'Redémarrer en mode téléchargement forcé (RC76xx : TP1 à la masse à la mise sous tension) et réessayer.' },
      ],
      finding: 'download-protocol-failed',
    }),
  },
  {
    match: /error creating device:\s*timed out waiting for the response/i,
    ...entry('libqmi', null, 'error: error creating device: timed out waiting for the response', REF, {
      meaning: { en: 'No answer on the download TTY.', fr: 'Aucune réponse sur le TTY de téléchargement.' },
      finding: 'download-protocol-failed',
    }),
  },
  {
    match: /couldn'?t open QMI device:\s*endpoint hangup/i,
    ...entry('libqmi', null, "error: couldn't open QMI device: endpoint hangup", REF, {
      meaning: { en: 'The QMI (cdc-wdm) device vanished while opening: typical of a USB boot loop.', fr: 'Le périphérique QMI (cdc-wdm) a disparu à l’ouverture : typique d’une boucle de démarrage USB.' },
      finding: 'boot-loop',
    }),
  },
  {
    match: /waiting for device at .* timed out|error waiting for TTY/i,
    ...entry('libqmi', null, "error: error waiting for TTY: waiting for device at '…' timed out", REF, {
      meaning: { en: 'The download TTY did not appear in time.', fr: 'Le TTY de téléchargement n’est pas apparu à temps.' },
      finding: 'download-mode-not-entered',
    }),
  },
  {
    match: /Resource busy|Device or resource busy|couldn'?t open .*busy/i,
    ...entry('libqmi', null, 'Device or resource busy', 'Linux errno EBUSY as printed by libqmi/qmicli', {
      meaning: { en: 'Another program (often ModemManager) has the port open.', fr: 'Un autre programme (souvent ModemManager) a ouvert le port.' },
      nextSteps: [{ en: 'Stop ModemManager or the other program, then retry.', fr: "Arrêter ModemManager ou l'autre programme, puis réessayer." }],
      finding: 'port-busy',
    }),
  },
];
