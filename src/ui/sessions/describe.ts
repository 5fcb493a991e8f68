/**
 * One log event as a line a person reads, in a given language. Shared by the session view and
 * the text/HTML reports so they always say the same thing.
 */
import { parseBusNote } from '../../session/link/bus-timeline.ts';
import type { Locale } from '../../text/locale.ts';
import type { LogEvent, JournalOutcome } from '../../session/logs/schema.ts';
import { formatBytes, tr } from './format.ts';
import { sessionsMessages } from './messages.ts';
import type { SessionsKey } from './messages.ts';

export type EventTone = 'command' | 'answer' | 'error' | 'step' | 'info' | 'urc';

export interface DescribedEvent {
  readonly seq: number;
  readonly t: number;
  readonly tone: EventTone;
  /** Main text (modem output verbatim). */
  readonly text: string;
  /** Answer lines under a command, verbatim. */
  readonly lines: readonly string[];
  readonly group: 'at' | 'steps' | 'other';
  /** The lines come before the text (an answer's lines, then its final result). */
  readonly linesFirst?: boolean;
}

export function outcomeLabel(o: JournalOutcome, locale: Locale): string {
  return tr(locale, `outcome.${o}` as SessionsKey);
}

/** The flows a session ran, in words ("Check and console" when none ran). */
/** Every path that records into a journal under its own flow id (the flows, the write job's paths, UART). */
const NAMED_FLOWS: ReadonlySet<string> = new Set(['update', 'carrier', 'rescue', 'flash', 'batch', 'uart']);

export function flowsLabel(flows: readonly string[], locale: Locale): string {
  const known = flows.filter((f) => NAMED_FLOWS.has(f));
  return known.length ? known.map((f) => tr(locale, `flow.${f}` as SessionsKey)).join(', ') : tr(locale, 'flow.none');
}

/**
 * A session's result as a person would say it: the outcome and, when a code is recorded, why in
 * words (an OK session keeps the code of the trouble it got past: "OK (after: …)"). A code this
 * list does not know is shown as it is.
 */
export function outcomeText(o: JournalOutcome, code: string | null, locale: Locale): string {
  const outcome = outcomeLabel(o, locale);
  if (!code) return outcome;
  const known = (sessionsMessages.tables[locale] as Readonly<Record<string, string>>)[`reason.${code}`];
  const words = known ?? code;
  return tr(locale, o === 'ok' ? 'outcomeRecovered' : 'outcomeWithReason', { outcome, reason: words });
}

export function describeEvent(e: LogEvent, locale: Locale): DescribedEvent {
  const base = { seq: e.seq, t: e.t };
  switch (e.kind) {
    case 'connection':
      return { ...base, tone: e.phase === 'lost' || e.phase === 'failed' ? 'error' : 'info', text: tr(locale, `ev.connection.${e.phase}`, { port: e.port ?? '?' }), lines: [], group: 'steps' };
    case 'at-command':
      return { ...base, tone: 'command', text: e.command, lines: [], group: 'at' };
    case 'at-response':
      return { ...base, tone: e.ok ? 'answer' : 'error', text: e.final, lines: e.lines, group: 'at', linesFirst: true };
    case 'at-no-answer':
      return { ...base, tone: 'error', text: tr(locale, 'ev.at-no-answer', { command: e.command }), lines: [], group: 'at' };
    case 'at-late':
      return { ...base, tone: 'info', text: tr(locale, 'ev.at-late', { text: e.text }), lines: [], group: 'at' };
    case 'urc':
      return { ...base, tone: 'urc', text: tr(locale, 'ev.urc', { line: e.line }), lines: [], group: 'at' };
    case 'flow-step': {
      const text = tr(locale, `ev.step.${e.status}`, { flow: e.flow, step: e.step });
      return { ...base, tone: e.status === 'failed' ? 'error' : 'step', text: e.detail ? `${text} — ${e.detail}` : text, lines: [], group: 'steps' };
    }
    case 'error':
      return { ...base, tone: 'error', text: tr(locale, 'ev.error', { code: e.code, source: e.source, message: e.message }), lines: e.detail ? [e.detail] : [], group: 'steps' };
    case 'findings':
      return { ...base, tone: 'step', text: tr(locale, 'ev.findings', { count: e.findings.length }), lines: e.findings.map((f) => `${tr(locale, `severity.${f.severity}`)} — ${f.title[locale]}`), group: 'steps' };
    case 'protocol':
      return { ...base, tone: e.dir === 'error' ? 'error' : 'info', text: tr(locale, 'ev.protocol', { dir: e.dir === 'h2d' ? '→' : e.dir === 'd2h' ? '←' : '·', text: e.text }), lines: [], group: 'other' };
    case 'progress':
      return {
        ...base,
        tone: 'info',
        text: tr(locale, 'ev.progress', { phase: e.phase, part: e.part ?? '', done: formatBytes(e.bytesDone, locale), total: formatBytes(e.bytesTotal, locale) }),
        lines: [],
        group: 'other',
      };
    case 'result':
      return {
        ...base,
        tone: e.outcome === 'ok' ? 'step' : 'error',
        text: tr(locale, 'ev.result', { outcome: outcomeLabel(e.outcome, locale) }) + (e.code ? ` (${e.code})` : ''),
        lines: e.message ? [e.message] : [],
        group: 'steps',
      };
    case 'note': {
      // the module link's bus record is data for the timeline picture, not text to read: say it in words
      const bus = parseBusNote(e.text);
      if (bus) {
        const count = (id: 'app' | 'download') => bus.spans.filter((x) => x.identity === id).length;
        return { ...base, tone: 'info', text: tr(locale, 'ev.bus', { app: count('app'), download: count('download'), s: Math.round(bus.end / 1000) }), lines: [], group: 'steps' };
      }
      return { ...base, tone: 'info', text: tr(locale, 'ev.note', { text: e.text }), lines: [], group: 'steps' };
    }
  }
}
