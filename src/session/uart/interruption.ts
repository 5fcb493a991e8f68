/**
 * What state the module is in after a UART update stopped, and what to do next — per phase,
 * because that is what decides it: before the install nothing on the module changed; during the
 * transfer the partial package is discarded (a retry is a fresh transfer from byte 0, never a
 * silent partial); during the install or the restart the module either finishes on its own or
 * falls back to the old firmware, and only reading the version tells which.
 */
import type { Localized } from '../../knowledge/firmware/inspection-text.ts';
import type { UartUpdateError } from './errors.ts';

export interface Advice {
  readonly moduleState: Localized;
  readonly next: Localized;
  /** Offer "start again" (always a fresh transfer). */
  readonly retry: boolean;
}

export function interruptionAdvice(e: Pick<UartUpdateError, 'code' | 'phase'>): Advice {
  if (e.code === 'image-refused' || e.code === 'image-too-large')
    return {
      moduleState: { en: 'Nothing was sent: the module runs its old firmware, unchanged.', fr: 'Rien n’a été envoyé : le module garde son ancien firmware, inchangé.' },
      next: { en: 'Choose the package made for this module (the check names its product line).', fr: 'Choisissez le paquet prévu pour ce module (la vérification indique sa gamme).' },
      retry: false,
    };
  if (e.code === 'write-busy')
    return {
      moduleState: { en: 'Nothing was sent: the module runs its old firmware, unchanged.', fr: 'Rien n’a été envoyé : le module garde son ancien firmware, inchangé.' },
      next: { en: 'Another Boothold tab is writing firmware (or applying an app update): wait until it ends, then start again.', fr: 'Un autre onglet Boothold écrit un firmware (ou applique une mise à jour de l’application) : attendez la fin, puis recommencez.' },
      retry: true,
    };
  switch (e.phase) {
    case 'checks':
    case 'baud':
      return {
        moduleState: { en: 'Nothing was written: the module runs its old firmware.', fr: 'Rien n’a été écrit : le module garde son ancien firmware.' },
        next:
          e.code === 'no-answer'
            ? { en: 'Check the wiring (TX↔RX crossed, RTS/CTS, ground), the rate (module default 115200) and that no other program holds the port, then check again.', fr: 'Vérifiez le câblage (TX↔RX croisés, RTS/CTS, masse), le débit (115200 par défaut) et qu’aucun autre programme ne tient le port, puis relancez la vérification.' }
            : { en: 'Fix what the check names, then check again.', fr: 'Corrigez ce que la vérification signale, puis relancez-la.' },
        retry: true,
      };
    case 'transfer':
      return {
        moduleState: { en: 'The transfer stopped: the module keeps running its old firmware and discards the partial package.', fr: 'Le transfert s’est arrêté : le module garde son ancien firmware et abandonne le paquet partiel.' },
        next:
          e.code === 'xmodem-too-many-retries'
            ? { en: 'The line corrupts data: enable hardware flow control on both sides, use a lower rate or a shorter cable, then start again (a fresh transfer from the start).', fr: 'La ligne abîme les données : activez le contrôle de flux matériel des deux côtés, baissez le débit ou raccourcissez le câble, puis recommencez (nouveau transfert depuis le début).' }
            : { en: 'Reconnect the adapter or restore power, wait for the module to answer, then start again: the package is sent again from the start.', fr: 'Rebranchez l’adaptateur ou rétablissez l’alimentation, attendez que le module réponde, puis recommencez : le paquet est renvoyé depuis le début.' },
        retry: true,
      };
    case 'install':
      return {
        moduleState:
          e.code === 'install-refused'
            ? { en: 'The module refused the package and keeps its old firmware.', fr: 'Le module a refusé le paquet et garde son ancien firmware.' }
            : { en: 'The module holds the package; it may or may not have started installing. Do not cut its power.', fr: 'Le module a le paquet ; il a peut-être commencé l’installation. Ne coupez pas son alimentation.' },
        next:
          e.code === 'install-refused'
            ? { en: 'Use the package for this module’s product and carrier, then start again.', fr: 'Prenez le paquet prévu pour ce produit et cet opérateur, puis recommencez.' }
            : { en: 'Wait two minutes, reconnect, and run the check: it reads the version and says whether the update applied.', fr: 'Attendez deux minutes, reconnectez-vous et lancez la vérification : elle relit la version et dit si la mise à jour s’est appliquée.' },
        retry: true,
      };
    case 'reboot':
    case 'verify':
      return {
        moduleState:
          e.code === 'install-not-applied'
            ? { en: 'The module restarted on its old firmware: the update did not apply (power loss or refusal during install).', fr: 'Le module a redémarré sur son ancien firmware : la mise à jour ne s’est pas appliquée (coupure ou refus pendant l’installation).' }
            : { en: 'The module is installing or restarting; on failure it falls back to its old firmware.', fr: 'Le module installe ou redémarre ; en cas d’échec il revient à son ancien firmware.' },
        next: { en: 'Keep it powered, reconnect in a few minutes and run the check to read its version; start again if it is unchanged.', fr: 'Laissez-le alimenté, reconnectez-vous dans quelques minutes et lancez la vérification pour lire sa version ; recommencez si elle n’a pas changé.' },
        retry: true,
      };
  }
}
