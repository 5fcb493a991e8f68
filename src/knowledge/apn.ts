/**
 * French operators' data APNs, for the `data-call-failed` and `carrier-mismatch` next steps.
 *
 * The research files hold no APN data. The values below are from the public-domain GNOME
 * mobile-broadband-provider-info database (serviceproviders.xml, France section, as stored at
 * commit 00de8d23a2ed). Operators change APNs per plan (M2M/IoT SIMs often use a dedicated
 * APN from the contract), so the card presents them as "usually", never as certain.
 * Free Mobile (208-15) is not in that version of the database: we list no APN for it rather
 * than invent one.
 */
export interface OperatorApn {
  readonly apn: string;
  /** The plan the database names, as printed there. */
  readonly plan: string;
  readonly username: string | null;
  readonly password: string | null;
}

export interface FrenchOperator {
  readonly id: 'orange' | 'sfr' | 'bouygues' | 'free';
  readonly name: string;
  /** MCC+MNC codes (IMSI prefix, +COPS numeric). */
  readonly plmns: readonly string[];
  /** How +COPS alphanumeric names look (case-insensitive). */
  readonly namePattern: RegExp;
  /** First entry is the one to suggest first. */
  readonly apns: readonly OperatorApn[];
  readonly source: string;
}

const SOURCE = 'GNOME mobile-broadband-provider-info serviceproviders.xml (France), commit 00de8d23a2ed';

export const FRENCH_OPERATORS: readonly FrenchOperator[] = [
  {
    id: 'orange',
    name: 'Orange',
    plmns: ['20801', '20800', '20802'],
    namePattern: /\borange\b/i,
    apns: [
      { apn: 'orange', plan: 'No Contract / Mobicarte', username: 'orange', password: 'orange' },
      { apn: 'orange.fr', plan: 'Contract', username: 'orange', password: 'orange' },
      { apn: 'internet-entreprise', plan: 'Business Contract', username: 'orange', password: 'orange' },
    ],
    source: SOURCE,
  },
  {
    id: 'sfr',
    name: 'SFR',
    plmns: ['20810', '20811', '20813'],
    namePattern: /\bsfr\b/i,
    apns: [
      { apn: 'sl2sfr', plan: 'Full Internet (Webphone)', username: null, password: null },
      { apn: 'websfr', plan: 'Web / Prepaid', username: null, password: null },
      { apn: 'slsfr', plan: 'Mobile Broadband', username: null, password: null },
    ],
    source: SOURCE,
  },
  {
    id: 'bouygues',
    name: 'Bouygues Telecom',
    plmns: ['20820', '20821', '20888'],
    namePattern: /bouygues|\bbytel\b/i,
    apns: [
      { apn: 'ebouygtel.com', plan: 'Forfait Data', username: null, password: null },
      { apn: 'mmsbouygtel.com', plan: 'Forfait Data', username: null, password: null },
      { apn: 'a2bouygtel.com', plan: 'Contrat Pro Data Illimité', username: null, password: null },
    ],
    source: SOURCE,
  },
  {
    id: 'free',
    name: 'Free Mobile',
    plmns: ['20815', '20816'],
    namePattern: /\bfree\b/i,
    apns: [],
    source: `${SOURCE} (no Free Mobile entry in that version)`,
  },
];

/** The operator from a +COPS name or numeric PLMN, or from an IMSI's first five digits. */
export function findFrenchOperator(hint: { copsName?: string | null; plmn?: string | null; imsi?: string | null }): FrenchOperator | null {
  const plmn = hint.plmn ?? (hint.imsi ? hint.imsi.slice(0, 5) : null);
  if (plmn) {
    const byPlmn = FRENCH_OPERATORS.find((o) => o.plmns.includes(plmn));
    if (byPlmn) return byPlmn;
  }
  const name = hint.copsName;
  if (name) {
    if (/^\d{5,6}$/.test(name)) return FRENCH_OPERATORS.find((o) => o.plmns.includes(name.slice(0, 5))) ?? null;
    return FRENCH_OPERATORS.find((o) => o.namePattern.test(name)) ?? null;
  }
  return null;
}
