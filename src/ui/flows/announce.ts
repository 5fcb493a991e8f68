/**
 * What the flows page's live region says about a flow: one short sentence per step, prompt and
 * outcome, so someone who cannot see the wizard hears where it stands. Write progress in 10 %
 * steps (the bar itself moves every percent; a screen reader should not).
 */
import type { FlowPrompt, FlowView } from '../../session/flows/guided-flow.ts';
import { flowMessages as m, tp1Messages } from './messages.ts';

type Key = Parameters<typeof m.t>[0];
const phaseLabel = (p: string) => m.t(`phase_${p}` as Key);

/** The heading a prompt shows (and the live region repeats). */
export function promptTitle(prompt: FlowPrompt, phase: string): string {
  switch (prompt.kind) {
    case 'confirm-image':
      return m.t('confirmTitle');
    case 'reconnect':
      return phaseLabel(phase);
    case 'pick-loop-port':
      return m.t('pickLoopTitle');
    case 'tp1':
      return tp1Messages.t('title');
    case 'choose-image':
      return m.t('chooseImageTitle');
    case 'type-model':
      return m.t('typeModelTitle');
  }
}

function promptDetail(prompt: FlowPrompt): string {
  switch (prompt.kind) {
    case 'reconnect':
      return prompt.target === 'download' ? m.t('reconnectRestarting') : m.t('reconnectApp');
    case 'choose-image':
      return m.t('chooseImagePrompt');
    case 'type-model':
      return m.t('typeModelText');
    default:
      return '';
  }
}

/** The verified outcome of a finished flow, or '' when there is none. */
export function verifiedText(view: FlowView): string {
  if (!view.verify) return '';
  return view.kind === 'carrier'
    ? m.t('carrierVerified', { carrier: view.verify.carrier ?? '?' })
    : m.t('verified', { fw: view.verify.firmware ?? '?', carrier: view.verify.carrier ?? '?' });
}

export function flowAnnouncement(view: FlowView | null): string {
  if (!view) return '';
  const kind = m.t(`kind_${view.kind}`);
  switch (view.status) {
    case 'running':
      if (view.phase === 'flash' && view.progress !== null) {
        return m.t('announce', { kind, what: m.t('writing', { percent: Math.floor(view.progress * 10) * 10 }) });
      }
      return m.t('announce', { kind, what: phaseLabel(view.phase) });
    case 'needs-user': {
      if (!view.prompt) return m.t('announce', { kind, what: m.t('status_needs-user') });
      const detail = promptDetail(view.prompt);
      return m.t('announceTurn', { kind, what: promptTitle(view.prompt, view.phase) }) + (detail ? ` ${detail}` : '');
    }
    case 'failed':
      return m.t('announce', { kind, what: m.t('failedTitle', { what: phaseLabel(view.failure?.failedIn ?? view.phase) }) });
    case 'done':
      return m.t('announce', { kind, what: `${m.t('status_done')}. ${verifiedText(view)}`.trim() });
    case 'cancelled':
      return m.t('announce', { kind, what: m.t('status_cancelled') });
  }
}
