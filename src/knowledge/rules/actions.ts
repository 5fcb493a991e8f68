/**
 * The fixes a finding can offer as a button. Each is a short, fixed AT sequence; anything that
 * writes is confirmed by the user first. Sources: at-knowledge.md §0 fact 1 and §6 (image
 * preference and its unlock), 27.007 (+CFUN, +CGDCONT).
 */
import type { FixAction } from './types.ts';

export function setImagePreference(carrier: string): FixAction {
  return {
    id: `set-impref-${carrier.toLowerCase()}`,
    label: { en: `Switch to the ${carrier} image and restart`, fr: `Passer à l’image ${carrier} et redémarrer` },
    commands: [`AT!IMPREF="${carrier}"`, 'AT!RESET'],
    writes: true,
    needsUnlock: true,
    resets: true,
    confirm: {
      en: `This unlocks protected commands (AT!ENTERCND), sets the preferred carrier image to ${carrier} and restarts the module. The port disappears for about 30 seconds.`,
      fr: `Cela déverrouille les commandes protégées (AT!ENTERCND), règle l’image opérateur préférée sur ${carrier} et redémarre le module. Le port disparaît pendant environ 30 secondes.`,
    },
  };
}

export const RADIO_ON: FixAction = {
  id: 'radio-on',
  label: { en: 'Turn the radio on (AT+CFUN=1)', fr: 'Allumer la radio (AT+CFUN=1)' },
  commands: ['AT+CFUN=1'],
  writes: true,
  needsUnlock: false,
  resets: false,
  confirm: { en: 'Turn the radio on (AT+CFUN=1)?', fr: 'Allumer la radio (AT+CFUN=1) ?' },
};

export function setApn(cid: number, pdpType: string, apn: string): FixAction {
  return {
    id: `set-apn-${apn}`,
    label: { en: `Set APN "${apn}" on context ${cid}`, fr: `Régler l’APN « ${apn} » sur le contexte ${cid}` },
    commands: [`AT+CGDCONT=${cid},"${pdpType}","${apn}"`],
    writes: true,
    needsUnlock: false,
    resets: false,
    confirm: {
      en: `Write APN "${apn}" (${pdpType}) to PDP context ${cid}? The previous value is replaced.`,
      fr: `Écrire l’APN « ${apn} » (${pdpType}) dans le contexte PDP ${cid} ? L’ancienne valeur est remplacée.`,
    },
  };
}

export const RESET: FixAction = {
  id: 'reset',
  label: { en: 'Restart the module (AT!RESET)', fr: 'Redémarrer le module (AT!RESET)' },
  commands: ['AT!RESET'],
  writes: true,
  needsUnlock: false,
  resets: true,
  confirm: { en: 'Restart the module now?', fr: 'Redémarrer le module maintenant ?' },
};
