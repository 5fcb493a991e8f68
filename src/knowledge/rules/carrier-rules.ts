/**
 * Rules about what the module runs: carrier image versus preference and network, missing
 * images, firmware age.
 */
import { l, type Localized } from '../../text/localized.ts';
import { platformInfo } from '../firmware/platforms.ts';
import { lineOfModel } from '../profiles/models.ts';
import { newestRelease, releaseOf, RC76XX_RELEASES } from '../firmware/releases.ts';
import { compareFirmwareVersions } from '../firmware/version-string.ts';
import { setImagePreference } from './actions.ts';
import { errorEvidence, hasPriSection } from './derive.ts';
import type { Derived, DiagnosisInput, NextStep, Rule } from './types.ts';
import { deFr } from './elision.ts';

/** Carrier images that suit a French operator's network (GENERIC is the open-market image). */
function suitsFrenchOperator(carrier: string, operatorId: string): boolean {
  if (carrier === 'GENERIC' || carrier === 'GENEU-4G') return true;
  return operatorId === 'orange' && carrier === 'ORANGE-EU';
}

function release9Step(d: Derived): NextStep | null {
  const line = lineOfModel(d.model) ?? null;
  if (line !== 'RC76xx') return null;
  const r9 = releaseOf('RC76xx', '00.08.24.02');
  if (!r9 || (d.firmwareVersion && compareFirmwareVersions(d.firmwareVersion, '00.08.24.02') >= 0)) return null;
  // Say what the update replaces as it is: a Release 9 test build is not "Release 8".
  const current = d.firmwareVersion ? releaseOf('RC76xx', d.firmwareVersion) : null;
  const replaces = current
    ? current.kind === 'release'
      ? l(`replaces ${current.label.en}`, `remplace la ${current.label.fr}`)
      : l(`replaces the ${current.label.en} ${d.firmwareVersion}`, `remplace ${current.label.fr} ${d.firmwareVersion}`)
    : d.firmwareVersion
      ? l(`replaces ${d.firmwareVersion}`, `remplace ${d.firmwareVersion}`)
      : l('replaces older builds', 'remplace les versions plus anciennes');
  return {
    text: l(
      `Update to Release 9 (00.08.24.02) with the GENERIC package ${r9.packages[0] ?? ''}: it carries the GENERIC configuration and ${replaces.en}.`,
      `Mettre à jour vers la Release 9 (00.08.24.02) avec le paquet GENERIC ${r9.packages[0] ?? ''} : il apporte la configuration GENERIC et ${replaces.fr}.`,
    ),
  };
}

function apnStep(d: Derived): NextStep | null {
  const op = d.frenchOperator;
  if (!op) return null;
  if (op.apns.length === 0) {
    return { text: l(`Ask ${op.name} for the APN of this SIM's plan (we have no verified value).`, `Demander à ${op.name} l’APN du forfait de cette SIM (nous n’avons pas de valeur vérifiée).`) };
  }
  const list = op.apns.map((a) => `${a.apn} (${a.plan})`).join(', ');
  return {
    text: l(
      `Use ${op.name}'s APN, usually "${op.apns[0]!.apn}" — known values: ${list}. M2M SIMs may have their own APN: check the contract.`,
      `Utiliser l’APN ${deFr(op.name)}, en général « ${op.apns[0]!.apn} » — valeurs connues : ${list}. Les SIM M2M peuvent avoir leur propre APN : voir le contrat.`,
    ),
  };
}

export const carrierMismatch: Rule = {
  id: 'carrier-mismatch',
  severity: 'error',
  source: 'at-knowledge.md §0 fact 1, §4.3, §9 (!IMPREF); seed support case (SIERRA image on French networks)',
  evaluate(input, d) {
    const s = input.snapshot;
    const impref = s?.imagePreference;
    const reasons: Localized[] = [];
    const evidence: string[] = [];
    if (impref && impref.mismatches.length > 0) {
      reasons.push(l(`The module reports a mismatch (${impref.mismatches.join(', ')}) between the preferred and the running image.`, `Le module signale un désaccord (${impref.mismatches.join(', ')}) entre l’image préférée et celle qui tourne.`));
      evidence.push(...impref.mismatches.map((m) => `${m.replace('-', ' ')} mismatch`));
    } else if (d.preferredCarrier && impref && !impref.current.carrier?.trim() && d.preferredCarrier !== 'NONE') {
      reasons.push(l(`The preferred carrier image is ${d.preferredCarrier} but no carrier image runs (current carrier empty).`, `L’image opérateur préférée est ${d.preferredCarrier} mais aucune image opérateur ne tourne (opérateur courant vide).`));
      evidence.push(`preferred ${d.preferredCarrier}, current carrier empty`);
    } else if (d.preferredCarrier && d.currentCarrier && d.preferredCarrier !== d.currentCarrier) {
      reasons.push(l(`The preferred carrier image is ${d.preferredCarrier} but ${d.currentCarrier} is running.`, `L’image opérateur préférée est ${d.preferredCarrier} mais c’est ${d.currentCarrier} qui tourne.`));
      evidence.push(`preferred ${d.preferredCarrier}, current ${d.currentCarrier}`);
    }
    const prefFw = impref?.preferred.fwVersion ?? null;
    const curFw = impref?.current.fwVersion ?? null;
    if (impref && impref.mismatches.length === 0 && prefFw && curFw && prefFw !== curFw) {
      reasons.push(l(`The preferred firmware is ${prefFw} but ${curFw} runs.`, `Le firmware préféré est ${prefFw} mais c’est ${curFw} qui tourne.`));
      evidence.push(`preferred fw ${prefFw}, current fw ${curFw}`);
    }
    const pkgFw = s?.priId?.carrierPri?.fwVersion ?? impref?.current.fwVersion ?? null;
    if (pkgFw && d.firmwareVersion && pkgFw !== d.firmwareVersion) {
      reasons.push(l(`The carrier package is built for firmware ${pkgFw}, but the module runs ${d.firmwareVersion}.`, `Le paquet opérateur est prévu pour le firmware ${pkgFw}, mais le module exécute ${d.firmwareVersion}.`));
      evidence.push(`carrier package ${pkgFw} vs firmware ${d.firmwareVersion}`);
    }
    // The LPM voter IMSWITCH:1 (newer !PCINFO) or force flag GOBIIM:1 (9x15) is the module's own
    // statement that the preferred image is not what runs (at-knowledge §0 fact 1).
    const imageVoters = (s?.powerControl?.activeVoters ?? []).filter((v) => v === 'IMSWITCH' || v === 'GOBIIM');
    if (imageVoters.length > 0) {
      reasons.push(
        l(
          `!PCINFO shows ${imageVoters.map((v) => `${v}:1`).join(', ')}: the module holds the radio off because the preferred image is not the one installed.`,
          `!PCINFO indique ${imageVoters.map((v) => `${v}:1`).join(', ')} : le module garde la radio coupée car l’image préférée n’est pas celle installée.`,
        ),
      );
      evidence.push(...imageVoters.map((v) => `${v}:1`));
    }
    const op = d.frenchOperator;
    const carrier = d.currentCarrier;
    let networkMismatch = false;
    // The SIERRA image is for Sierra Wireless's own SIMs: with another SIM the module camps but
    // data calls fail (seed support case, forum "Why QMI protocol error (14)").
    const dataFailed = (d.errorsByFinding.get('data-call-failed')?.length ?? 0) > 0 || input.signals.some((x) => x.kind === 'no-carrier' || x.kind === 'data-call-refused');
    if (carrier === 'SIERRA' && !op && dataFailed) {
      networkMismatch = true;
      reasons.push(
        l(
          'The SIERRA carrier image is meant for Sierra Wireless SIMs; with another operator’s SIM data calls fail. GENERIC is the image for open-market operators.',
          'L’image opérateur SIERRA est prévue pour les SIM Sierra Wireless ; avec la SIM d’un autre opérateur les appels data échouent. GENERIC est l’image des opérateurs du marché libre.',
        ),
      );
      evidence.push('current carrier name: SIERRA'); // evidence is what the modem said, shown as modem output
    }
    if (op && carrier && !suitsFrenchOperator(carrier, op.id)) {
      networkMismatch = true;
      reasons.push(
        l(
          `The ${carrier} carrier image is not meant for Orange, SFR or Bouygues Telecom networks; on the ${op.name} SIM the module can camp but data calls fail. GENERIC is the image for open-market operators.`,
          `L’image opérateur ${carrier} n’est pas prévue pour les réseaux Orange, SFR ou Bouygues Telecom ; avec la SIM ${op.name}, le module s’accroche au réseau mais les appels data échouent. GENERIC est l’image des opérateurs du marché libre.`,
        ),
      );
      evidence.push(`current carrier name: ${carrier}`, `+COPS: ${d.operatorName ?? op.name}`);
    }
    if (reasons.length === 0) return null;

    const steps: NextStep[] = [];
    const target = networkMismatch ? 'GENERIC' : (d.preferredCarrier ?? 'GENERIC');
    const stored = d.storedCarriers;
    if (stored === null || stored.includes(target)) {
      steps.push({
        text: l(
          `Switch to the ${target} carrier image: AT!ENTERCND="A710", then AT!IMPREF="${target}", then AT!RESET.${stored === null ? ' (AT!IMPREF answers ERROR if no such image is stored.)' : ''}`,
          `Passer à l’image opérateur ${target} : AT!ENTERCND="A710", puis AT!IMPREF="${target}", puis AT!RESET.${stored === null ? ' (AT!IMPREF répond ERROR si aucune image de ce type n’est stockée.)' : ''}`,
        ),
        action: setImagePreference(target),
      });
    } else {
      steps.push({
        text: l(`No ${target} image is stored on the module: flash a package that contains it.`, `Aucune image ${target} n’est stockée sur le module : flasher un paquet qui la contient.`),
      });
    }
    const r9 = release9Step(d);
    if (r9) steps.push(r9);
    const apn = apnStep(d);
    if (apn) steps.push(apn);
    steps.push({ text: l('Run "Check my modem" again after the restart.', 'Relancer « Vérifier mon modem » après le redémarrage.') });

    return {
      id: 'carrier-mismatch',
      severity: 'error',
      title: networkMismatch
        ? op
          ? l(`The ${carrier} carrier image does not suit the ${op.name} network`, `L’image opérateur ${carrier} ne convient pas au réseau ${op.name}`)
          : l(`The ${carrier} carrier image does not suit this SIM`, `L’image opérateur ${carrier} ne convient pas à cette SIM`)
        : l('The carrier image does not match the preference or the firmware', 'L’image opérateur ne correspond pas à la préférence ou au firmware'),
      detail: join(reasons),
      nextSteps: steps,
      source: this.source,
      evidence: [...evidence, ...errorEvidence(d.errorsByFinding.get('carrier-mismatch') ?? [])],
    };
  },
};

export const carrierImageMissing: Rule = {
  id: 'carrier-image-missing',
  severity: 'error',
  source: 'at-knowledge.md §0 fact 2 (slot 255), §4.1 (PRIID Unknown/None), §9 (!IMAGE?)',
  evaluate(input, d) {
    const s = input.snapshot;
    const reasons: Localized[] = [];
    const evidence: string[] = [];
    if (s?.images?.activeFwSlot === 255) {
      reasons.push(l('AT!IMAGE? says the active firmware is at slot 255: no valid firmware slot is selected.', 'AT!IMAGE? indique que le firmware actif est à l’emplacement 255 : aucun emplacement valide n’est sélectionné.'));
      evidence.push('Active FW image is at slot 255');
    }
    if (s?.images && hasPriSection(s.images) && !s.images.slots.some((x) => x.type === 'PRI' && x.status === 'GOOD')) {
      reasons.push(l('No carrier (PRI) image is stored in a good state.', 'Aucune image opérateur (PRI) n’est stockée en bon état.'));
      evidence.push('no GOOD PRI slot');
    }
    if (s?.priId?.missing) {
      reasons.push(l('AT!PRIID? reports no OEM or carrier PRI (Unknown/None).', 'AT!PRIID? ne signale aucun PRI OEM ou opérateur (Unknown/None).'));
      evidence.push('PRIID Unknown/None');
    }
    if (d.preferredCarrier && d.storedCarriers && d.storedCarriers.length > 0 && !d.storedCarriers.includes(d.preferredCarrier)) {
      reasons.push(l(`The preferred carrier ${d.preferredCarrier} is not among the stored images (${d.storedCarriers.join(', ')}).`, `L’opérateur préféré ${d.preferredCarrier} ne fait pas partie des images stockées (${d.storedCarriers.join(', ')}).`));
      evidence.push(`preferred ${d.preferredCarrier} not stored`);
    }
    const errs = d.errorsByFinding.get('carrier-image-missing') ?? [];
    if (errs.length > 0) reasons.push(l('A tool reported that the needed image is missing.', 'Un outil a signalé que l’image nécessaire est absente.'));
    if (reasons.length === 0) return null;
    const steps: NextStep[] = [];
    if (d.storedCarriers && d.storedCarriers.length > 0 && d.preferredCarrier && !d.storedCarriers.includes(d.preferredCarrier)) {
      const pick = d.storedCarriers.includes('GENERIC') ? 'GENERIC' : d.storedCarriers[0]!;
      steps.push({ text: l(`Prefer an image that is stored: ${pick}.`, `Préférer une image stockée : ${pick}.`), action: setImagePreference(pick) });
    }
    steps.push({ text: l('Flash the firmware and carrier package for this model (download mode if the module does not start).', 'Flasher le firmware et le paquet opérateur de ce modèle (mode téléchargement si le module ne démarre pas).') });
    return {
      id: 'carrier-image-missing',
      severity: 'error',
      title: l('A firmware or carrier image is missing', 'Une image firmware ou opérateur manque'),
      detail: join(reasons),
      nextSteps: steps,
      source: this.source,
      evidence: [...evidence, ...errorEvidence(errs)],
    };
  },
};

export const firmwareOutdated: Rule = {
  id: 'firmware-outdated',
  severity: 'warning',
  source: 'release map src/knowledge/firmware/releases.ts (at-knowledge.md §4.5)',
  evaluate(input, d) {
    const fw = d.firmwareVersion;
    const platform = input.snapshot?.firmware?.platform ?? null;
    const line = platformInfo(platform)?.line ?? lineOfModel(d.model);
    if (!fw || !line) return null;
    const advisory = ADVISORIES.find((a) => a.line === line && a.applies(fw));
    const newest = newestRelease(line);
    const newestNumbered = [...(newest.newestNumbered ? [newest.newestNumbered] : [])];
    const newestVersioned = newest.newestVersion;
    if (!newestVersioned?.version || compareFirmwareVersions(fw, newestVersioned.version) >= 0) {
      // No release map for the line (or already newest): only a known advisory is worth saying.
      if (!advisory) return null;
      return {
        id: 'firmware-outdated',
        severity: 'warning',
        title: l(`Firmware ${fw} has a known update caveat`, `Le firmware ${fw} a une précaution de mise à jour connue`),
        detail: advisory.text,
        nextSteps: advisory.steps,
        source: advisory.source,
        evidence: [`firmware ${fw}`],
      };
    }
    const current = releaseOf(line, fw);
    const currentLabel = current ? ` (${current.label.en})` : '';
    const currentLabelFr = current ? ` (${current.label.fr})` : '';
    // The newest numbered release whose version we know decides whether this is a warning.
    // Older than a numbered public release: warning. Only newer test or unnumbered builds: info.
    const olderThanARelease = RC76XX_RELEASES.some(
      (r) => r.line === line && r.kind === 'release' && r.version !== null && compareFirmwareVersions(fw, r.version) < 0,
    );
    const severity = olderThanARelease ? 'warning' : 'info';
    const newer = l(
      `Newest known: ${newestVersioned.version} — ${newestVersioned.label.en}${newestNumbered[0] ? `; newest numbered release: ${newestNumbered[0].label.en}` : ''}.`,
      `Plus récente connue : ${newestVersioned.version} — ${newestVersioned.label.fr}${newestNumbered[0] ? ` ; dernière release numérotée : ${newestNumbered[0].label.fr}` : ''}.`,
    );
    return {
      id: 'firmware-outdated',
      severity,
      title: l(`Firmware ${fw} is not the newest for ${line}`, `Le firmware ${fw} n’est pas le plus récent pour ${line}`),
      detail: l(
        `The module runs ${fw}${currentLabel}. ${newer.en}${advisory ? ` ${advisory.text.en}` : ''}`,
        `Le module exécute ${fw}${currentLabelFr}. ${newer.fr}${advisory ? ` ${advisory.text.fr}` : ''}`,
      ),
      nextSteps: [
        ...(advisory?.steps ?? []),
        ...(release9Step(d) ? [release9Step(d)!] : []),
        // the section's own name, as the navigation shows it (there is no "firmware tab")
        { text: l('Update it in “Update & rescue” (keep the module powered during the update).', 'Mettre à jour dans «\u00a0Mise à jour et sauvetage\u00a0» (garder le module alimenté pendant la mise à jour).') },
      ],
      source: this.source,
      evidence: [`firmware ${fw}`],
    };
  },
};

/** Known problems of particular firmware versions (at-knowledge.md §4.5, "Known problems and advisories"). */
const ADVISORIES: readonly {
  readonly line: string;
  readonly applies: (fw: string) => boolean;
  readonly text: Localized;
  readonly steps: readonly NextStep[];
  readonly source: string;
}[] = [
  {
    line: 'RC76xx',
    applies: (fw) => fw === '00.08.19.00',
    text: l(
      'This is the Release 9 BP6 test build: after a PPP session over the UART ends, the modem stays broken until AT!RESET (PPP over USB is fine).',
      'C’est la version de test Release 9 BP6 : après une session PPP sur l’UART, le modem reste bloqué jusqu’à AT!RESET (PPP sur USB fonctionne).',
    ),
    steps: [{ text: l('Move to Release 9 (00.08.24.02) or later.', 'Passer en Release 9 (00.08.24.02) ou plus récente.') }],
    source: 'johnofleek RPi_SierraWireless_PPP notes (at-knowledge.md §4.5)',
  },
  {
    line: 'EM75xx',
    applies: (fw) => /^\d\d\.\d\d\.\d\d\.\d\d$/.test(fw) && compareFirmwareVersions(fw, '01.05.01.00') < 0,
    text: l(
      'EM7565 below Release 9 (01.05.01.00) must first be flashed to 01.05.01.00 because of NVU signing; the latest firmware then has to be flashed twice before the module leaves low-power mode. Do not downgrade after Release 10.',
      'Un EM7565 sous la Release 9 (01.05.01.00) doit d’abord être flashé en 01.05.01.00 à cause de la signature des NVU ; le dernier firmware doit ensuite être flashé deux fois avant que le module quitte la basse consommation. Ne pas revenir en arrière après la Release 10.',
    ),
    steps: [
      { text: l('Flash 01.05.01.00 first, then the latest firmware twice.', 'Flasher d’abord 01.05.01.00, puis deux fois le dernier firmware.') },
    ],
    source: 'danielewood/sierra-wireless-modems Sierra-Linux-QMI-SDK.md (at-knowledge.md §4.5)',
  },
];

function join(parts: readonly Localized[]): Localized {
  return { en: parts.map((p) => p.en).join(' '), fr: parts.map((p) => p.fr).join(' ') };
}
