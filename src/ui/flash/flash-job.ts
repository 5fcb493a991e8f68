/**
 * A Flash page write as the app's one job (ui/job): the panel's running screen is the job screen
 * (stages, what the module does now, bytes, rate, time left, its one Stop), and the header, the
 * tab and the notification follow the same reading.
 */
import type { DownloadProgress } from '../../session/download/engine.ts';
import type { DownloadPhase } from '../../session/download/errors.ts';
import type { WriteOutcome } from '../../session/write/outcome.ts';
import type { JobOutcome } from '../job/job-format.ts';
import { downloadDoing, transferOfDownload } from '../job/job-format.ts';
import type { JobReading, JobSource } from '../job/job.svelte.ts';
import { jobMessages as jm } from '../job/messages.ts';

/** The panel's running screen, as much of it as the job needs (null once it left that screen). */
export interface RunningFlash {
  readonly progress: DownloadProgress | null;
  readonly confirming: boolean;
  readonly verifying: boolean;
}
import { flashMessages as m } from './messages.ts';

const STAGES: readonly DownloadPhase[] = ['detect', 'hello', 'configure', 'write', 'finalize', 'reset'];

export function flashJobSource(view: () => RunningFlash | null, module: string, stop: () => void): JobSource {
  return { kind: 'flash', read: () => readFlash(view(), module, stop) };
}

function readFlash(running: RunningFlash | null, module: string, stop: () => void): JobReading {
  const p = running?.progress ?? null;
  const verifying = running?.verifying ?? false;
  // the stage names stay short (the chips); what the module does is the `doing` line
  const stages = [...STAGES.map((s) => m.t(`phase_${s}`)), m.t('stage_verify')];
  return {
    title: jm.t('titleOn', { kind: jm.t('kind_flash'), module }),
    status: verifying ? jm.t('statusWaitApp', { module }) : jm.t('statusWriting', { module }),
    short: jm.t(verifying ? 'short_waiting' : 'short_writing'),
    stages,
    stage: verifying ? stages.length - 1 : STAGES.indexOf(p?.phase ?? 'detect'),
    doing: verifying ? m.t('phase_verify') : downloadDoing(p ?? { phase: 'detect', part: null }),
    transfer: p && !verifying ? transferOfDownload(p) : null,
    handsOff: !verifying,
    asksUser: running?.confirming ?? false,
    // while the panel asks whether to stop mid-write, its question holds the only stop buttons
    stop: running?.confirming ? null : { label: verifying ? m.t('stopWaiting') : m.t('stopWrite'), run: stop },
  };
}

/** How the write ended, in the tab's three words. */
export function jobOutcomeOfWrite(o: WriteOutcome): JobOutcome {
  switch (o.kind) {
    case 'refused':
      return 'failed';
    case 'failed':
      return o.error.code === 'cancelled' ? 'stopped' : 'failed';
    case 'mismatch':
      return 'failed';
    default:
      return 'done';
  }
}
