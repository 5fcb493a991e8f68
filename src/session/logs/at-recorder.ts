/**
 * Logs an AT session: every command as written, every response with its final result, URCs,
 * late answers, commands that never got an answer, and the raw bytes both ways.
 */
import type { AtSession } from '../at/at-session.ts';
import { describeFinal } from '../../codec/at/final-result.ts';
import { LiveFindings } from './live-findings.ts';
import type { Journal } from './journal.ts';

export interface AtRecordOptions {
  /** Log the session's loss as an error (off when the connection already reports it). */
  readonly reportLoss?: boolean;
  /** Quiet time after the last diagnostic answer before the rules run (default 1 s). */
  readonly findingsSettleMs?: number;
  /** Run the diagnosis rules over the answers (default true; a flow's own reads are not a check). */
  readonly findings?: boolean;
}

export function recordAtSession(log: Journal, session: AtSession, options: AtRecordOptions = {}): () => void {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pending: string | null = null;
  const findings = options.findings === false ? null : new LiveFindings(log, { settleMs: options.findingsSettleMs ?? 1000 });
  const offs = [
    session.events.on('tx', ({ bytes }) => {
      log.raw('tx', bytes);
      // One command in flight at a time: a new one while the last is unanswered means the last gave up.
      if (pending !== null) log.append({ kind: 'at-no-answer', command: pending });
      pending = decoder.decode(bytes).replace(/\r$/, '').trim();
      log.append({ kind: 'at-command', command: pending });
    }),
    session.events.on('rx', ({ bytes }) => log.raw('rx', bytes)),
    session.events.on('response', ({ response }) => {
      pending = null;
      log.append({
        kind: 'at-response',
        command: response.command,
        lines: [...response.lines],
        final: describeFinal(response.final),
        ok: response.final.kind === 'ok' || response.final.kind === 'connect',
        durationMs: response.durationMs,
        passwordGate: response.passwordGate,
      });
      findings?.add(response);
    }),
    session.events.on('urc', ({ line }) => log.append({ kind: 'urc', line })),
    session.events.on('line', ({ text, role }) => {
      if (role === 'stale') log.append({ kind: 'at-late', text });
    }),
    session.events.on('closed', ({ reason, error }) => {
      if (pending !== null) log.append({ kind: 'at-no-answer', command: pending });
      pending = null;
      if (reason === 'device-lost' && options.reportLoss !== false) log.error('at', error?.code ?? 'device-lost', error?.message ?? 'The modem went away.');
    }),
  ];
  return () => {
    for (const off of offs) off();
    findings?.dispose();
  };
}

/**
 * A guided flow's own AT session (its reads, AT!BOOTHOLD, AT!IMPREF, AT!RESET…): every command
 * is logged and counted like the console's. Its port going away is the flow's doing (a reset,
 * download mode), not an error, and its reads are not a diagnosis. Stops when the session closes.
 */
export function recordFlowAtSession(log: Journal, session: AtSession): void {
  const stop = recordAtSession(log, session, { reportLoss: false, findings: false });
  const off = session.events.on('closed', () => {
    off();
    // after the recorder's own 'closed' handler has logged a command left unanswered
    queueMicrotask(stop);
  });
}
