/**
 * How long each command may take before the session gives up on it. Most commands answer in
 * milliseconds; a few wait on the network or the radio and need far longer. Values follow
 * 27.007 guidance where it exists (network scan, PDP activation) and Sierra transcripts.
 */
import { parseCommand } from '../../codec/at/command.ts';

export const DEFAULT_TIMEOUT_MS = 5000;

interface TimeoutRule {
  readonly name: string;
  /** Restrict to a form; absent: every form. */
  readonly form?: 'read' | 'test' | 'set' | 'execute';
  readonly ms: number;
}

const RULES: readonly TimeoutRule[] = [
  // A full PLMN scan visits every band and can run for minutes.
  { name: '+COPS', form: 'test', ms: 180_000 },
  // Manual/automatic selection waits for the network.
  { name: '+COPS', form: 'set', ms: 180_000 },
  // !GSTATUS? collects radio measurements; several seconds on a cold radio.
  { name: '!GSTATUS', ms: 15_000 },
  { name: '!LTEINFO', ms: 15_000 },
  // Radio on/off and PDP activation wait for the network (27.007 allows 150 s).
  { name: '+CFUN', form: 'set', ms: 30_000 },
  { name: '+CGACT', form: 'set', ms: 150_000 },
  { name: '+CGATT', form: 'set', ms: 150_000 },
  { name: '!SCACT', form: 'set', ms: 150_000 },
  { name: 'D', ms: 60_000 },
  // Image and preference changes write flash.
  { name: '!IMPREF', form: 'set', ms: 20_000 },
  { name: '!GOBIIMPREF', form: 'set', ms: 20_000 },
  { name: '!IMAGE', ms: 10_000 },
  { name: '+CLCK', ms: 20_000 },
  { name: '+CPIN', form: 'set', ms: 20_000 },
];

export function defaultTimeoutFor(command: string, fallback = DEFAULT_TIMEOUT_MS): number {
  const parsed = parseCommand(command);
  if (!parsed) return fallback;
  for (const r of RULES) {
    if (r.name === parsed.name && (r.form === undefined || r.form === parsed.form)) return Math.max(r.ms, fallback);
  }
  return fallback;
}
