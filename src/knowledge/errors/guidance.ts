/**
 * Plain-language guidance for the modem-side codes people actually meet (QMI, +CME), layered
 * over the big standard tables, which otherwise carry only the standard's names. Sources: the
 * meanings are the standards' (3GPP TS 27.007 §9.2, libqmi); the causes and steps are ours,
 * from the patterns in at-knowledge.md §0, §2.1 and the seed support case.
 */
import type { ErrorGuidance } from './types.ts';

const SIM_CHECK = { en: 'Check the SIM: inserted, contacts clean, PIN entered (AT+CPIN?).', fr: 'Vérifier la SIM : insérée, contacts propres, code PIN saisi (AT+CPIN?).' };
const APN_CHECK = { en: "Check the APN in AT+CGDCONT? matches the operator's.", fr: "Vérifier que l'APN dans AT+CGDCONT? correspond à celui de l'opérateur." };
const CARRIER_CHECK = {
  en: 'Check the carrier image (AT!IMPREF?): a SIERRA or foreign carrier image can make calls fail on other networks; GENERIC is the open-market image.',
  fr: "Vérifier l'image opérateur (AT!IMPREF?) : une image SIERRA ou d'un autre opérateur peut faire échouer les appels sur d'autres réseaux ; GENERIC est l'image du marché libre.",
};

export const QMI_GUIDANCE: Readonly<Record<number, ErrorGuidance>> = {
  14: {
    meaning: { en: 'The data call (PDN connection) could not be established.', fr: "L'appel de données (connexion PDN) n'a pas pu être établi." },
    causes: [
      { en: 'Wrong or missing APN.', fr: 'APN erroné ou absent.' },
      { en: 'Carrier image not meant for this network (e.g. SIERRA image on Orange/SFR/Bouygues).', fr: "Image opérateur non prévue pour ce réseau (p. ex. image SIERRA chez Orange/SFR/Bouygues)." },
      { en: 'Not registered or no data subscription.', fr: "Pas d'enregistrement réseau ou pas d'abonnement data." },
    ],
    nextSteps: [APN_CHECK, CARRIER_CHECK],
    finding: 'data-call-failed',
  },
  13: { meaning: { en: 'No network was found.', fr: 'Aucun réseau trouvé.' }, finding: 'not-registered' },
  12: { meaning: { en: 'Wrong PIN.', fr: 'Code PIN erroné.' }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  34: { meaning: { en: 'The network refused the credentials for the data call.', fr: "Le réseau a refusé les identifiants de l'appel de données." }, nextSteps: [APN_CHECK], finding: 'data-call-failed' },
  35: { meaning: { en: 'PIN blocked: the PUK is needed.', fr: 'PIN bloqué : le PUK est nécessaire.' }, finding: 'sim-not-ready' },
  36: { meaning: { en: 'PIN permanently blocked.', fr: 'PIN bloqué définitivement.' }, finding: 'sim-not-ready' },
  37: { meaning: { en: 'The SIM (UIM) is not initialised yet or is missing.', fr: "La SIM (UIM) n'est pas encore initialisée ou est absente." }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  53: { meaning: { en: 'The network is not ready (not registered yet).', fr: "Le réseau n'est pas prêt (pas encore enregistré)." }, finding: 'not-registered' },
  60: {
    meaning: { en: 'Invalid transition: seen when the module is stuck in low-power mode after an interrupted update.', fr: 'Transition invalide : observée quand le module reste en basse consommation après une mise à jour interrompue.' },
    finding: 'radio-off',
  },
  71: { meaning: { en: 'The module does not implement this QMI message.', fr: "Le module n'implémente pas ce message QMI." } },
  93: { meaning: { en: 'The radio is off (low-power mode).', fr: 'La radio est coupée (mode basse consommation).' }, finding: 'radio-off' },
  94: { meaning: { en: 'Not supported by this module or firmware.', fr: 'Non pris en charge par ce module ou ce firmware.' } },
  102: { meaning: { en: 'No SIM.', fr: 'Pas de SIM.' }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  393: { meaning: { en: 'No GENERIC image can be selected.', fr: "Aucune image GENERIC ne peut être sélectionnée." }, finding: 'carrier-image-missing' },
  402: { meaning: { en: 'The firmware update failed.', fr: 'La mise à jour du firmware a échoué.' }, finding: 'download-protocol-failed' },
};

export const CME_GUIDANCE: Readonly<Record<number, ErrorGuidance>> = {
  3: {
    meaning: { en: 'Operation not allowed: on Sierra "!" commands often the AT!ENTERCND password gate.', fr: "Opération non autorisée : sur les commandes « ! » de Sierra, souvent la protection AT!ENTERCND." },
    finding: 'password-required',
  },
  4: {
    meaning: {
      en: 'Operation not supported. After a flash, AT+CFUN=1 answering this means an image-preference mismatch keeps the module in low-power mode.',
      fr: "Opération non prise en charge. Après un flash, si AT+CFUN=1 répond ainsi, un désaccord de préférence d'image maintient le module en basse consommation.",
    },
    nextSteps: [CARRIER_CHECK],
  },
  10: { meaning: { en: 'No SIM inserted.', fr: 'Aucune SIM insérée.' }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  11: { meaning: { en: 'The SIM needs its PIN.', fr: 'La SIM demande son code PIN.' }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  12: { meaning: { en: 'The SIM needs its PUK.', fr: 'La SIM demande son code PUK.' }, finding: 'sim-not-ready' },
  13: { meaning: { en: 'SIM failure.', fr: 'Défaillance de la SIM.' }, nextSteps: [SIM_CHECK], finding: 'sim-not-ready' },
  14: { meaning: { en: 'SIM busy: retry in a few seconds.', fr: 'SIM occupée : réessayer dans quelques secondes.' }, finding: 'sim-not-ready' },
  30: {
    meaning: { en: 'The module has no network service: it is not registered on any network it may use.', fr: 'Le module n’a pas de service réseau : il n’est enregistré sur aucun réseau qu’il peut utiliser.' },
    causes: [
      { en: 'No coverage, or an antenna missing or badly connected (check MAIN and DIV).', fr: 'Pas de couverture, ou une antenne absente ou mal branchée (vérifier MAIN et DIV).' },
      { en: 'The SIM is not ready, or its subscription is not active.', fr: 'La SIM n’est pas prête, ou son abonnement n’est pas actif.' },
      { en: 'Radio technology or bands restricted (AT!SELRAT?, AT!BAND?) to ones the network does not offer.', fr: 'Technologie radio ou bandes restreintes (AT!SELRAT?, AT!BAND?) à celles que le réseau n’offre pas.' },
      { en: 'A carrier image not meant for this network.', fr: 'Une image opérateur non prévue pour ce réseau.' },
    ],
    nextSteps: [
      { en: 'Read AT+COPS? and AT!GSTATUS?: is the module searching, camped or denied?', fr: 'Lire AT+COPS? et AT!GSTATUS? : le module cherche-t-il, est-il accroché ou refusé ?' },
      SIM_CHECK,
      { en: 'Check the antennas, then set automatic selection (AT!SELRAT=00, AT!BAND=00) and reset.', fr: 'Vérifier les antennes, puis remettre la sélection automatique (AT!SELRAT=00, AT!BAND=00) et redémarrer.' },
      CARRIER_CHECK,
    ],
    finding: 'not-registered',
  },
  31: { meaning: { en: 'Network timeout.', fr: "Délai réseau dépassé." }, finding: 'not-registered' },
  127: { meaning: { en: 'The APN is missing or unknown to the network.', fr: "L'APN est absent ou inconnu du réseau." }, nextSteps: [APN_CHECK], finding: 'data-call-failed' },
  129: { meaning: { en: 'Authentication for the data call failed.', fr: "L'authentification de l'appel de données a échoué." }, nextSteps: [APN_CHECK], finding: 'data-call-failed' },
  131: { meaning: { en: 'Data activation rejected by the network.', fr: "Activation data rejetée par le réseau." }, nextSteps: [APN_CHECK, CARRIER_CHECK], finding: 'data-call-failed' },
  133: { meaning: { en: 'The subscription does not include this service.', fr: "L'abonnement n'inclut pas ce service." }, finding: 'data-call-failed' },
  149: { meaning: { en: 'PDP authentication failed.', fr: "Échec d'authentification PDP." }, nextSteps: [APN_CHECK], finding: 'data-call-failed' },
};

/** Sierra vendor +CME codes (outside 27.007). */
export const CME_VENDOR: readonly (readonly [number, string, ErrorGuidance])[] = [
  [
    923,
    'Invalid state of the port-data-mode termination (RC76 +KTCP sockets)',
    {
      meaning: {
        en: 'The socket is not ready yet: +KCNX_IND only reports the PDP/IP layer.',
        fr: "Le socket n'est pas encore prêt : +KCNX_IND ne signale que la couche PDP/IP.",
      },
      nextSteps: [{ en: 'Wait for +KTCP_IND: <session>,1 before AT+KTCPSND.', fr: 'Attendre +KTCP_IND: <session>,1 avant AT+KTCPSND.' }],
    },
  ],
  [515, 'Please wait, init in progress (legacy Wavecom/Sierra GSM firmware, not RC76)', {}],
];
