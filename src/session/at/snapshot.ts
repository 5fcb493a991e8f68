/**
 * "Check my modem": the command sequence support asks for, adapted to the model (the
 * image-preference query differs on 9x15), run over an AtSession and parsed into a
 * ModemSnapshot. Read-only: nothing here changes the modem's configuration.
 *
 * A command that fails (ERROR, timeout) is recorded and the sequence goes on; only losing
 * the port or the caller's abort stops it.
 */
import { buildSnapshot, type ModemSnapshot, type SnapshotStep, type StepAnswer, type StepAnswers } from '../../codec/at/snapshot.ts';
import { parseAti } from '../../codec/at/identity.ts';
import { findProfile, familyOfPlatform } from '../../knowledge/profiles/models.ts';
import { isAtError } from './errors.ts';
import type { AtSession } from './at-session.ts';

export interface SnapshotProgress {
  readonly step: SnapshotStep;
  readonly command: string;
  /** 0-based index of the step being sent. */
  readonly index: number;
  /** Planned number of steps (fallback commands may add one or two). */
  readonly total: number;
}

export interface SnapshotOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SnapshotProgress) => void;
}

const PLAN: readonly (readonly [SnapshotStep, string])[] = [
  ['ati', 'ATI'],
  ['cgmr', 'AT+CGMR'],
  ['cgsn', 'AT+CGSN'],
  ['impref', 'AT!IMPREF?'],
  ['image', 'AT!IMAGE?'],
  ['priid', 'AT!PRIID?'],
  ['cpin', 'AT+CPIN?'],
  ['iccid', 'AT+CCID'],
  ['cimi', 'AT+CIMI'],
  ['cfun', 'AT+CFUN?'],
  ['pcinfo', 'AT!PCINFO?'],
  ['selrat', 'AT!SELRAT?'],
  ['band', 'AT!BAND?'],
  ['gstatus', 'AT!GSTATUS?'],
  ['cops', 'AT+COPS?'],
  ['cereg', 'AT+CEREG?'],
  ['creg', 'AT+CREG?'],
  ['csq', 'AT+CSQ'],
  ['cgdcont', 'AT+CGDCONT?'],
];

/** The sequence, in order (the image-preference command is replaced per model). */
export const SNAPSHOT_PLAN = PLAN;

export async function runSnapshot(session: AtSession, options: SnapshotOptions = {}): Promise<ModemSnapshot> {
  const answers: StepAnswers = {};
  const total = PLAN.length;
  let index = 0;

  const ask = async (step: SnapshotStep, command: string): Promise<StepAnswer> => {
    options.onProgress?.({ step, command, index, total });
    index++;
    let answer: StepAnswer;
    try {
      const r = await session.send(command, { signal: options.signal });
      answer = { command: r.command, lines: r.lines, final: r.final, passwordRequired: r.passwordGate === 'locked' };
    } catch (e) {
      if (!isAtError(e) || e.code === 'aborted' || e.code === 'device-lost' || e.code === 'closed') throw e;
      answer = { command, lines: [], final: null, failure: e.code };
    }
    (answers as Record<SnapshotStep, StepAnswer>)[step] = answer;
    return answer;
  };

  const ati = await ask('ati', 'ATI');
  const identity = parseAti(ati.lines);
  const profile = findProfile(identity?.model);
  const platformFamily = familyOfPlatform(identity?.revision?.platform ?? null);
  // 9x15 modules only know the Gobi-era query; when the model is unknown, try the modern
  // one first and fall back on ERROR.
  const imprefCommand = profile?.imagePreferenceCommand ?? (platformFamily?.chipset === 'MDM9x15' ? 'AT!GOBIIMPREF?' : 'AT!IMPREF?');

  for (const [step, plain] of PLAN.slice(1)) {
    const command = step === 'impref' ? imprefCommand : plain;
    const a = await ask(step, command);
    if (step === 'impref' && !profile && a.final?.kind !== 'ok' && command === 'AT!IMPREF?') {
      await ask('impref', 'AT!GOBIIMPREF?');
    }
    if (step === 'iccid' && a.final?.kind !== 'ok') {
      // AT+CCID is missing on some firmware; the undocumented AT+ICCID answers `ICCID: …`.
      await ask('iccid', 'AT+ICCID');
    }
  }
  return buildSnapshot(answers);
}

/** The model printed by the snapshot's ATI, for headers. */
export function snapshotModel(s: ModemSnapshot): string | null {
  return s.identity?.model ?? null;
}

