/**
 * Logs a guided flow (update, carrier switch, rescue) from its public events: every phase
 * entered, prompts to the user, failures with their code, the flow's own log lines, and the
 * result. Holds the session open while the flow runs, so the modem's resets and re-enumerations
 * stay in one session. Typed structurally on what it reads, so the flow can grow freely.
 */
import type { Emitter } from '../../core/emitter.ts';
import type { Journal } from './journal.ts';
import type { ModemState } from './schema.ts';

/** What a flow read from the modem (ModemFacts, structurally): the revision and the carrier in use. */
export interface FlowFactsLike {
  readonly revision: string | null;
  readonly impref: { readonly current: { readonly carrier: string | null } } | null;
}

export interface FlowViewLike {
  readonly kind: string;
  readonly phase: string;
  readonly status: 'running' | 'needs-user' | 'failed' | 'done' | 'cancelled';
  readonly prompt: { readonly kind: string } | null;
  readonly failure: { readonly code: string; readonly message: string; readonly detail: string | null } | null;
  /** The modem before the flow and as read back at its end (update, carrier switch). */
  readonly before?: FlowFactsLike | null;
  readonly after?: FlowFactsLike | null;
}

function stateOf(f: FlowFactsLike): ModemState {
  return { firmware: f.revision, carrier: f.impref?.current.carrier ?? null };
}

export interface FlowLike {
  readonly kind: string;
  readonly events: Pick<Emitter<{ state: FlowViewLike; log: { readonly at: number; readonly text: string } }>, 'on'>;
}

export function recordGuidedFlow(log: Journal, flow: FlowLike): () => void {
  let release: (() => void) | null = log.hold();
  let last: FlowViewLike | null = null;
  const offState = flow.events.on('state', (v) => {
    const prev = last;
    last = v;
    if (prev?.phase !== v.phase) log.step(flow.kind, v.phase, 'started');
    if (prev?.status === v.status && prev.prompt?.kind === v.prompt?.kind) return;
    switch (v.status) {
      case 'needs-user':
        log.step(flow.kind, v.phase, 'info', v.prompt ? `asks the user: ${v.prompt.kind}` : 'waits for the user');
        break;
      case 'failed':
        if (v.failure) {
          log.step(flow.kind, v.phase, 'failed', v.failure.code);
          log.error(flow.kind, v.failure.code, v.failure.message, v.failure.detail ?? undefined);
          log.result('failed', v.failure.code, v.failure.message);
        }
        break;
      case 'done':
        log.step(flow.kind, v.phase, 'done');
        // the session now describes the modem as the flow left it, not as it was found
        if (v.after) log.flowState?.(flow.kind, v.before ? stateOf(v.before) : null, stateOf(v.after));
        log.result('ok', null, null);
        release?.();
        release = null;
        break;
      case 'cancelled':
        log.result('cancelled', null, null);
        release?.();
        release = null;
        break;
      case 'running':
        break;
    }
  });
  const offLog = flow.events.on('log', ({ text }) => log.note(`${flow.kind}: ${text}`));
  return () => {
    offState();
    offLog();
    release?.();
    release = null;
  };
}
