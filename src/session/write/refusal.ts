/**
 * Why a write job would not send its first byte, as a closed set of codes, each with its own
 * message in English and French (rendered with the caller's language picker) and whether the
 * user may take responsibility by typing the module's model name.
 */
import type { Localized } from '../../text/localized.ts';
import { fillTemplate, type TemplateParams } from '../../knowledge/firmware/template.ts';

export type WriteRefusalCode =
  /** Nothing to write. */
  | 'no-image'
  /** A zip, an installer or an unknown file: the CWE image is inside it, it is not one. */
  | 'image-not-cwe'
  /** The inspection found a bad CRC or a broken structure. */
  | 'image-corrupt'
  /** The file is shorter (or longer) than its own header says: cut short in a download or a copy. */
  | 'image-truncated'
  /** The image is built for another product line than the module's. Never overridable. */
  | 'product-mismatch'
  /** The stated model (or AT answers) and the port's USB identity name different lines. Never overridable. */
  | 'identity-conflict'
  /** The image's product line is not in our tables: typed confirmation needed. */
  | 'image-line-unknown'
  /** The module's product line is not known (no AT, ambiguous USB id, unknown model): typed confirmation needed. */
  | 'module-line-unknown'
  /** A confirmation was typed but it is not the module's model name. */
  | 'confirmation-mismatch'
  /** The file's SHA-256 is on the known-bad list for this model (knowledge/firmware/known-bad.ts). Never overridable. */
  | 'image-known-bad'
  /** Another write is running (in this tab or another one) or an app update is being applied. */
  | 'write-busy';

export interface WriteRefusal {
  readonly code: WriteRefusalCode;
  readonly text: Localized;
  readonly params: TemplateParams;
  /** English message (CLI, journal). */
  readonly message: string;
  /** Parameters that differ per language (a known-bad file's reason): rendered in the caller's language. */
  readonly localized?: Readonly<Record<string, Localized>>;
  /** Typing the module's model name lets the write go ahead (unknown lines only). */
  readonly confirmable: boolean;
  /** What the user must type when `confirmable` and a model is known; null: type the model name. */
  readonly expectTyped: string | null;
}

export const REFUSAL_TEXT: Record<WriteRefusalCode, Localized> = {
  'no-image': {
    en: 'There is no image to write. Nothing was sent to the module.',
    fr: 'Aucune image à écrire. Rien n’a été envoyé au module.',
  },
  'image-not-cwe': {
    en: '{name} is a {format} file, not a CWE image: extract the .spk, .cwe or .nvu inside it. Nothing was sent to the module.',
    fr: '{name} est un fichier {format}, pas une image CWE : extrayez le .spk, .cwe ou .nvu qu’il contient. Rien n’a été envoyé au module.',
  },
  'image-corrupt': {
    en: '{name} is damaged ({why}). Nothing was sent to the module; use a complete, unmodified image from Sierra Wireless.',
    fr: '{name} est endommagée ({why}). Rien n’a été envoyé au module ; utilisez une image complète et non modifiée de Sierra Wireless.',
  },
  'image-truncated': {
    en: '{name} is cut short: the file has {actual} bytes, its header says {expected}. Nothing was sent to the module; download or copy it again.',
    fr: '{name} est tronquée : le fichier fait {actual} octets, son en-tête en annonce {expected}. Rien n’a été envoyé au module ; téléchargez-la ou copiez-la à nouveau.',
  },
  'product-mismatch': {
    en: '{name} is for {imageLine} modules (product {imageProduct}); this module is {module} ({moduleLine}, from {source}). Nothing was sent; choose the image made for this module.',
    fr: '{name} est pour les modules {imageLine} (produit {imageProduct}) ; ce module est un {module} ({moduleLine}, d’après {source}). Rien n’a été envoyé ; choisissez l’image faite pour ce module.',
  },
  'identity-conflict': {
    en: 'The module is given as {model} ({modelLine}, from {source}), but its port identifies as {usb} ({usbLine}). Nothing was sent; check which module is connected and which model you gave.',
    fr: 'Le module est indiqué comme {model} ({modelLine}, d’après {source}), mais son port s’identifie comme {usb} ({usbLine}). Rien n’a été envoyé ; vérifiez quel module est branché et le modèle indiqué.',
  },
  'image-line-unknown': {
    en: 'The product line of {name} (product {imageProduct}) is not in Boothold’s tables, so it cannot be checked against {module}. Nothing was sent. To write it anyway, type the module’s model name.',
    fr: 'La gamme de {name} (produit {imageProduct}) n’est pas dans les tables de Boothold : impossible de la comparer à {module}. Rien n’a été envoyé. Pour l’écrire quand même, tapez le nom du modèle du module.',
  },
  'module-line-unknown': {
    en: 'Boothold cannot tell which product line this module is ({module}, from {source}), so {name} ({imageLine}) cannot be checked against it. Nothing was sent. Say which model it is, or type its model name to write anyway.',
    fr: 'Boothold ne peut pas dire de quelle gamme est ce module ({module}, d’après {source}) : impossible d’y comparer {name} ({imageLine}). Rien n’a été envoyé. Indiquez le modèle, ou tapez son nom pour écrire quand même.',
  },
  'confirmation-mismatch': {
    en: 'You typed “{typed}”, but the module is {expected}. Nothing was sent; type the model name exactly to confirm.',
    fr: 'Vous avez tapé « {typed} », mais le module est un {expected}. Rien n’a été envoyé ; tapez exactement le nom du modèle pour confirmer.',
  },
  'image-known-bad': {
    en: '{name} is a file known to be wrong for {model} (SHA-256 {hash}): {why} Nothing was sent to the module. Source: {sourceTitle}, {sourceUrl}',
    fr: '{name} est un fichier connu pour ne pas convenir au {model} (SHA-256 {hash}) : {why} Rien n’a été envoyé au module. Source : {sourceTitle}, {sourceUrl}',
  },
  'write-busy': {
    en: 'Another write is running ({holder}). Nothing was sent; wait until it ends.',
    fr: 'Une autre écriture est en cours ({holder}). Rien n’a été envoyé ; attendez qu’elle se termine.',
  },
};

/** Where an identity came from, in words, for the messages. */
export const SOURCE_TEXT: Record<'at' | 'usb' | 'cli-model' | 'user' | 'none', Localized> = {
  at: { en: 'its AT answers', fr: 'ses réponses AT' },
  usb: { en: 'its USB identity', fr: 'son identité USB' },
  'cli-model': { en: '--model', fr: '--model' },
  user: { en: 'the model you gave', fr: 'le modèle indiqué' },
  none: { en: 'nothing: no AT port, no model given', fr: 'rien : pas de port AT, aucun modèle indiqué' },
};

type Render = (text: Localized, params: TemplateParams) => string;

/** `params.source`, when present, holds an IdentitySource key: it is put in words per language. */
function withSource(params: TemplateParams, render: Render): TemplateParams {
  const key = params['source'];
  return typeof key === 'string' && key in SOURCE_TEXT ? { ...params, source: render(SOURCE_TEXT[key as keyof typeof SOURCE_TEXT], {}) } : params;
}

/** The per-language parameters put in the caller's language, next to the plain ones. */
function withLocalized(params: TemplateParams, localized: WriteRefusal['localized'], render: Render): TemplateParams {
  if (!localized) return params;
  const out: Record<string, string | number> = { ...params };
  for (const [k, v] of Object.entries(localized)) out[k] = render(v, {});
  return out;
}

const english: Render = (text, params) => fillTemplate(text.en, params);

export function refusal(
  code: WriteRefusalCode,
  params: TemplateParams,
  extra: { confirmable?: boolean; expectTyped?: string | null; localized?: Readonly<Record<string, Localized>> } = {},
): WriteRefusal {
  const text = REFUSAL_TEXT[code];
  return {
    code,
    text,
    params,
    ...(extra.localized ? { localized: extra.localized } : {}),
    message: english(text, withLocalized(withSource(params, english), extra.localized, english)),
    confirmable: extra.confirmable ?? false,
    expectTyped: extra.expectTyped ?? null,
  };
}

/** The refusal in the caller's language (`render` is the UI's locale-aware template filler, e.g. `loc`). */
export function renderRefusal(r: WriteRefusal, render: Render): string {
  return render(r.text, withLocalized(withSource(r.params, render), r.localized, render));
}

/** Thrown by a job when its check refuses (callers that prefer exceptions to the outcome union). */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
  constructor(readonly refusal: WriteRefusal) {
    super(refusal.message);
  }
  get code(): WriteRefusalCode {
    return this.refusal.code;
  }
}
