/**
 * FDT2 (Windows Firmware Download Tool) failure codes as printed in its report
 * (`Primary error code: <n> - <text>`, `Secondary error code: …`, `Device error code: 0x…`).
 * Source: at-knowledge.md §3.1 (codes seen in real FDT2 logs; interpretation [I] marked).
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'FDT2 logs (at-knowledge.md §3.1)';
const RMNET = {
  en: 'FDT2 checks the update status over the QMI network adapter, so RMNET must be in the USB composition (Sierra support, forum thread 23505).',
  fr: "FDT2 vérifie l'état de la mise à jour via l'adaptateur réseau QMI : RMNET doit figurer dans la composition USB (support Sierra, fil 23505 du forum).",
};

export type Fdt2Kind = 'primary' | 'secondary' | 'device';

export const FDT2_ERRORS: readonly (ErrorEntry & { readonly kind: Fdt2Kind })[] = [
  {
    kind: 'primary',
    ...entry('fdt2', 14, 'No MBN adapter available.', REF, {
      meaning: { en: 'FDT2 found no usable network (MBN/QMI) adapter for the module.', fr: "FDT2 n'a trouvé aucun adaptateur réseau (MBN/QMI) utilisable pour le module." },
      causes: [RMNET, { en: 'The module did not come back after a power failure or a flash.', fr: "Le module n'est pas revenu après une coupure d'alimentation ou un flash." }],
      nextSteps: [
        { en: 'Check that the composition includes rmnet (AT!USBCOMP? after AT!ENTERCND).', fr: 'Vérifier que la composition inclut rmnet (AT!USBCOMP? après AT!ENTERCND).' },
        { en: 'If the module no longer answers, force download mode and re-flash.', fr: 'Si le module ne répond plus, forcer le mode téléchargement et reflasher.' },
      ],
      finding: 'download-protocol-failed',
    }),
  },
  {
    kind: 'primary',
    ...entry('fdt2', 51, 'Failed to switch device to BOOT&HOLD mode.', REF, {
      meaning: { en: 'The module did not enter download (boot-and-hold) mode.', fr: "Le module n'est pas passé en mode téléchargement (boot-and-hold)." },
      nextSteps: [{ en: 'Send AT!BOOTHOLD to the module first (one module at a time on a hub).', fr: "Envoyer d'abord AT!BOOTHOLD au module (un module à la fois sur un hub)." }],
      finding: 'download-mode-not-entered',
    }),
  },
  {
    kind: 'secondary',
    ...entry('fdt2', 201, 'Failed to switch device to QDL mode.', REF, { finding: 'download-mode-not-entered' }),
  },
  {
    kind: 'primary',
    ...entry('fdt2', 82, 'Failed in checking modem mode.', REF, {
      meaning: { en: 'FDT2 could not determine the module mode over the network adapter.', fr: 'FDT2 n’a pas pu déterminer le mode du module via l’adaptateur réseau.' },
      causes: [RMNET, { en: 'A Windows driver error (code 10) on the adapter.', fr: "Une erreur de pilote Windows (code 10) sur l'adaptateur." }],
      nextSteps: [
        { en: 'In the Device Manager, check the module’s network adapter has no warning; reinstall the Sierra driver package if it has.', fr: 'Dans le Gestionnaire de périphériques, vérifier que l’adaptateur réseau du module n’a pas d’avertissement ; sinon réinstaller les pilotes Sierra.' },
        { en: 'Close any other program using the module, unplug and re-plug it, then run FDT2 again.', fr: 'Fermer tout autre programme qui utilise le module, le débrancher et le rebrancher, puis relancer FDT2.' },
        { en: 'Or put the module in download mode first (AT!BOOTHOLD, or TP1 on an RC76xx) and flash it from the Flash page.', fr: 'Ou mettre d’abord le module en mode téléchargement (AT!BOOTHOLD, ou TP1 sur un RC76xx) et le flasher depuis la page Flasher.' },
      ],
      finding: 'download-protocol-failed',
    }),
  },
  {
    kind: 'secondary',
    ...entry('fdt2', 5, 'Neither NDIS adapter nor serial port is available.', REF, {
      causes: [{ en: 'Driver missing or failing (Windows code 10).', fr: 'Pilote absent ou en échec (code 10 Windows).' }],
      finding: 'device-not-found',
    }),
  },
  { kind: 'secondary', ...entry('fdt2', 0, 'Not applicable.', REF) },
  {
    kind: 'primary',
    ...entry('fdt2', 84, 'Failed in checking FW update status.', REF, { causes: [RMNET], finding: 'download-protocol-failed' }),
  },
  {
    kind: 'secondary',
    ...entry('fdt2', 84, 'Failed in checking FW update status.', REF, { causes: [RMNET], finding: 'download-protocol-failed' }),
  },
  { kind: 'device', ...entry('fdt2', 0, 'Unknown device error code.', REF) },
];
