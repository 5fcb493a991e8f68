/**
 * fwdwl-lite / fw-download-tool (Sierra MBPL lite-fw): the library's download error codes,
 * printed as `FW download failed: <NAME>(<n>)` or `FW download failed: <n>`, and the
 * application's process exit codes. 120–122 exist in both tables; the printed text tells them
 * apart. Source: lite-fw `inc/lite-fw.h` (enums litefw_fwdwl_error_codes, litefw_app_error_code)
 * via at-knowledge.md §3.2–3.3.
 */
import { entry, type ErrorEntry } from './types.ts';

const LIB = 'lite-fw.h litefw_fwdwl_error_codes (at-knowledge.md §3.2)';
const APP = 'lite-fw.h litefw_app_error_code (at-knowledge.md §3.3)';

const rows: readonly (readonly [number, string])[] = [
  [0, 'Success'],
  [100, 'General firmware-download error'],
  [101, 'SDK-specific error'],
  [102, 'Setting SDK callbacks failed'],
  [103, 'Path too long'],
  [104, 'Mandatory SDK/firmware path not given'],
  [105, 'Post-download check failed: firmware or PRI version not what was expected'],
  [106, 'Invalid device'],
  [107, 'Invalid path, or no usable .cwe/.nvu/.spk in it'],
  [108, 'Download timed out'],
  [109, 'Download failed'],
  [110, 'PRI download failed'],
  [111, 'Firmware version mismatch after download'],
  [112, 'Timeout entering SDP (Sierra download protocol) mode'],
  [113, '(reserved)'],
  [114, 'Sahara state error'],
  [115, 'No image to download'],
  [116, 'Error while sending data'],
  [117, 'Out of sync with device'],
  [118, 'Could not read the SPKG string from the image file'],
  [119, 'Invalid argument'],
  [120, 'Firehose state timeout or error'],
  [121, 'Device reported an error during Firehose'],
  [122, 'Device not answering in Sahara'],
];

export const FWDWL_ERRORS: readonly ErrorEntry[] = rows.map(([code, name]) => {
  switch (code) {
    case 107:
    case 115:
      return entry('fwdwl', code, name, LIB, {
        meaning: { en: 'The tool found no image it recognises in the folder or file given.', fr: "L'outil n'a trouvé aucune image reconnue dans le dossier ou le fichier indiqué." },
        causes: [{ en: 'An RC76 .spk with an older MBPL release that does not know it.', fr: 'Un .spk RC76 avec une version MBPL trop ancienne qui ne le reconnaît pas.' }],
        finding: 'image-rejected',
      });
    case 112:
      return entry('fwdwl', code, name, LIB, { finding: 'download-mode-not-entered' });
    case 114:
    case 120:
    case 122:
      return entry('fwdwl', code, name, LIB, {
        meaning: { en: 'The download protocol stopped: the module stopped answering or answered out of sequence.', fr: 'Le protocole de téléchargement s’est arrêté : le module ne répond plus ou répond hors séquence.' },
        nextSteps: [
          { en: 'Power-cycle the module, force download mode, and retry on a direct USB port (no hub or adapter).', fr: 'Redémarrer le module, forcer le mode téléchargement et réessayer sur un port USB direct (sans hub ni adaptateur).' },
        ],
        finding: 'download-protocol-failed',
      });
    case 121:
      return entry('fwdwl', code, name, LIB, {
        meaning: { en: 'The module refused the image during Firehose.', fr: "Le module a refusé l'image pendant Firehose." },
        causes: [
          { en: 'A refused downgrade ("Invalid image type").', fr: 'Un retour en arrière refusé (« Invalid image type »).' },
          { en: 'An image for another module family in the folder.', fr: "Une image d'une autre famille de modules dans le dossier." },
        ],
        finding: 'image-rejected',
      });
    case 105:
    case 111:
      return entry('fwdwl', code, name, LIB, { finding: 'carrier-mismatch' });
    default:
      return entry('fwdwl', code, name, LIB);
  }
});

const exitRows: readonly (readonly [number, string])[] = [
  [0, 'OK'],
  [101, 'Generic error (check log)'],
  [102, 'Invalid arguments'],
  [103, 'QMI communication error'],
  [104, 'A lite-fw API call failed'],
  [105, 'Modem state unknown (maybe not connected)'],
  [106, 'Could not set crash action to reset'],
  [107, 'Could not determine model family'],
  [108, 'QDL communication error'],
  [109, 'Sending a QMI request failed'],
  [110, 'Waiting for a QMI response failed'],
  [111, 'Switching operating mode failed'],
  [112, 'QMUX transport init failed'],
  [113, 'Could not get a QMI service client id'],
  [114, 'Sync-object init failed'],
  [115, 'Device did not enter download mode'],
  [116, 'Device did not return to application mode'],
  [117, 'No image to download'],
  [118, 'Packing a QMI object failed'],
  [119, 'Unpacking a QMI object failed'],
  [120, 'Conflict with ModemManager'],
  [121, 'Device unresponsive in BOOT&HOLD (download) mode'],
  [122, 'Control-service init failed'],
  [123, 'Device removed unexpectedly'],
  [124, 'Images not stored in device firmware slots'],
];

const FINDING_BY_EXIT: Readonly<Record<number, ErrorEntry['finding']>> = {
  105: 'device-not-found',
  115: 'download-mode-not-entered',
  117: 'image-rejected',
  120: 'port-busy',
  121: 'download-protocol-failed',
  123: 'boot-loop',
  124: 'image-rejected',
};

export const FWDWL_EXIT_CODES: readonly ErrorEntry[] = exitRows.map(([code, name]) =>
  code === 120
    ? entry('fwdwl-exit', code, name, APP, {
        meaning: { en: 'ModemManager holds the module; the tool refuses to run beside it.', fr: 'ModemManager tient le module ; l’outil refuse de fonctionner en parallèle.' },
        nextSteps: [
          { en: 'Stop ModemManager (systemctl stop ModemManager) or add the udev ignore rule, then retry.', fr: 'Arrêter ModemManager (systemctl stop ModemManager) ou ajouter la règle udev d’exclusion, puis réessayer.' },
        ],
        finding: 'port-busy',
      })
    : entry('fwdwl-exit', code, name, APP, { finding: FINDING_BY_EXIT[code] ?? undefined }),
);
