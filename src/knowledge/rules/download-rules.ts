/**
 * Rules about updating and rescuing: download mode, protocols, rejected images, busy or
 * missing ports, boot loops, success. Most are driven by error codes and log signals.
 */
import { l, type Localized } from '../../text/localized.ts';
import { errorEvidence } from './derive.ts';
import type { FindingId } from './finding-ids.ts';
import { hasNetworkAdapter } from '../../codec/at/usb-composition.ts';
import type { Derived, DiagnosisInput, Finding, LocatedError, LogSignal, NextStep, Rule, Severity } from './types.ts';

interface SignalRuleSpec {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly source: string;
  readonly signals: readonly LogSignal['kind'][];
  /** Signals alone fire the rule only when at least this many are present (default 1). */
  readonly minSignals?: number;
  /** Picks the signals that make the case (default: every signal of the listed kinds). */
  readonly select?: (signals: readonly LogSignal[]) => LogSignal[];
  readonly live?: (input: DiagnosisInput) => boolean;
  readonly title: Localized;
  readonly detail: Localized;
  readonly nextSteps: readonly NextStep[];
  /** Case-specific steps put first (e.g. a composition without a network adapter). */
  readonly extraSteps?: (input: DiagnosisInput, errors: readonly LocatedError[]) => NextStep[];
}

/** A rule that fires on errors mapped to its finding, on given log signals, or on a live fact. */
function signalRule(spec: SignalRuleSpec): Rule {
  return {
    id: spec.id,
    severity: spec.severity,
    source: spec.source,
    evaluate(input: DiagnosisInput, d: Derived): Finding | null {
      const errs = d.errorsByFinding.get(spec.id) ?? [];
      const matched = spec.select ? spec.select(input.signals) : input.signals.filter((s) => spec.signals.includes(s.kind));
      const sigs = matched.length >= (spec.minSignals ?? 1) ? matched : [];
      const live = spec.live?.(input) ?? false;
      if (errs.length === 0 && sigs.length === 0 && !live) return null;
      const named = errs.filter((e) => e.entry?.meaning).map((e) => e.entry!.meaning!);
      const detail: Localized = {
        en: [spec.detail.en, ...errs.map((e) => `${label(e.source)} ${e.code ?? ''} ${e.name}`.replace(/\s+/g, ' ').trim() + '.'), ...named.map((m) => m.en)].join(' '),
        fr: [spec.detail.fr, ...errs.map((e) => `${label(e.source)} ${e.code ?? ''} ${e.name}`.replace(/\s+/g, ' ').trim() + '.'), ...named.map((m) => m.fr)].join(' '),
      };
      const extraSteps = [...(spec.extraSteps?.(input, errs) ?? []), ...errs.flatMap((e) => e.entry?.nextSteps ?? []).map((t) => ({ text: t }))];
      const seen = new Set<string>();
      const steps = [...extraSteps, ...spec.nextSteps].filter((s) => (seen.has(s.text.en) ? false : (seen.add(s.text.en), true)));
      return {
        id: spec.id,
        severity: spec.severity,
        title: spec.title,
        detail,
        nextSteps: steps,
        source: spec.source,
        evidence: [...errorEvidence(errs), ...sigs.map((s) => `${s.line !== null ? `line ${s.line}: ` : ''}${s.text}`)],
      };
    },
  };
}

function label(source: string): string {
  const names: Record<string, string> = {
    qmi: 'QMI error', 'qmi-core': 'libqmi core error', cme: '+CME ERROR', cms: '+CMS ERROR', fdt2: 'FDT2 error', fwdwl: 'lite-fw error',
    'fwdwl-exit': 'fwdwl-lite exit code', sahara: 'Sahara status', firehose: 'Firehose:', qdl: 'QDL error', libqmi: 'qmi-firmware-update:', kernel: 'kernel:',
  };
  return names[source] ?? source;
}

const FORCE_DOWNLOAD = l(
  'Force download mode: RC76xx — hold TP1 (pin 47) low while powering on, then release; others — AT!BOOTHOLD from a working AT port.',
  'Forcer le mode téléchargement : RC76xx — maintenir TP1 (broche 47) à la masse à la mise sous tension, puis relâcher ; autres — AT!BOOTHOLD depuis un port AT fonctionnel.',
);

/**
 * What shows a boot loop (at-knowledge §0 fact 6): the device enumerating and disconnecting again
 * and again (two full cycles at least: one disconnect alone is an unplug), libqmi's `endpoint
 * hangup` (the QMI device vanished under the tool), repeated `HUP detected`, the module listed
 * then gone in successive lsusb / mmcli -L outputs, or the writer saying it loops.
 */
export function bootLoopSignals(signals: readonly LogSignal[]): LogSignal[] {
  const out: LogSignal[] = [];
  let attached = false;
  let cycles = 0;
  const cycleSignals: LogSignal[] = [];
  for (const s of signals) {
    if (s.kind === 'usb-attach') {
      attached = true;
      cycleSignals.push(s);
    } else if (s.kind === 'usb-detach') {
      if (attached) cycles++;
      attached = false;
      cycleSignals.push(s);
    }
  }
  if (cycles >= 2) out.push(...cycleSignals);
  out.push(...signals.filter((s) => s.kind === 'endpoint-hangup' || s.kind === 'usb-vanished' || s.kind === 'loop-reported'));
  const hups = signals.filter((s) => s.kind === 'hangup');
  if (hups.length >= 2) out.push(...hups);
  return out;
}

export const bootLoop = signalRule({
  id: 'boot-loop',
  severity: 'error',
  source: 'at-knowledge.md §0 fact 6, §4.5 (USB boot loop after an interrupted update)',
  signals: ['usb-attach', 'usb-detach', 'endpoint-hangup', 'hangup', 'usb-vanished', 'loop-reported'],
  select: bootLoopSignals,
  title: l('The module is stuck in a boot loop', 'Le module est bloqué dans une boucle de démarrage'),
  detail: l(
    'The module keeps appearing and disappearing on USB, typically after an interrupted update; its AT port never answers.',
    'Le module apparaît et disparaît sans cesse sur l’USB, typiquement après une mise à jour interrompue ; son port AT ne répond jamais.',
  ),
  nextSteps: [
    { text: FORCE_DOWNLOAD },
    { text: l('Re-flash the full firmware package in download mode.', 'Reflasher le paquet firmware complet en mode téléchargement.') },
    { text: l('If not even the download (DM) port appears, the module cannot be recovered over USB.', 'Si même le port de téléchargement (DM) n’apparaît pas, le module n’est pas récupérable par USB.') },
  ],
});

export const downloadMode = signalRule({
  id: 'download-mode',
  severity: 'info',
  source: 'protocol-spec.md §4.1–4.2 (one interface = download mode; RC76xx keeps 1199:68C0)',
  signals: ['download-mode'],
  live: (i) => i.live?.downloadMode === true,
  title: l('The module is in download (boot-and-hold) mode', 'Le module est en mode téléchargement (boot-and-hold)'),
  detail: l(
    'It shows a single download interface and no AT port: it waits for a firmware image.',
    'Il présente une seule interface de téléchargement et aucun port AT : il attend une image firmware.',
  ),
  nextSteps: [
    { text: l('Flash the firmware package for this model from the “Update & rescue” page (or “Flash” for a module already in download mode).', 'Flasher le paquet firmware de ce modèle depuis la page « Mise à jour et sauvetage » (ou « Flasher » pour un module déjà en mode téléchargement).') },
    { text: l('To leave without flashing, power-cycle the module (it may stay here if its firmware is damaged).', 'Pour en sortir sans flasher, couper et remettre l’alimentation (il peut y rester si son firmware est endommagé).') },
  ],
});

export const downloadModeNotEntered = signalRule({
  id: 'download-mode-not-entered',
  severity: 'error',
  source: 'at-knowledge.md §3.1 (FDT2 51/201), §3.2 (lite-fw 60 s wait), §3.5',
  signals: ['boot-and-hold-timeout'],
  title: l('The module did not enter download mode', 'Le module n’est pas passé en mode téléchargement'),
  detail: l('The tool asked for download mode but the download port never appeared.', 'L’outil a demandé le mode téléchargement mais le port de téléchargement n’est jamais apparu.'),
  nextSteps: [
    { text: l('Send AT!BOOTHOLD on the AT port (AT!ENTERCND="A710" first on some modules), one module at a time.', 'Envoyer AT!BOOTHOLD sur le port AT (AT!ENTERCND="A710" d’abord sur certains modules), un module à la fois.') },
    { text: FORCE_DOWNLOAD },
  ],
});

export const downloadProtocolFailed = signalRule({
  id: 'download-protocol-failed',
  severity: 'error',
  source: 'protocol-spec.md §2.4, §3.2, §3.3; at-knowledge.md §3',
  signals: ['update-failed'],
  extraSteps: (input, errs) => {
    // FDT2 14/82/84 mean it cannot use the QMI network adapter (Sierra support, forum 23505).
    const fdtAdapter = errs.some((e) => e.source === 'fdt2' && (e.code === 14 || e.code === 82 || e.code === 84));
    const comp = input.snapshot?.usbComposition ?? null;
    if (!fdtAdapter || !comp || hasNetworkAdapter(comp)) return [];
    return [
      {
        text: l(
          `The USB composition (${comp.functions.join(', ') || 'unknown'}) has no rmnet/MBIM adapter, which FDT2 needs: enable one with AT!USBCOMP after AT!ENTERCND (Sierra suggested AT!USBCOMP=1,1,8010D on a WP), then AT!RESET.`,
          `La composition USB (${comp.functions.join(', ') || 'inconnue'}) n’a pas d’adaptateur rmnet/MBIM, nécessaire à FDT2 : en activer un avec AT!USBCOMP après AT!ENTERCND (Sierra a proposé AT!USBCOMP=1,1,8010D sur un WP), puis AT!RESET.`,
        ),
      },
    ];
  },
  title: l('The firmware download failed', 'Le téléchargement du firmware a échoué'),
  detail: l('The transfer to the module stopped before the update completed.', 'Le transfert vers le module s’est arrêté avant la fin de la mise à jour.'),
  nextSteps: [
    { text: l('Use a direct USB port and a short cable (no hub or adapter) and a stable power supply.', 'Utiliser un port USB direct et un câble court (sans hub ni adaptateur) et une alimentation stable.') },
    { text: FORCE_DOWNLOAD },
    { text: l('Retry the update; do not power off the module meanwhile.', 'Relancer la mise à jour ; ne pas couper le module entre-temps.') },
  ],
});

export const portBusy = signalRule({
  id: 'port-busy',
  severity: 'error',
  source: 'at-knowledge.md §3.3 (exit 120, ModemManager), transport errors (port-busy)',
  signals: ['port-busy'],
  live: (i) => i.live?.portBusy === true,
  title: l('Another program holds the port', 'Un autre programme occupe le port'),
  detail: l('The port is open elsewhere — on Linux usually ModemManager, or a terminal, or another browser tab.', 'Le port est ouvert ailleurs — sous Linux en général ModemManager, ou un terminal, ou un autre onglet.'),
  nextSteps: [
    { text: l('Close terminals and other tabs using the modem.', 'Fermer les terminaux et autres onglets qui utilisent le modem.') },
    { text: l('On Linux: sudo systemctl stop ModemManager (or add a udev rule with ID_MM_DEVICE_IGNORE=1), then retry.', 'Sous Linux : sudo systemctl stop ModemManager (ou une règle udev avec ID_MM_DEVICE_IGNORE=1), puis réessayer.') },
  ],
});

export const deviceNotFound = signalRule({
  id: 'device-not-found',
  severity: 'error',
  source: 'at-knowledge.md §3.4 ("Unable to locate the device."), §3.1 (FDT2 secondary 5)',
  signals: ['device-not-found'],
  live: (i) => i.live?.deviceMissing === true,
  title: l('The module was not found', 'Le module est introuvable'),
  detail: l('No matching USB device or port was found.', 'Aucun périphérique USB ou port correspondant n’a été trouvé.'),
  nextSteps: [
    { text: l('Check power and the USB cable; on Linux run lsusb and look for 1199:xxxx.', 'Vérifier l’alimentation et le câble USB ; sous Linux lancer lsusb et chercher 1199:xxxx.') },
    { text: l('On Windows, check the Sierra drivers in Device Manager (code 10 = driver failure).', 'Sous Windows, vérifier les pilotes Sierra dans le Gestionnaire de périphériques (code 10 = échec du pilote).') },
    { text: l('Embedded Linux: the qcserial/qmi_wwan drivers must be present (built in or as modules).', 'Linux embarqué : les pilotes qcserial/qmi_wwan doivent être présents (intégrés ou en modules).') },
  ],
});

export const imageRejected = signalRule({
  id: 'image-rejected',
  severity: 'error',
  source: 'at-knowledge.md §3.2 (lite-fw 121, 107/115), §4.5 (refused downgrade); protocol-spec.md §3.2',
  signals: ['image-refused'],
  title: l('The module refused the image', 'Le module a refusé l’image'),
  detail: l('The image is for another product, of an invalid type, or a downgrade the module does not allow.', 'L’image est pour un autre produit, d’un type invalide, ou un retour en arrière que le module n’autorise pas.'),
  nextSteps: [
    { text: l('Check the package is for this exact model (RC7620 vs RC7611, EM7455 vs EM7565).', 'Vérifier que le paquet correspond exactement à ce modèle (RC7620 ou RC7611, EM7455 ou EM7565).') },
    { text: l('Put only the files for one model in the folder.', 'Ne mettre dans le dossier que les fichiers d’un seul modèle.') },
    { text: l('Do not downgrade below what the module allows (e.g. EM7565 after Release 10).', 'Ne pas revenir en dessous de ce que le module autorise (p. ex. EM7565 après la Release 10).') },
  ],
});

export const updateSucceeded = signalRule({
  id: 'update-succeeded',
  severity: 'info',
  source: '+WDSI: 16 (at-knowledge.md §8); tool success messages',
  signals: ['update-succeeded'],
  title: l('The update succeeded', 'La mise à jour a réussi'),
  detail: l('The log reports a completed firmware update.', 'Le journal signale une mise à jour du firmware terminée.'),
  nextSteps: [{ text: l('Run "Check my modem" to confirm the new firmware and carrier image.', 'Lancer « Vérifier mon modem » pour confirmer le nouveau firmware et l’image opérateur.') }],
});
