/** A Journal that keeps what is appended in memory, for tests that check the write job's record. */
import type { Journal } from '../logs/journal.ts';
import type { LogEventBody } from '../logs/schema.ts';

export interface MemoryJournal extends Journal {
  readonly bodies: LogEventBody[];
  readonly raw: Journal['raw'] & { readonly chunks: { dir: 'tx' | 'rx'; bytes: Uint8Array }[] };
  holds: number;
  kinds(kind: LogEventBody['kind']): LogEventBody[];
}

export function memoryJournal(): MemoryJournal {
  const bodies: LogEventBody[] = [];
  const chunks: { dir: 'tx' | 'rx'; bytes: Uint8Array }[] = [];
  const append = (b: LogEventBody) => bodies.push(b);
  const raw = Object.assign((dir: 'tx' | 'rx', bytes: Uint8Array) => chunks.push({ dir, bytes }), { chunks });
  const j: MemoryJournal = {
    id: 'memory',
    active: true,
    bodies,
    holds: 0,
    append,
    step: (flow, step, status, detail) => append({ kind: 'flow-step', flow, step, status, detail: detail ?? null }),
    error: (source, code, message, detail) => append({ kind: 'error', source, code, message, detail: detail ?? null }),
    result: (outcome, code = null, message = null) => append({ kind: 'result', outcome, code, message }),
    note: (text) => append({ kind: 'note', text }),
    findings: () => undefined,
    snapshot: () => undefined,
    device: () => undefined,
    raw,
    hold: () => {
      j.holds++;
      return () => void j.holds--;
    },
    kinds: (kind) => bodies.filter((b) => b.kind === kind),
  };
  return j;
}
