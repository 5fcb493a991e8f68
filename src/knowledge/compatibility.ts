/**
 * Can this firmware image go onto that modem? Compares what an image declares (platform, product
 * code, firmware version, carrier) with what the modem says about itself. Product line decides
 * compatibility; a downgrade or a different carrier is allowed but called out, because both
 * change what the module does after the update (image preference, PRI selection — at-knowledge §0).
 */
import type { Localized } from '../text/localized.ts';
import { linesOfProductCode, platformInfo, type ProductLine } from './firmware/platforms.ts';
import { lineOfModel } from './profiles/models.ts';
import { compareFirmwareVersions, decodeFirmwareVersion } from './firmware/version-string.ts';
import { fillTemplate, type TemplateParams } from './firmware/template.ts';

/** What we know about the target modem; every field optional (a `--target RC7620` gives only the model). */
export interface ModemIdentity {
  /** e.g. `RC7620-1` */
  readonly model?: string | null;
  /** Platform prefix, e.g. `SWI9X07H`. */
  readonly platform?: string | null;
  /** `AA.BB.CC.DD` or a whole revision string (`SWI9X07H_00.08.07.00 0ce4c1 jenkins …`). */
  readonly firmwareVersion?: string | null;
  /** Current carrier configuration name, e.g. `GENERIC`. */
  readonly carrier?: string | null;
}

/** What an image declares about its target. */
export interface ImageTarget {
  readonly platform: string | null;
  readonly productCode: string | null;
  readonly firmwareVersion: string | null;
  readonly carrier: string | null;
}

export type CompatibilityCode =
  /** Image built for another product line: refuse. */
  | 'product-mismatch'
  /** Image firmware is older than the modem's. */
  | 'downgrade'
  /** Image carries another carrier configuration than the modem uses now. */
  | 'carrier-differs'
  /** Same firmware version as the modem: a re-flash. */
  | 'same-version'
  /** We cannot tell the image's or the modem's product line. */
  | 'line-unknown';

export interface CompatibilityFinding {
  readonly code: CompatibilityCode;
  /** `block` makes the image incompatible; `caution` needs the user's eyes; `info` is context. */
  readonly severity: 'block' | 'caution' | 'info';
  readonly text: Localized;
  readonly params: TemplateParams;
}

export interface CompatibilityResult {
  /** null when no modem is given or either product line is unknown. */
  readonly compatible: boolean | null;
  readonly findings: readonly CompatibilityFinding[];
  readonly imageLine: ProductLine | null;
  readonly modemLine: ProductLine | null;
}

export const COMPATIBILITY_TEXT: Record<CompatibilityCode, Localized> = {
  'product-mismatch': {
    en: 'This image is for {imageLine} modules ({imageWhat}); the modem is {modemWhat} ({modemLine}).',
    fr: 'Cette image est pour les modules {imageLine} ({imageWhat}) ; le modem est un {modemWhat} ({modemLine}).',
  },
  downgrade: {
    en: 'Downgrade: the image has firmware {imageVersion}, the modem runs {modemVersion}.',
    fr: 'Retour en arrière : l’image contient le firmware {imageVersion}, le modem a le {modemVersion}.',
  },
  'carrier-differs': {
    en: 'Carrier configuration changes from {modemCarrier} to {imageCarrier}.',
    fr: 'La configuration opérateur passe de {modemCarrier} à {imageCarrier}.',
  },
  'same-version': {
    en: 'The modem already runs firmware {imageVersion}: this is a re-flash.',
    fr: 'Le modem a déjà le firmware {imageVersion} : c’est une réinstallation.',
  },
  'line-unknown': {
    en: 'Cannot tell whether this image fits the modem: {which} product line is unknown.',
    fr: 'Impossible de dire si cette image convient au modem : la gamme {which} est inconnue.',
  },
};

function finding(code: CompatibilityCode, severity: CompatibilityFinding['severity'], params: TemplateParams): CompatibilityFinding {
  return { code, severity, text: COMPATIBILITY_TEXT[code], params };
}

/** English text of a finding (CLI, JSON). */
export function compatibilityMessage(f: CompatibilityFinding): string {
  return fillTemplate(f.text.en, f.params);
}

export function imageLineOf(target: ImageTarget): ProductLine | null {
  const byPlatform = platformInfo(target.platform)?.line;
  if (byPlatform) return byPlatform;
  if (target.productCode) {
    const lines = linesOfProductCode(target.productCode);
    if (lines.length === 1) return lines[0]!;
  }
  return null;
}

export function modemLineOf(modem: ModemIdentity): ProductLine | null {
  return (
    lineOfModel(modem.model) ??
    platformInfo(modem.platform)?.line ??
    (modem.firmwareVersion ? decodeFirmwareVersion(modem.firmwareVersion).line : null)
  );
}

export function checkCompatibility(target: ImageTarget, modem: ModemIdentity | null | undefined): CompatibilityResult {
  const imageLine = imageLineOf(target);
  if (!modem) return { compatible: null, findings: [], imageLine, modemLine: null };
  const modemLine = modemLineOf(modem);
  const findings: CompatibilityFinding[] = [];
  let compatible: boolean | null = null;
  if (imageLine && modemLine) {
    compatible = imageLine === modemLine;
    if (!compatible)
      findings.push(
        finding('product-mismatch', 'block', {
          imageLine,
          imageWhat: target.platform ?? `product ${target.productCode ?? '?'}`,
          modemWhat: modem.model ?? modem.platform ?? '?',
          modemLine,
        }),
      );
  } else {
    findings.push(finding('line-unknown', 'info', { which: imageLine ? 'modem' : 'image' }));
  }
  const modemVersion = modem.firmwareVersion ? decodeFirmwareVersion(modem.firmwareVersion).firmware : null;
  if (compatible !== false && target.firmwareVersion && modemVersion) {
    const c = compareFirmwareVersions(target.firmwareVersion, modemVersion);
    if (c < 0) findings.push(finding('downgrade', 'caution', { imageVersion: target.firmwareVersion, modemVersion }));
    else if (c === 0) findings.push(finding('same-version', 'info', { imageVersion: target.firmwareVersion }));
  }
  if (compatible !== false && target.carrier && modem.carrier && target.carrier.toUpperCase() !== modem.carrier.toUpperCase())
    findings.push(finding('carrier-differs', 'caution', { imageCarrier: target.carrier, modemCarrier: modem.carrier }));
  return { compatible, findings, imageLine, modemLine };
}
