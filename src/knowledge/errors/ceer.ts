/**
 * `AT+CEER` (extended error report, 27.007 §6.10) as modules print it after a refused attach or
 * data call: `+CEER: "EMM reject",19,"ESM failure"` (HL series), `+CEER: ESM cause 33 …`, or a
 * plain text. The numbers are NAS causes: EMM (attach / tracking area, 3GPP TS 24.301 §9.9.3.9)
 * and ESM (PDN connectivity, 24.301 §9.9.4.4). Only causes with a clear support meaning are named.
 */
import { l, type Localized } from '../../text/localized.ts';

export const EMM_CAUSES: Readonly<Record<number, Localized>> = {
  2: l('IMSI unknown in HSS (the SIM is not provisioned)', 'IMSI inconnu du HSS (SIM non provisionnée)'),
  3: l('illegal UE', 'UE interdit'),
  6: l('illegal ME (the device is barred)', 'ME interdit (terminal bloqué)'),
  7: l('EPS services not allowed for this subscription', 'services EPS non autorisés pour cet abonnement'),
  8: l('EPS and non-EPS services not allowed', 'services EPS et non-EPS non autorisés'),
  11: l('PLMN not allowed (roaming refused)', 'PLMN non autorisé (itinérance refusée)'),
  12: l('tracking area not allowed', 'zone de suivi non autorisée'),
  13: l('roaming not allowed in this tracking area', 'itinérance non autorisée dans cette zone'),
  14: l('EPS services not allowed in this PLMN', 'services EPS non autorisés sur ce PLMN'),
  15: l('no suitable cells in the tracking area', 'aucune cellule adaptée dans la zone'),
  19: l('ESM failure (the default bearer was refused: usually the APN or the data subscription)', 'échec ESM (porteuse par défaut refusée : en général l’APN ou l’abonnement data)'),
  22: l('congestion', 'congestion'),
};

export const ESM_CAUSES: Readonly<Record<number, Localized>> = {
  26: l('insufficient resources', 'ressources insuffisantes'),
  27: l('missing or unknown APN', 'APN absent ou inconnu'),
  28: l('unknown PDP address or type', 'adresse ou type PDP inconnu'),
  29: l('user authentication failed (APN user name / password)', 'échec d’authentification (identifiant / mot de passe APN)'),
  30: l('request rejected by the serving or PDN gateway', 'requête refusée par la passerelle'),
  31: l('request rejected, unspecified', 'requête refusée, non spécifié'),
  32: l('service option not supported', 'option de service non prise en charge'),
  33: l('requested service option not subscribed', 'option de service non souscrite'),
  38: l('network failure', 'défaillance réseau'),
  50: l('PDN type IPv4 only allowed', 'seul le type PDN IPv4 est autorisé'),
  51: l('PDN type IPv6 only allowed', 'seul le type PDN IPv6 est autorisé'),
};

export interface CeerReport {
  /** `emm`: the attach was refused; `esm`: the data connection (PDN) was refused; `other`: plain text. */
  readonly kind: 'emm' | 'esm' | 'other';
  readonly cause: number | null;
  readonly meaning: Localized | null;
  readonly text: string;
}

/** Null for "no cause" reports (`+CEER: No cause information available`, `+CEER: 0`). */
export function parseCeer(line: string): CeerReport | null {
  const m = /^\+CEER:\s*(.*)$/i.exec(line.trim());
  if (!m) return null;
  const body = m[1]!.trim();
  if (!body || /^(?:"?no cause|"?normal|0$|"?none)/i.test(body)) return null;
  const num = /(?:^|[,\s(])(\d{1,3})(?=$|[,\s)])/.exec(body);
  const cause = num ? Number(num[1]) : null;
  const emm = /\bEMM\b/i.test(body);
  const esm = /\bESM\b|\bPDN\b|\bPDP\b/i.test(body);
  const kind = emm ? 'emm' : esm ? 'esm' : 'other';
  const meaning = cause === null ? null : kind === 'emm' ? (EMM_CAUSES[cause] ?? null) : kind === 'esm' ? (ESM_CAUSES[cause] ?? null) : null;
  return { kind, cause, meaning, text: body };
}
