/**
 * A guided flow as the app's one job (ui/job): what the header, the tab and the job screen say
 * while it runs, and its one way to stop. The job lasts while the flow works or asks; it ends
 * when the flow is done, stopped or failed (a retry after a failure starts it again).
 */
import type { FlowView, GuidedFlow } from '../../session/flows/guided-flow.ts';
import { phasesOf } from '../../session/flows/phases.ts';
import { beginJob, type JobHandle, type JobReading, type JobSource } from '../job/job.svelte.ts';
import { downloadDoing, transferOfDownload } from '../job/job-format.ts';
import { jobMessages as jm } from '../job/messages.ts';
import { promptTitle } from './announce.ts';
import { flowMessages as m } from './messages.ts';

type PhaseKey = Parameters<typeof m.t>[0];
const phaseLabel = (p: string) => m.t(`phase_${p}` as PhaseKey);

/** Stops at once before the write; once writing, only after the user said yes. */
export function stopFlow(flow: GuidedFlow | null): void {
  if (!flow) return;
  if (flow.cancel() === 'needs-confirmation' && confirm(m.t('cancelConfirm'))) flow.cancel({ confirmed: true });
}

export function readFlow(view: FlowView, flow: () => GuidedFlow | null): JobReading {
  const kind = jm.t(`kind_${view.kind}`);
  // a rescue never read the module over AT: the model it was started with, else its USB identity
  const usb = view.usbLabel ? `${jm.t('theModule')} ${view.usbLabel}` : null;
  const named = view.before?.model ?? flow()?.link.model ?? usb;
  const module = named ?? jm.t('theModule');
  const stages = phasesOf(view.kind);
  const writing = view.phase === 'flash' && view.status === 'running';
  const asks = view.status === 'needs-user' && view.prompt !== null;
  // a reconnect prompt is a wait on the module (the user's click only helps the browser find it):
  // it reads as the wait, not as "your turn"
  const turn = asks && view.prompt!.kind !== 'reconnect';
  const asked = asks ? promptTitle(view.prompt!, view.phase) : '';
  const doing = turn
    ? jm.t('yourTurn', { what: asked })
    : writing
      ? downloadDoing(view.transfer ?? { phase: 'detect', part: null })
      : phaseLabel(view.phase);
  const status = turn
    ? jm.t(named ? 'statusYourTurn' : 'statusYourTurnAny', { kind, module, what: asked })
    : writing
      ? jm.t('statusWriting', { module })
      : view.phase === 'wait-download'
        ? jm.t('statusWaitDownload', { module })
        : view.phase === 'wait-app'
          ? jm.t('statusWaitApp', { module })
          : jm.t(named ? 'statusStep' : 'statusStepAny', { kind, module, step: phaseLabel(view.phase) });
  const waiting = view.phase === 'wait-download' || view.phase === 'wait-app' || view.phase === 'watch' || view.phase === 'catch';
  return {
    title: named ? jm.t('titleOn', { kind, module }) : kind,
    status,
    short: jm.t(turn ? 'short_your-turn' : writing ? 'short_writing' : waiting ? 'short_waiting' : 'short_working'),
    stages: stages.map(phaseLabel),
    stage: stages.indexOf(view.phase),
    doing,
    transfer: writing && view.transfer ? transferOfDownload(view.transfer) : null,
    handsOff: writing,
    asksUser: asks,
    stop: { label: jm.t(`stop_${view.kind}`), run: () => stopFlow(flow()) },
  };
}

/**
 * Follows `flow` into the job store; returns the call that ends the job when the flow's run()
 * returns (with the flow's last status).
 */
export function trackFlowJob(flow: GuidedFlow, view: () => FlowView | null): () => void {
  let handle: JobHandle | null = null;
  const source: JobSource = {
    get kind() {
      return view()?.kind ?? 'update';
    },
    read: () => readFlow(view() ?? flow.state, () => flow),
  };
  const follow = (v: FlowView) => {
    if (v.status === 'running' || v.status === 'needs-user') {
      handle ??= beginJob(source);
      return;
    }
    handle?.end(v.status === 'done' ? 'done' : v.status === 'cancelled' || v.failure?.code === 'cancelled' ? 'stopped' : 'failed');
    handle = null;
  };
  follow(flow.state);
  // the flow's latest state, not the event's: a listener that patches while an event is being
  // delivered makes later listeners see the newer state first and the older one after it
  const off = flow.events.on('state', () => follow(flow.state));
  return () => {
    off();
    follow(flow.state.status === 'running' || flow.state.status === 'needs-user' ? { ...flow.state, status: 'cancelled' } : flow.state);
  };
}
