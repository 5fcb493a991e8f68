/**
 * French elides "de" before a vowel sound, names included: "l’APN d’Orange", "de SFR".
 * Operator names come from data, so the rule text cannot spell the preposition in advance.
 */
export function deFr(name: string): string {
  return /^[aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊÎÔÛ]/.test(name) ? `d’${name}` : `de ${name}`;
}
