/**
 * What the decoder says for a code whose table row carries no causes or steps of its own (the big
 * standard tables hold names only): the steps that help for any code of that layer, marked as
 * general, and a plain statement that no specific cause is known. So every entry answers
 * "why?" and "what now?", honestly.
 */
import type { Localized } from '../../text/localized.ts';
import type { ErrorEntry, ErrorSource } from './types.ts';

const RECHECK: Localized = { en: 'Run “Check my modem”: it reads the module’s state and names what is wrong.', fr: 'Lancer «\u00a0Vérifier mon modem\u00a0»\u202f: il lit l’état du module et nomme ce qui ne va pas.' };
const LOG: Localized = { en: 'Read the lines of the log just before this code: they usually say which step failed.', fr: 'Lire les lignes du journal juste avant ce code\u202f: elles disent en général quelle étape a échoué.' };
const REDOWNLOAD: Localized = {
  en: 'Power-cycle the module into download mode (AT!BOOTHOLD, or TP1 on an RC76xx) and flash again with an image checked on the Firmware images page.',
  fr: 'Redémarrer le module en mode téléchargement (AT!BOOTHOLD, ou TP1 sur un RC76xx) et flasher de nouveau avec une image vérifiée dans la page Images firmware.',
};
const CABLE: Localized = { en: 'Use a direct USB port and a short cable; close other programs that hold the module’s ports.', fr: 'Utiliser un port USB direct et un câble court\u202f; fermer les autres programmes qui tiennent les ports du module.' };

export const GENERAL_STEPS: Readonly<Record<ErrorSource, readonly Localized[]>> = {
  qmi: [RECHECK, { en: 'Send the same request again after AT!RESET; if it keeps failing, export the session for support.', fr: 'Renvoyer la même requête après AT!RESET\u202f; si l’échec persiste, exporter la session pour le support.' }],
  'qmi-core': [
    { en: 'This error is raised on the computer by libqmi, not by the modem: check the device path, its permissions and that no other program (ModemManager) holds it.', fr: 'Cette erreur vient de libqmi sur l’ordinateur, pas du modem\u202f: vérifier le chemin du périphérique, ses droits et qu’aucun autre programme (ModemManager) ne le tient.' },
  ],
  cme: [RECHECK, { en: 'Ask the module why with AT+CEER after a failed call; check the command’s syntax in the module’s AT reference.', fr: 'Demander la raison au module avec AT+CEER après un appel échoué\u202f; vérifier la syntaxe de la commande dans la référence AT du module.' }],
  cms: [{ en: 'Check the SMS centre number (AT+CSCA?) and the message storage (AT+CPMS?), then send again.', fr: 'Vérifier le numéro du centre SMS (AT+CSCA?) et la mémoire des messages (AT+CPMS?), puis renvoyer.' }, RECHECK],
  fdt2: [LOG, CABLE, REDOWNLOAD],
  fwdwl: [LOG, CABLE, REDOWNLOAD],
  'fwdwl-exit': [LOG, REDOWNLOAD],
  sahara: [CABLE, REDOWNLOAD],
  firehose: [LOG, REDOWNLOAD],
  qdl: [CABLE, REDOWNLOAD],
  libqmi: [LOG, CABLE, REDOWNLOAD],
  kernel: [CABLE, { en: 'Look at the kernel log (dmesg) while plugging the module in: a port that appears and vanishes means the module restarts.', fr: 'Regarder le journal du noyau (dmesg) en branchant le module\u202f: un port qui apparaît et disparaît signifie que le module redémarre.' }],
};

export interface DecoderGuidance {
  readonly causes: readonly Localized[];
  /** False when no table or source we know gives a cause for this code. */
  readonly causesKnown: boolean;
  readonly nextSteps: readonly Localized[];
  /** True when the steps are the layer's general ones, not written for this code. */
  readonly stepsGeneral: boolean;
}

export function guidanceFor(e: ErrorEntry): DecoderGuidance {
  const own = e.nextSteps.length > 0;
  return { causes: e.causes, causesKnown: e.causes.length > 0, nextSteps: own ? e.nextSteps : GENERAL_STEPS[e.source], stepsGeneral: !own };
}
