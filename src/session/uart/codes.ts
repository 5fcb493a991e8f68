/**
 * What the module's update reports mean. `+WDSI` events and the `AT+WDSI` mask are documented
 * by Sierra for HL76xx/HL7518/WP75-77 (docs/uart-update.md §3, [C]); the `+WFWUPD` values are
 * not documented anywhere we found: the table says what we observed and what we infer, and the
 * job never trusts a code alone — the firmware version read after the reboot decides.
 */
import type { Localized } from '../../knowledge/firmware/inspection-text.ts';

export interface UrcMeaning {
  readonly text: Localized;
  /** What the job does with it. */
  readonly role: 'info' | 'install-request' | 'certified' | 'refused' | 'installing' | 'success' | 'failure' | 'progress';
  /** Documented by Sierra (true) or our reading of forum logs (false). */
  readonly documented: boolean;
}

export const WDSI_EVENTS: Readonly<Record<number, UrcMeaning>> = {
  0: { role: 'info', documented: true, text: { en: 'Device services are initialised.', fr: 'Les services du module sont initialisés.' } },
  1: { role: 'info', documented: true, text: { en: 'The AirVantage server asks to connect (user agreement).', fr: 'Le serveur AirVantage demande une connexion (accord de l’utilisateur).' } },
  2: { role: 'info', documented: true, text: { en: 'The server asks to download a package (user agreement).', fr: 'Le serveur demande à télécharger un paquet (accord de l’utilisateur).' } },
  3: { role: 'install-request', documented: true, text: { en: 'A package is stored and the module asks whether to install it now.', fr: 'Un paquet est enregistré et le module demande s’il doit l’installer maintenant.' } },
  4: { role: 'info', documented: true, text: { en: 'Authentication with the server starts.', fr: 'L’authentification auprès du serveur commence.' } },
  5: { role: 'info', documented: true, text: { en: 'Authentication with the server failed.', fr: 'L’authentification auprès du serveur a échoué.' } },
  6: { role: 'info', documented: true, text: { en: 'A server session starts.', fr: 'Une session avec le serveur commence.' } },
  7: { role: 'info', documented: true, text: { en: 'The server session failed.', fr: 'La session avec le serveur a échoué.' } },
  8: { role: 'info', documented: true, text: { en: 'The server session ended.', fr: 'La session avec le serveur est terminée.' } },
  9: { role: 'info', documented: true, text: { en: 'A package is available on the server.', fr: 'Un paquet est disponible sur le serveur.' } },
  10: { role: 'info', documented: true, text: { en: 'The package is downloaded and stored.', fr: 'Le paquet est téléchargé et enregistré.' } },
  11: { role: 'failure', documented: true, text: { en: 'The package could not be stored (no space, or a flash problem).', fr: 'Le paquet n’a pas pu être enregistré (plus de place, ou problème de mémoire flash).' } },
  12: { role: 'certified', documented: true, text: { en: 'The module certified the package (it is for this module and intact).', fr: 'Le module a certifié le paquet (il est pour ce module et intact).' } },
  13: { role: 'refused', documented: true, text: { en: 'The module did not certify the package: it is for another product or damaged.', fr: 'Le module n’a pas certifié le paquet : il est pour un autre produit ou abîmé.' } },
  14: { role: 'installing', documented: true, text: { en: 'The update is being installed; the module will restart.', fr: 'La mise à jour s’installe ; le module va redémarrer.' } },
  15: { role: 'failure', documented: true, text: { en: 'The update finished unsuccessfully: the old firmware stays.', fr: 'La mise à jour s’est terminée en échec : l’ancien firmware reste.' } },
  16: { role: 'success', documented: true, text: { en: 'The update finished successfully.', fr: 'La mise à jour s’est terminée avec succès.' } },
  17: { role: 'info', documented: true, text: { en: 'Fallback (reserved on most products).', fr: 'Repli (réservé sur la plupart des produits).' } },
  18: { role: 'progress', documented: true, text: { en: 'Download progress (percent).', fr: 'Progression du téléchargement (pour cent).' } },
  21: { role: 'info', documented: true, text: { en: 'Provisioning (some products).', fr: 'Provisionnement (certains produits).' } },
  23: { role: 'info', documented: true, text: { en: 'Session type (LWM2M).', fr: 'Type de session (LWM2M).' } },
  24: { role: 'info', documented: true, text: { en: 'The server asks for a reboot.', fr: 'Le serveur demande un redémarrage.' } },
};

/**
 * The `AT+WDSI` bits the job switches on: 2 (events 1–3: the install request), 32 (12–13:
 * certification), 64 (14–16: install and its result), 16 (9–11: storage). 4095 enables all
 * documented ones; we ask only for what we explain.
 */
export const WDSI_LEVEL = 2 | 16 | 32 | 64;

export const WFWUPD_RESULTS: Readonly<Record<number, UrcMeaning>> = {
  0: {
    role: 'success',
    documented: false,
    text: { en: 'The module reports the installation done (our reading; the version read after the restart confirms it).', fr: 'Le module signale l’installation terminée (notre lecture ; la version relue après le redémarrage le confirme).' },
  },
  1: {
    role: 'failure',
    documented: false,
    text: {
      en: 'The module reports the installation failed or its status unknown (as Sierra’s host tool words it in forum thread 31738).',
      fr: 'Le module signale l’installation en échec ou d’état inconnu (comme l’outil de Sierra le formule dans le fil 31738 du forum).',
    },
  },
};

export function wdsiMeaning(event: number): UrcMeaning {
  return (
    WDSI_EVENTS[event] ?? {
      role: 'info',
      documented: false,
      text: { en: `Event ${event} is reserved or not documented; Boothold ignores it.`, fr: `L’événement ${event} est réservé ou non documenté ; Boothold l’ignore.` },
    }
  );
}

export function wfwupdMeaning(value: number): UrcMeaning {
  return (
    WFWUPD_RESULTS[value] ?? {
      role: 'failure',
      documented: false,
      text: { en: `Value ${value} is not documented; Boothold treats it as "not confirmed" and checks the version.`, fr: `La valeur ${value} n’est pas documentée ; Boothold la traite comme « non confirmé » et vérifie la version.` },
    }
  );
}

export interface ParsedUrc {
  readonly kind: 'wdsi' | 'wfwupd';
  readonly value: number;
  readonly data: string | null;
  readonly meaning: UrcMeaning;
}

export function parseUpdateUrc(line: string): ParsedUrc | null {
  const m = /^\+(WDSI|WFWUPD):\s*(\d+)\s*(?:,\s*(.*))?$/i.exec(line.trim());
  if (!m) return null;
  const value = Number(m[2]);
  const kind = m[1]!.toUpperCase() === 'WDSI' ? 'wdsi' : 'wfwupd';
  return { kind, value, data: m[3] ?? null, meaning: kind === 'wdsi' ? wdsiMeaning(value) : wfwupdMeaning(value) };
}
