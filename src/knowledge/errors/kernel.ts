/**
 * Linux kernel (dmesg / journalctl -k) USB messages that explain a missing or flapping modem.
 * The texts are the kernel's own (drivers/usb/core/hub.c, usb-serial); errno values are
 * Linux's. Interpretations are ours and phrased as likely causes.
 */
import { entry, type ErrorEntry } from './types.ts';

const REF = 'Linux kernel USB core messages (drivers/usb/core/hub.c); errno per asm-generic/errno.h';

export interface KernelMessage extends ErrorEntry {
  readonly match: RegExp;
}

const CABLE = { en: 'Check the cable, the connector and the power supply; try another port without a hub.', fr: "Vérifier le câble, le connecteur et l'alimentation ; essayer un autre port sans hub." };

export const KERNEL_MESSAGES: readonly KernelMessage[] = [
  {
    match: /unable to enumerate USB device/i,
    ...entry('kernel', null, 'unable to enumerate USB device', REF, {
      meaning: { en: 'The host saw the device but could not read its descriptors.', fr: "L'hôte a vu le périphérique mais n'a pas pu lire ses descripteurs." },
      nextSteps: [CABLE],
      finding: 'device-not-found',
    }),
  },
  {
    match: /device descriptor read\/\d+, error -(\d+)/i,
    ...entry('kernel', null, 'device descriptor read error', REF, {
      meaning: { en: 'USB enumeration failed (signal integrity or power).', fr: "L'énumération USB a échoué (intégrité du signal ou alimentation)." },
      nextSteps: [CABLE],
      finding: 'device-not-found',
    }),
  },
  {
    match: /device not accepting address \d+, error -(\d+)/i,
    ...entry('kernel', null, 'device not accepting address', REF, { nextSteps: [CABLE], finding: 'device-not-found' }),
  },
  {
    match: /over-current condition/i,
    ...entry('kernel', null, 'over-current condition', REF, {
      meaning: { en: 'The port cut power: the module draws more than the port provides.', fr: 'Le port a coupé l’alimentation : le module consomme plus que ce que le port fournit.' },
      nextSteps: [{ en: 'Use a powered hub or a supply sized for the module’s peaks.', fr: 'Utiliser un hub alimenté ou une alimentation dimensionnée pour les pointes du module.' }],
    }),
  },
];
