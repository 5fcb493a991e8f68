/**
 * What a replay is built from: a pasted AT transcript as it is, or a Boothold session export
 * (JSON), whose recorded command/answer pairs are turned back into transcript text. Only the
 * fields the replay needs are read, so an export from a newer version still replays.
 */
export type ReplaySourceKind = 'transcript' | 'session-export';

export interface ReplaySource {
  readonly kind: ReplaySourceKind;
  /** Transcript text: command lines, their answer lines, their final result codes. */
  readonly text: string;
}

const SESSION_SCHEMA = 'boothold.session-log';

interface ExportedEvent {
  readonly kind?: unknown;
  readonly command?: unknown;
  readonly lines?: unknown;
  readonly final?: unknown;
  readonly line?: unknown;
}

export function replaySource(input: string): ReplaySource {
  const head = input.trimStart();
  if (head.startsWith('{')) {
    let root: unknown;
    try {
      root = JSON.parse(head);
    } catch {
      return { kind: 'transcript', text: input };
    }
    if (isRecord(root) && root['schema'] === SESSION_SCHEMA && Array.isArray(root['events'])) {
      return { kind: 'session-export', text: transcriptOfEvents(root['events'] as readonly ExportedEvent[]) };
    }
  }
  return { kind: 'transcript', text: input };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `at-response` events become `AT…` / lines / final; URCs stay as loose lines. */
export function transcriptOfEvents(events: readonly ExportedEvent[]): string {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'at-response' && typeof e.command === 'string' && typeof e.final === 'string') {
      out.push(e.command);
      if (Array.isArray(e.lines)) for (const l of e.lines) if (typeof l === 'string') out.push(l);
      out.push(e.final);
    } else if (e.kind === 'urc' && typeof e.line === 'string') {
      out.push(e.line);
    }
  }
  return out.join('\n');
}
