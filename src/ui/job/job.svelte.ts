/**
 * The one job the app is doing to the module right now — a guided flow, a Flash page write, a
 * UART transfer or a batch — as the chrome needs it: the header says what is going on instead
 * of "Disconnected", the nav and the header's connect controls go inert, the tab's title and
 * icon show the progress, and a notification says how it ended when the tab is in the
 * background. The busy guard (app-state/busy) says only "something runs"; this says what.
 *
 * A feature registers a source whose `read()` runs in the components' reactive reads: it reads
 * the feature's own runes and the active language, so every line follows both.
 */
import { jobMessages as m } from './messages.ts';
import type { JobOutcome, JobTransfer } from './job-format.ts';

export type JobKind = 'update' | 'carrier' | 'rescue' | 'flash' | 'uart' | 'batch';

export interface JobStop {
  readonly label: string;
  /** Asks first where stopping is unsafe (the source's own confirmation). */
  readonly run: () => void;
}

export interface JobReading {
  /** "Firmware update — RC7620-1" */
  readonly title: string;
  /** The header's status line: "Writing firmware to RC7620-1 (download mode)". */
  readonly status: string;
  /** One word for the tab title: Writing, Waiting, Your turn. */
  readonly short: string;
  /** The job's stages in order, and the index of the current one (-1: none yet). */
  readonly stages: readonly string[];
  readonly stage: number;
  /** What the module is doing now, one sentence. */
  readonly doing: string;
  readonly transfer: JobTransfer | null;
  /** Unplugging or closing now would interrupt a write. */
  readonly handsOff: boolean;
  /** The job waits for the user's answer on the page (a prompt), not for the module. */
  readonly asksUser: boolean;
  readonly stop: JobStop | null;
}

export interface JobSource {
  readonly kind: JobKind;
  read(): JobReading;
}

export interface JobHandle {
  /** Ends this job (idempotent; a job another one replaced ends silently). */
  end(outcome: JobOutcome): void;
}

export interface EndedJob {
  readonly kind: JobKind;
  readonly outcome: JobOutcome;
  readonly title: string;
  readonly at: number;
}

// Raw: a source is the feature's own object (compared by identity, read through its getters), never a deep proxy of it.
let current = $state.raw<JobSource | null>(null);
let lastEnd = $state.raw<EndedJob | null>(null);

/** What the chrome reads. */
export const activeJob = {
  get source(): JobSource | null {
    return current;
  },
  /** The current reading, or null when nothing runs (call it inside a reactive read). */
  get reading(): JobReading | null {
    return current?.read() ?? null;
  },
  /** The last job's end, until the user has seen it (the tab title keeps it meanwhile). */
  get ended(): EndedJob | null {
    return lastEnd;
  },
};

/** The tab is in front again (or was when the job ended): the title and icon go back to the app's. */
export function acknowledgeEnd(): void {
  lastEnd = null;
}

export function beginJob(source: JobSource): JobHandle {
  current = source;
  lastEnd = null;
  askToNotify();
  let ended = false;
  return {
    end(outcome) {
      if (ended) return;
      ended = true;
      if (current !== source) return;
      let title = m.t(`kind_${source.kind}`);
      try {
        title = source.read().title;
      } catch {
        // the source's state may already be gone: the kind says enough
      }
      current = null;
      lastEnd = { kind: source.kind, outcome, title, at: Date.now() };
      notifyEnd(title, outcome);
    },
  };
}

type NotificationApi = typeof Notification;

function notificationApi(): NotificationApi | null {
  const n = (globalThis as { Notification?: NotificationApi }).Notification;
  return typeof n === 'function' ? n : null;
}

/**
 * Asked from the click that started the job (a browser shows the question only with the user's
 * gesture); never awaited, so a question left open or a refusal changes nothing about the job.
 */
function askToNotify(): void {
  const api = notificationApi();
  if (!api || api.permission !== 'default') return;
  const activation = (globalThis.navigator as (Navigator & { userActivation?: { isActive: boolean } }) | undefined)?.userActivation;
  if (activation && !activation.isActive) return;
  try {
    void Promise.resolve(api.requestPermission()).catch(() => undefined);
  } catch {
    // an old browser's callback form, or a policy that forbids asking: no notification then
  }
}

/** Only when the tab is in the background: in front, the page itself shows the end. */
function notifyEnd(title: string, outcome: JobOutcome): void {
  notify(m.t(`notify_${outcome}`, { what: title }));
}

/** The job waits for the user (a device to pick, TP1 to hold) while they are in another tab. */
export function notifyTurn(reading: JobReading): void {
  notify(m.t('notify_turn', { what: reading.title, doing: reading.doing }));
}

function notify(text: string): void {
  const api = notificationApi();
  if (!api || api.permission !== 'granted' || typeof document === 'undefined' || !document.hidden) return;
  try {
    // one tag: the newest word about the job replaces the one before
    const n = new api(text, { tag: 'boothold-job', icon: '/favicon.svg' });
    n.onclick = () => {
      globalThis.focus?.();
      n.close();
    };
  } catch {
    // Android Chrome allows notifications only from a service worker: the tab title still says it
  }
}
