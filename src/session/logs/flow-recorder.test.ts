import { describe, expect, it } from 'vitest';
import { Emitter } from '../../core/emitter.ts';
import { recordGuidedFlow, type FlowViewLike } from './flow-recorder.ts';
import type { LogEventBody } from './schema.ts';
import type { Journal } from './journal.ts';

describe('guided flow recorder', () => {
  it('logs phases, prompts, failures with codes, the flow log, and holds the session until the end', () => {
    const bodies: LogEventBody[] = [];
    let holds = 0;
    const append = (b: LogEventBody) => bodies.push(b);
    const log = {
      append,
      step: (flow, step, status, detail) => append({ kind: 'flow-step', flow, step, status, detail: detail ?? null }),
      error: (source, code, message, detail) => append({ kind: 'error', source, code, message, detail: detail ?? null }),
      result: (outcome, code = null, message = null) => append({ kind: 'result', outcome, code, message }),
      note: (text) => append({ kind: 'note', text }),
      hold: () => (holds++, () => void holds--),
    } as Partial<Journal> as Journal;
    const events = new Emitter<{ state: FlowViewLike; log: { at: number; text: string } }>();
    const off = recordGuidedFlow(log, { kind: 'update', events });
    expect(holds).toBe(1);
    const v = (phase: string, status: FlowViewLike['status'], extra: Partial<FlowViewLike> = {}): FlowViewLike => ({ kind: 'update', phase, status, prompt: null, failure: null, ...extra });
    events.emit('state', v('snapshot', 'running'));
    events.emit('log', { at: 1, text: 'AT!BOOTHOLD accepted' });
    events.emit('state', v('wait-download', 'needs-user', { prompt: { kind: 'reconnect' } }));
    events.emit('state', v('flash', 'failed', { failure: { code: 'download-timeout', message: 'No answer', detail: null } }));
    events.emit('state', v('flash', 'running'));
    events.emit('state', v('verify', 'done'));
    expect(holds).toBe(0);
    off();
    expect(bodies).toEqual([
      { kind: 'flow-step', flow: 'update', step: 'snapshot', status: 'started', detail: null },
      { kind: 'note', text: 'update: AT!BOOTHOLD accepted' },
      { kind: 'flow-step', flow: 'update', step: 'wait-download', status: 'started', detail: null },
      { kind: 'flow-step', flow: 'update', step: 'wait-download', status: 'info', detail: 'asks the user: reconnect' },
      { kind: 'flow-step', flow: 'update', step: 'flash', status: 'started', detail: null },
      { kind: 'flow-step', flow: 'update', step: 'flash', status: 'failed', detail: 'download-timeout' },
      { kind: 'error', source: 'update', code: 'download-timeout', message: 'No answer', detail: null },
      { kind: 'result', outcome: 'failed', code: 'download-timeout', message: 'No answer' },
      { kind: 'flow-step', flow: 'update', step: 'verify', status: 'started', detail: null },
      { kind: 'flow-step', flow: 'update', step: 'verify', status: 'done', detail: null },
      { kind: 'result', outcome: 'ok', code: null, message: null },
    ]);
  });
});

// The real flow fits the structural type the recorder reads.
import type { GuidedFlow } from '../flows/guided-flow.ts';
import type { FlowLike } from './flow-recorder.ts';
export const fits: (f: GuidedFlow) => FlowLike = (f) => f;
