/**
 * What the snapshot card shows, as plain rows: the Svelte component only lays them out.
 * Identifiers are masked unless the user revealed them on this screen.
 */
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import { isRegistered, type Registration } from '../../codec/at/network.ts';
import { maskIccid, maskImei, maskImsi } from '../../codec/at/redact.ts';
import { NO_CHANNEL } from '../../codec/at/gstatus.ts';
import { platformInfo } from '../../knowledge/firmware/platforms.ts';
import { lineOfModel } from '../../knowledge/profiles/models.ts';
import { releaseOf } from '../../knowledge/firmware/releases.ts';
import { loc } from '../i18n/messages.ts';
import { diagnosisMessages as m } from './messages.ts';

export interface CardRow {
  readonly label: string;
  readonly value: string;
  /** Monospace: modem output and identifiers. */
  readonly code?: boolean;
}

export interface CardSection {
  readonly id: 'identity' | 'carrier' | 'sim' | 'radio' | 'network' | 'data';
  readonly heading: string;
  readonly rows: readonly CardRow[];
}

const unknown = () => m.t('unknown');

export function registrationText(r: Registration | null): string {
  if (!r) return unknown();
  if (r.stat === 1) return m.t('regHome');
  if (r.stat === 5) return m.t('regRoaming');
  if (r.stat === 2) return m.t('regSearching');
  if (r.stat === 3) return m.t('regDenied');
  if (r.stat === 0) return m.t('regNotSearching');
  return isRegistered(r) ? m.t('regHome') : m.t('regUnknown', { stat: r.stat });
}

function cfunText(level: number | null): string {
  if (level === null) return unknown();
  if (level === 0) return m.t('cfun0');
  if (level === 1) return m.t('cfun1');
  if (level === 4) return m.t('cfun4');
  return String(level);
}

/** `!SELRAT` indexes as Sierra documents them (ModemManager's sierra plugin uses the same); an unknown one is shown as the modem says it. */
function ratText(index: number, name: string): string {
  const known = ['rat_0', 'rat_1', 'rat_2', 'rat_3', 'rat_4', 'rat_5', 'rat_6', 'rat_7'] as const;
  const key = known[index];
  return key ? m.t(key) : `${String(index).padStart(2, '0')} ${name}`;
}

/** `!GSTATUS` "PS state": Attached / Not attached (kept as the modem says it when it is anything else). */
function psText(ps: string | null): string | null {
  if (ps === null) return null;
  if (/^not\s+attached|^detached/i.test(ps.trim())) return m.t('notAttached');
  if (/^attached/i.test(ps.trim())) return m.t('attached');
  return ps;
}

export function cardSections(s: ModemSnapshot, reveal: boolean): CardSection[] {
  const id = s.identity;
  const fw = s.firmware;
  const line = lineOfModel(id?.model) ?? platformInfo(fw?.platform)?.line ?? null;
  const rel = line && fw?.version ? releaseOf(line, fw.version) : null;
  const imei = s.imei ?? id?.imei ?? null;
  const identity: CardRow[] = [
    { label: m.t('model'), value: id?.model ?? unknown() },
    { label: m.t('firmware'), value: fw?.firmware ?? unknown(), code: true },
    { label: m.t('release'), value: rel ? loc(rel.label) : unknown() },
    { label: m.t('imei'), value: imei ? (reveal ? imei : maskImei(imei)) : unknown(), code: true },
    ...(s.usbComposition ? [{ label: m.t('usbFunctions'), value: s.usbComposition.functions.join(', ') || unknown(), code: true }] : []),
  ];
  const impref = s.imagePreference;
  const stored = s.images?.slots.filter((x) => x.type === 'PRI' && x.status === 'GOOD' && x.carrier).map((x) => x.carrier!) ?? null;
  const carrier: CardRow[] = [
    { label: m.t('current'), value: impref?.current.config ?? impref?.current.carrier ?? s.priId?.carrierPri?.carrier ?? unknown(), code: true },
    { label: m.t('preferred'), value: impref?.preferred.config ?? impref?.preferred.carrier ?? unknown(), code: true },
    ...(stored ? [{ label: m.t('stored'), value: stored.join(', ') || '—', code: true }] : []),
  ];
  const sim: CardRow[] = [
    { label: m.t('simState'), value: s.sim?.text ?? (s.answers.cpin?.final === null ? m.t('notAnswered') : unknown()), code: true },
    { label: m.t('iccid'), value: s.iccid ? (reveal ? s.iccid : maskIccid(s.iccid)) : unknown(), code: true },
    ...(s.imsi ? [{ label: m.t('imsi'), value: reveal ? s.imsi : maskImsi(s.imsi), code: true }] : []),
  ];
  const g = s.gstatus;
  const radio: CardRow[] = [
    { label: m.t('functionality'), value: cfunText(s.functionality?.level ?? null) },
    { label: m.t('mode'), value: [g?.mode, g?.systemMode].filter(Boolean).join(' · ') || (s.powerControl?.state ?? unknown()) },
    { label: m.t('band'), value: [g?.lteBand ?? g?.wcdmaBand, g?.lteBandwidth].filter(Boolean).join(' · ') || (s.band ? `${s.band.name}` : unknown()) },
    ...(s.ratSelection ? [{ label: m.t('ratSelection'), value: ratText(s.ratSelection.index, s.ratSelection.name) }] : []),
  ];
  const attachedText = psText(g?.psState ?? null) ?? (g?.lteTxChannel === NO_CHANNEL ? m.t('notAttached') : null);
  const network: CardRow[] = [
    { label: m.t('operator'), value: s.operator?.operator ?? unknown() },
    { label: m.t('registration'), value: `${registrationText(s.registration.eps ?? s.registration.cs)}` },
    ...(attachedText ? [{ label: m.t('attach'), value: attachedText }] : []),
    ...(g?.emmState ? [{ label: m.t('emmState'), value: g.emmState, code: true }] : []),
  ];
  const data: CardRow[] = (s.pdpContexts ?? []).map((c) => ({
    label: m.t('apn', { cid: c.cid }),
    value: `${c.apn === '' ? m.t('apnEmpty') : c.apn} (${c.pdpType})`,
    code: true,
  }));
  return [
    { id: 'identity', heading: m.t('identity'), rows: identity },
    { id: 'carrier', heading: m.t('carrierImage'), rows: carrier },
    { id: 'sim', heading: m.t('sim'), rows: sim },
    { id: 'radio', heading: m.t('radio'), rows: radio },
    { id: 'network', heading: m.t('network'), rows: network },
    { id: 'data', heading: m.t('data'), rows: data.length ? data : [{ label: m.t('apn', { cid: 1 }), value: unknown() }] },
  ];
}
