/**
 * How a write job ended, as data: refused before the first byte, failed while talking to the
 * module, or written — and then verified, not verified (no port to read back) or written but
 * not taken (the module runs another version). Each written kind has its words in EN and FR,
 * so "done" is only said when the module was read back.
 */
import type { Localized } from '../../text/localized.ts';
import type { DownloadResult } from '../download/engine.ts';
import type { DownloadError } from '../download/errors.ts';
import type { Verification } from './read-back.ts';
import type { WriteRefusal } from './refusal.ts';

export type WriteOutcome =
  /** Nothing was sent: the check (or the cross-tab guard) said no. */
  | { readonly kind: 'refused'; readonly refusal: WriteRefusal }
  /** The engine failed (or was cancelled); `error.writeStarted` says whether the module was touched. */
  | { readonly kind: 'failed'; readonly error: DownloadError }
  /** Written, reset, and read back with the image's version and carrier. */
  | { readonly kind: 'verified'; readonly result: DownloadResult; readonly verification: Extract<Verification, { kind: 'verified' }> }
  /** Written and reset, but nothing could read it back: not "done". */
  | { readonly kind: 'not-verified'; readonly result: DownloadResult; readonly verification: Extract<Verification, { kind: 'not-verified' }> }
  /** Written, but the module came back with another version or carrier. */
  | { readonly kind: 'mismatch'; readonly result: DownloadResult; readonly verification: Extract<Verification, { kind: 'mismatch' }> };

export const OUTCOME_TEXT = {
  verified: {
    en: 'Done: the module restarted and runs firmware {firmware}, carrier {carrier}, as the image says.',
    fr: 'Terminé : le module a redémarré avec le firmware {firmware}, opérateur {carrier}, comme l’annonce l’image.',
  },
  'not-verified.no-port': {
    en: 'Written, not verified: the reset was sent, but this path has no AT port to read the version back. Connect the module in normal mode and check its version.',
    fr: 'Écrit, non vérifié : la réinitialisation a été envoyée, mais ce chemin n’a pas de port AT pour relire la version. Connectez le module en mode normal et vérifiez sa version.',
  },
  'not-verified.not-back': {
    en: 'Written, not verified: the module did not come back on an AT port this page may open within {seconds} s. Reconnect it in normal mode and check its version.',
    fr: 'Écrit, non vérifié : le module n’est pas revenu dans les {seconds} s sur un port AT que cette page peut ouvrir. Reconnectez-le en mode normal et vérifiez sa version.',
  },
  'not-verified.silent': {
    en: 'Written, not verified: the module came back but did not say which firmware it runs. Check its version with ATI.',
    fr: 'Écrit, non vérifié : le module est revenu sans indiquer quel firmware il exécute. Vérifiez sa version avec ATI.',
  },
  'mismatch.firmware': {
    en: 'Written, but the module came back with firmware {found} instead of {expected}: the update did not take. Flash the image again; if it repeats, keep the session log for support.',
    fr: 'Écrit, mais le module est revenu avec le firmware {found} au lieu de {expected} : la mise à jour n’a pas pris. Flashez de nouveau l’image ; si cela se répète, gardez le journal de session pour le support.',
  },
  'mismatch.carrier': {
    en: 'Written, but the module came back with carrier {found} instead of {expected}. Select the carrier image (AT!IMPREF) or flash the image again.',
    fr: 'Écrit, mais le module est revenu avec l’opérateur {found} au lieu de {expected}. Sélectionnez l’image opérateur (AT!IMPREF) ou flashez de nouveau l’image.',
  },
} as const satisfies Record<string, Localized>;

export type OutcomeTextKey = keyof typeof OUTCOME_TEXT;

/** The words for a written outcome, with their parameters. */
export function writtenText(o: Extract<WriteOutcome, { result: DownloadResult }>, readBackSeconds: number): { key: OutcomeTextKey; params: Record<string, string | number> } {
  const v = o.verification;
  switch (v.kind) {
    case 'verified':
      return { key: 'verified', params: { firmware: v.after.firmwareVersion ?? '?', carrier: v.after.carrier ?? '?' } };
    case 'not-verified':
      return { key: `not-verified.${v.reason}`, params: { seconds: readBackSeconds } };
    case 'mismatch':
      return { key: `mismatch.${v.field}`, params: { found: v.found, expected: v.expected } };
  }
}
