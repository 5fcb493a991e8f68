/**
 * Rules about getting online: SIM, radio, registration, signal, the password gate, data calls.
 */
import { l, type Localized } from '../../text/localized.ts';
import { isRegistered } from '../../codec/at/network.ts';
import { NO_CHANNEL, type GStatus } from '../../codec/at/gstatus.ts';
import type { SimState } from '../../codec/at/sim.ts';
import { RADIO_ON, setApn } from './actions.ts';
import { errorEvidence } from './derive.ts';
import type { NextStep, Rule } from './types.ts';
import { deFr } from './elision.ts';

const SIM_TEXT: Readonly<Record<Exclude<SimState, 'ready'>, Localized>> = {
  'pin-required': l('The SIM is waiting for its PIN.', 'La SIM attend son code PIN.'),
  'puk-required': l('The SIM is blocked and needs its PUK.', 'La SIM est bloquée et demande son PUK.'),
  'pin2-required': l('The SIM is waiting for PIN2.', 'La SIM attend le PIN2.'),
  'puk2-required': l('The SIM needs PUK2.', 'La SIM demande le PUK2.'),
  'ph-sim-pin-required': l('The module is locked to another SIM (PH-SIM PIN).', 'Le module est verrouillé sur une autre SIM (PH-SIM PIN).'),
  'network-pin-required': l('The module is network-locked (PH-NET PIN).', 'Le module est verrouillé réseau (PH-NET PIN).'),
  'other-lock': l('The SIM or module asks for a lock code.', 'La SIM ou le module demande un code de verrouillage.'),
  'not-inserted': l('No SIM is detected.', 'Aucune SIM n’est détectée.'),
  failure: l('The SIM does not respond (SIM failure).', 'La SIM ne répond pas (défaillance SIM).'),
  busy: l('The SIM is busy (still initialising).', 'La SIM est occupée (initialisation en cours).'),
  wrong: l('The SIM is rejected as wrong.', 'La SIM est refusée.'),
};

export const simNotReady: Rule = {
  id: 'sim-not-ready',
  severity: 'error',
  source: '3GPP TS 27.007 §8.3 (+CPIN), §9.2; at-knowledge.md §9 (+CPIN)',
  evaluate(input, d) {
    const sim = input.snapshot?.sim ?? null;
    const errs = d.errorsByFinding.get('sim-not-ready') ?? [];
    // ModemManager's "Couldn't check unlock status: SIM not inserted", unless +CPIN shows the SIM.
    const hostSays = sim ? [] : input.signals.filter((x) => x.kind === 'sim-not-inserted');
    if ((!sim || sim.state === 'ready') && errs.length === 0 && hostSays.length === 0) return null;
    const steps: NextStep[] = [];
    if (sim?.state === 'pin-required') steps.push({ text: l('Enter the PIN: AT+CPIN="<pin>" (three wrong tries block the SIM).', 'Saisir le PIN : AT+CPIN="<pin>" (trois erreurs bloquent la SIM).') });
    else if (sim?.state === 'puk-required') steps.push({ text: l('Unblock with the PUK from the operator: AT+CPIN="<puk>","<new pin>".', 'Débloquer avec le PUK de l’opérateur : AT+CPIN="<puk>","<nouveau pin>".') });
    else if (sim?.state === 'busy') steps.push({ text: l('Wait a few seconds and check again.', 'Attendre quelques secondes et revérifier.') });
    else {
      steps.push({ text: l('Power off, re-seat the SIM (contacts clean, right orientation), power on.', 'Éteindre, remettre la SIM en place (contacts propres, bon sens), rallumer.') });
      steps.push({ text: l('Try the SIM in a phone; check the SIM holder and its SIM_DETECT wiring on custom boards.', 'Essayer la SIM dans un téléphone ; vérifier le support SIM et le câblage SIM_DETECT sur les cartes maison.') });
    }
    return {
      id: 'sim-not-ready',
      severity: sim?.state === 'busy' ? 'warning' : 'error',
      title: l('The SIM is not ready', 'La SIM n’est pas prête'),
      detail: sim && sim.state !== 'ready' ? SIM_TEXT[sim.state] : hostSays.length && errs.length === 0 ? SIM_TEXT['not-inserted'] : l('A SIM error was reported.', 'Une erreur SIM a été signalée.'),
      nextSteps: steps,
      source: this.source,
      evidence: [...(sim && sim.state !== 'ready' ? [`+CPIN: ${sim.text}`] : []), ...errorEvidence(errs)],
    };
  },
};

export const radioOff: Rule = {
  id: 'radio-off',
  severity: 'error',
  source: '3GPP TS 27.007 §8.2 (+CFUN); at-knowledge.md §0 fact 1, §9 (!PCINFO)',
  evaluate(input, d) {
    const s = input.snapshot;
    const level = s?.functionality?.level ?? null;
    // Older !PCINFO prints "State: LowPowerMode"; any LPM voter at 1 holds the radio off too.
    const lpm = (s?.powerControl?.lowPower ?? false) || (s?.powerControl?.activeVoters.length ?? 0) > 0 || /low\s*power/i.test(s?.powerControl?.state ?? '');
    const gMode = s?.gstatus?.mode ?? null;
    const gLpm = gMode !== null && /low power/i.test(gMode);
    const errs = d.errorsByFinding.get('radio-off') ?? [];
    const off = level === 0 || level === 4;
    // qmicli --dms-get-operating-mode "low-power", mmcli "power state: low" (only when no AT answer says otherwise).
    const hostSays = level === null ? input.signals.filter((x) => x.kind === 'radio-low-power') : [];
    if (!off && !lpm && !gLpm && errs.length === 0 && hostSays.length === 0) return null;
    const voters = s?.powerControl?.activeVoters ?? [];
    const imageVoter = voters.some((v) => v === 'IMSWITCH' || v === 'GOBIIM');
    const reasons: string[] = [];
    const reasonsFr: string[] = [];
    if (off) {
      reasons.push(`AT+CFUN? reports ${level} (${level === 0 ? 'minimum functionality' : 'flight mode'}).`);
      reasonsFr.push(`AT+CFUN? indique ${level} (${level === 0 ? 'fonctionnalité minimale' : 'mode avion'}).`);
    }
    if (lpm || gLpm) {
      reasons.push(`The module is in low-power mode${voters.length ? `, held there by: ${voters.join(', ')}` : ''}.`);
      reasonsFr.push(`Le module est en mode basse consommation${voters.length ? `, maintenu par : ${voters.join(', ')}` : ''}.`);
    }
    if (imageVoter) {
      reasons.push('IMSWITCH/GOBIIM means the preferred image does not match what is installed: fix the carrier image, then reset.');
      reasonsFr.push('IMSWITCH/GOBIIM signifie que l’image préférée ne correspond pas à ce qui est installé : corriger l’image opérateur, puis redémarrer.');
    }
    if (hostSays.length > 0 && !off && !lpm && !gLpm) {
      reasons.push(`The host tool reports the module in low-power mode (${hostSays[0]!.text}).`);
      reasonsFr.push(`L’outil de l’hôte indique le module en mode basse consommation (${hostSays[0]!.text}).`);
    }
    if (voters.includes('W_DISABLE')) {
      reasons.push('W_DISABLE: the host holds the radio-disable pin.');
      reasonsFr.push('W_DISABLE : l’hôte maintient la broche de désactivation radio.');
    }
    const steps: NextStep[] = [];
    if (imageVoter) steps.push({ text: l('Fix the image preference first (see the carrier finding).', 'Corriger d’abord la préférence d’image (voir le constat sur l’image opérateur).') });
    else if (voters.includes('W_DISABLE')) steps.push({ text: l('Release W_DISABLE on the host board.', 'Relâcher W_DISABLE sur la carte hôte.') });
    else steps.push({ text: l('Turn the radio on with AT+CFUN=1.', 'Allumer la radio avec AT+CFUN=1.'), action: RADIO_ON });
    steps.push({
      text: l(
        'If AT+CFUN=1 answers "+CME ERROR: operation not supported", the image preference does not match an installed image (AT!IMPREF?).',
        'Si AT+CFUN=1 répond « +CME ERROR: operation not supported », la préférence d’image ne correspond à aucune image installée (AT!IMPREF?).',
      ),
    });
    return {
      id: 'radio-off',
      severity: 'error',
      title: l('The radio is off', 'La radio est coupée'),
      detail: { en: reasons.join(' ') || 'An error reports the radio off.', fr: reasonsFr.join(' ') || 'Une erreur signale la radio coupée.' },
      nextSteps: steps,
      source: this.source,
      evidence: [...(level !== null ? [`+CFUN: ${level}`] : []), ...(s?.powerControl?.state ? [`State: ${s.powerControl.state}`] : []), ...errorEvidence(errs)],
    };
  },
};

const STAT_TEXT: Readonly<Record<number, Localized>> = {
  0: l('not registered and not searching', 'non enregistré et ne cherche pas'),
  2: l('searching for a network', 'recherche d’un réseau'),
  3: l('registration denied by the network', 'enregistrement refusé par le réseau'),
  4: l('registration state unknown', 'état d’enregistrement inconnu'),
};

/** What !GSTATUS? says about registration: not attached / deregistered / no service / no uplink. */
function gstatusUnregistered(g: GStatus | null): string[] {
  if (!g) return [];
  const out: string[] = [];
  if (g.psState && /not attached/i.test(g.psState)) out.push(`PS state: ${g.psState}`);
  if (g.emmState && /deregistered|no service|limited/i.test(g.emmState)) out.push(`EMM state: ${g.emmState}`);
  const mm = g.fields['MM (CS) state'] ?? null;
  if (mm && /no service|limited/i.test(mm)) out.push(`MM (CS) state: ${mm}`);
  if (g.lteTxChannel === NO_CHANNEL) out.push('LTE Tx chan: 4294967295 (no uplink)');
  return out;
}

export const notRegistered: Rule = {
  id: 'not-registered',
  severity: 'warning',
  source: '3GPP TS 27.007 §7.2, §10.1.20 (+CREG/+CGREG/+CEREG stat); at-knowledge.md §0 fact 10, §5 (!GSTATUS PS/EMM state), §9',
  evaluate(input, d) {
    const s = input.snapshot;
    if (!s) return null;
    // No SIM explains it already. Radio off does too, but a registration state printed while the
    // radio is off is still the module's answer: it is reported (with the radio-off finding first).
    const level = s.functionality?.level;
    const radioOff = level === 0 || level === 4 || Boolean(s.powerControl?.lowPower);
    if (s.sim && s.sim.state !== 'ready') return null;
    const regs = [s.registration.eps, s.registration.ps, s.registration.cs].filter((r) => r !== null);
    const errs = d.errorsByFinding.get('not-registered') ?? [];
    const g = [...gstatusUnregistered(s.gstatus), ...input.signals.filter((x) => x.kind === 'attach-rejected').map((x) => x.text)];
    if (regs.length === 0 && errs.length === 0 && g.length === 0) return null;
    if (radioOff && regs.length === 0 && errs.length === 0) return null;
    // A named operator in +COPS, or any domain registered, is registration (the LTE attach may lag).
    const copsNamed = Boolean(s.operator?.operator);
    if ((regs.some((r) => isRegistered(r!)) || copsNamed) && errs.length === 0 && g.length === 0) return null;
    if (copsNamed && errs.length === 0 && g.length > 0 && regs.some((r) => isRegistered(r!))) return null;
    if (regs.length === 0 && errs.length === 0 && g.length === 0) return null;
    const worst = regs.find((r) => r!.stat === 3) ?? regs.find((r) => !isRegistered(r!)) ?? null;
    if (!worst && g.length === 0 && errs.length === 0) return null;
    const stat = worst?.stat ?? null;
    const text = stat !== null ? (STAT_TEXT[stat] ?? l(`registration state ${stat}`, `état d’enregistrement ${stat}`)) : g.length ? l(g.join(', '), g.join(', ')) : l('a network error', 'une erreur réseau');
    const steps: NextStep[] = [
      { text: l('Check the antennas (main and diversity) are connected.', 'Vérifier que les antennes (principale et diversité) sont branchées.') },
      { text: l('Check the band and RAT selection: AT!SELRAT? should be 00 (automatic), AT!BAND? 00 (all bands).', 'Vérifier la sélection de bandes et de RAT : AT!SELRAT? devrait être 00 (automatique), AT!BAND? 00 (toutes bandes).') },
    ];
    if (stat === 3) steps.unshift({ text: l('Denied: the SIM or subscription is refused; call the operator.', 'Refusé : la SIM ou l’abonnement est rejeté ; appeler l’opérateur.') });
    if (radioOff) steps.unshift({ text: l('The radio is off: turn it on first (see the radio finding); registration follows.', 'La radio est coupée : l’allumer d’abord (voir le constat radio) ; l’enregistrement suit.') });
    else if (g.length && stat === null) steps.unshift({ text: l('Camped but not attached: check the SIM is provisioned for data on this network and the APN (AT+CGDCONT?).', 'Accroché mais pas attaché : vérifier que la SIM est activée pour la data sur ce réseau et l’APN (AT+CGDCONT?).') });
    return {
      id: 'not-registered',
      severity: stat === 3 ? 'error' : 'warning',
      title: l('Not registered on a network', 'Pas enregistré sur un réseau'),
      detail: l(`The module reports: ${text.en}.`, `Le module indique : ${text.fr}.`),
      nextSteps: steps,
      source: this.source,
      evidence: [...regs.map((r) => `${r!.domain} stat ${r!.stat}`), ...g, ...errorEvidence(errs)],
    };
  },
};

export const weakSignal: Rule = {
  id: 'weak-signal',
  severity: 'warning',
  source: 'at-knowledge.md §5 (LTE rules of thumb: RSRP < −100 dBm poor, SINR < 0 dB poor; RxM/RxD gap)',
  evaluate(input) {
    const g = input.snapshot?.gstatus ?? null;
    const csq = input.snapshot?.signal ?? null;
    const facts: string[] = [];
    const factsFr: string[] = [];
    if (g?.rsrp !== null && g?.rsrp !== undefined && g.rsrp < -100) {
      facts.push(`RSRP ${g.rsrp} dBm is poor (below −100).`);
      factsFr.push(`RSRP ${g.rsrp} dBm est faible (sous −100).`);
    }
    if (g?.sinr !== null && g?.sinr !== undefined && g.sinr < 0) {
      facts.push(`SINR ${g.sinr} dB is poor (below 0).`);
      factsFr.push(`SINR ${g.sinr} dB est faible (sous 0).`);
    }
    if (!g?.rsrp && csq?.rssiDbm !== null && csq?.rssiDbm !== undefined && csq.rssiDbm <= -101) {
      // Our own threshold for 2G/3G-style RSSI when no LTE measurement exists.
      facts.push(`RSSI ${csq.rssiDbm} dBm (+CSQ ${csq.rssiIndex}) is very low.`);
      factsFr.push(`RSSI ${csq.rssiDbm} dBm (+CSQ ${csq.rssiIndex}) est très faible.`);
    }
    const rxd = g ? Number.parseFloat(g.fields['PCC RxD RSRP'] ?? '') : NaN;
    if (g?.rsrp !== null && g?.rsrp !== undefined && Number.isFinite(rxd) && g.rsrp - rxd >= 20) {
      facts.push(`The diversity antenna reads ${rxd} dBm against ${g.rsrp} on the main one: it may be disconnected.`);
      factsFr.push(`L’antenne de diversité lit ${rxd} dBm contre ${g.rsrp} sur la principale : elle est peut-être débranchée.`);
    }
    if (facts.length === 0) return null;
    return {
      id: 'weak-signal',
      severity: 'warning',
      title: l('Weak radio signal', 'Signal radio faible'),
      detail: { en: facts.join(' '), fr: factsFr.join(' ') },
      nextSteps: [
        { text: l('Check both antenna cables and connectors (main and diversity).', 'Vérifier les deux câbles et connecteurs d’antenne (principale et diversité).') },
        { text: l('Move the antenna away from metal and electronics, or use an external antenna.', 'Éloigner l’antenne du métal et de l’électronique, ou utiliser une antenne externe.') },
      ],
      source: this.source,
      evidence: [g?.rsrp != null ? `RSRP ${g.rsrp}` : null, g?.sinr != null ? `SINR ${g.sinr}` : null, csq ? `+CSQ ${csq.rssiIndex}` : null].filter((x): x is string => x !== null),
    };
  },
};

export const passwordRequired: Rule = {
  id: 'password-required',
  severity: 'info',
  source: 'at-knowledge.md §6 (AT!ENTERCND)',
  evaluate(input, d) {
    const locked = Object.values(input.snapshot?.answers ?? {}).filter((a) => a?.passwordRequired);
    const errs = (d.errorsByFinding.get('password-required') ?? []).filter((e) => e.text.includes('!') || e.code === 3);
    const fromText = input.lockedCommands ?? [];
    if (locked.length === 0 && errs.length === 0 && fromText.length === 0) return null;
    const cmds = [...new Set([...locked.map((a) => a!.command), ...fromText])];
    return {
      id: 'password-required',
      severity: 'info',
      title: l('Some commands need the AT!ENTERCND password', 'Certaines commandes demandent le mot de passe AT!ENTERCND'),
      detail: l(
        `Protected commands answered ERROR${cmds.length ? ` (${cmds.join(', ')})` : ''}. Sierra modules gate factory commands behind AT!ENTERCND; the unlock lasts until the next reset.`,
        `Des commandes protégées ont répondu ERROR${cmds.length ? ` (${cmds.join(', ')})` : ''}. Les modules Sierra protègent les commandes d’usine par AT!ENTERCND ; le déverrouillage dure jusqu’au prochain redémarrage.`,
      ),
      nextSteps: [
        { text: l('Send AT!ENTERCND="A710" (the published default) before the protected command; repeat after every reset.', 'Envoyer AT!ENTERCND="A710" (valeur par défaut publiée) avant la commande protégée ; recommencer après chaque redémarrage.') },
      ],
      source: this.source,
      evidence: [...cmds, ...errorEvidence(errs)],
    };
  },
};

export const dataCallFailed: Rule = {
  id: 'data-call-failed',
  severity: 'error',
  source: 'libqmi QmiProtocolError 14 CallFailed (at-knowledge.md §1); 27.007 §9.2; at-knowledge.md §5 (PS not attached while camped)',
  evaluate(input, d) {
    const errs = d.errorsByFinding.get('data-call-failed') ?? [];
    const noCarrier = input.signals.filter((s) => s.kind === 'no-carrier' || s.kind === 'data-call-refused');
    const live = d.campedNotAttached;
    if (errs.length === 0 && noCarrier.length === 0 && !live) return null;
    const parts: Localized[] = [];
    const qmi14 = errs.find((e) => e.source === 'qmi' && e.code === 14);
    if (qmi14) parts.push(l('The call failed with QMI error 14 = CallFailed: the network or the module refused to set up the data connection.', 'L’appel a échoué avec l’erreur QMI 14 = CallFailed : le réseau ou le module a refusé d’établir la connexion data.'));
    for (const e of errs.filter((x) => x !== qmi14)) {
      parts.push(l(`${e.source.toUpperCase()} ${e.code ?? ''} = ${e.name}.`.replace(/\s+=/, ' ='), `${e.source.toUpperCase()} ${e.code ?? ''} = ${e.name}.`.replace(/\s+=/, ' =')));
    }
    if (noCarrier.some((s) => s.kind === 'no-carrier')) parts.push(l('A dial attempt ended with NO CARRIER.', 'Une tentative de connexion s’est terminée par NO CARRIER.'));
    for (const r of noCarrier.filter((s) => s.kind === 'data-call-refused').slice(0, 3)) parts.push(l(`The data call was refused: ${r.text}.`, `L’appel data a été refusé : ${r.text}.`));
    if (live) {
      parts.push(
        l(
          `The module is camped on ${d.operatorName ?? 'a network'} but not attached for data (EPS not registered / PS not attached): data calls fail. This points to the APN, the subscription or the carrier configuration, not to the radio.`,
          `Le module est accroché à ${d.operatorName ?? 'un réseau'} mais pas attaché pour la data (EPS non enregistré / PS non attaché) : les appels data échouent. Cela désigne l’APN, l’abonnement ou la configuration opérateur, pas la radio.`,
        ),
      );
      if (errs.length === 0 && noCarrier.length === 0) {
        // Attach follows camping by a few seconds on a healthy module: say so rather than alarm.
        parts.push(l('If the module started less than a minute ago, check again: the attach may still be in progress.', 'Si le module a démarré il y a moins d’une minute, revérifiez : l’attachement est peut-être encore en cours.'));
      }
    }
    const steps: NextStep[] = [];
    const carrier = d.currentCarrier;
    if (carrier && carrier !== 'GENERIC' && d.frenchOperator) {
      steps.push({ text: l(`Fix the carrier image first: ${carrier} does not suit ${d.frenchOperator.name} (see the carrier finding).`, `Corriger d’abord l’image opérateur : ${carrier} ne convient pas à ${d.frenchOperator.name} (voir le constat sur l’image opérateur).`) });
    }
    const op = d.frenchOperator;
    const ctx1 = input.snapshot?.pdpContexts?.find((c) => c.cid === 1) ?? null;
    if (op && op.apns.length > 0) {
      const apn = op.apns[0]!.apn;
      const current = ctx1 ? (ctx1.apn === '' ? l('empty (network default)', 'vide (valeur réseau)') : l(`"${ctx1.apn}"`, `« ${ctx1.apn} »`)) : null;
      steps.push({
        text: l(
          `Use ${op.name}'s APN: usually "${apn}" (others: ${op.apns.slice(1).map((a) => a.apn).join(', ')}).${current ? ` Context 1 is now ${current.en}.` : ''}`,
          `Utiliser l’APN ${deFr(op.name)} : en général « ${apn} » (autres : ${op.apns.slice(1).map((a) => a.apn).join(', ')}).${current ? ` Le contexte 1 est actuellement ${current.fr}.` : ''}`,
        ),
        action: ctx1?.apn.toLowerCase() === apn ? undefined : setApn(1, ctx1?.pdpType || 'IPV4V6', apn),
      });
    } else {
      steps.push({ text: l("Check the APN (AT+CGDCONT?) against the operator's.", "Comparer l’APN (AT+CGDCONT?) à celui de l’opérateur.") });
    }
    steps.push({ text: l('Check the subscription includes data (try the SIM in a phone).', 'Vérifier que l’abonnement inclut la data (essayer la SIM dans un téléphone).') });
    return {
      id: 'data-call-failed',
      severity: 'error',
      title: l('Data calls fail', 'Les appels data échouent'),
      detail: { en: parts.map((p) => p.en).join(' '), fr: parts.map((p) => p.fr).join(' ') },
      nextSteps: steps,
      source: this.source,
      evidence: [...errorEvidence(errs), ...noCarrier.map((s) => s.text), ...(live ? ['PS state: Not attached'] : [])],
    };
  },
};
