/**
 * The phase runner every guided flow runs on. A flow module is a table of phase handlers; the
 * runner walks the flow's transition table (phases.ts), persists the state before each phase,
 * turns a failure into a `failed` state that names the phase "try again" re-enters (the failure
 * map below), and waits for the user through `needs-user` states. It knows nothing of modems.
 */
import { isAtError } from '../at/errors.ts';
import { Emitter } from '../../core/emitter.ts';
import { isLinkError } from '../link/link-error.ts';
import type { FlowClock } from './clock.ts';
import { isFlowError, type FlowErrorCode } from './errors.ts';
import type { FlowEvents, FlowFailure, FlowView, UserAction } from './flow-types.ts';
import type { FlowRecord, FlowStore } from './persistence.ts';
import { TRANSITIONS, type FlowKind, type Phase } from './phases.ts';

/** One step: resolves when it is done, with the next phase when it is not the table's successor. */
export type PhaseHandler<C> = (ctx: C) => Promise<Phase | void>;

export interface FlowModule<C> {
  readonly kind: FlowKind;
  /** Every phase of the kind's transition table has its handler here. */
  readonly phases: Partial<Record<Phase, PhaseHandler<C>>>;
}

export interface RunnerOptions {
  readonly clock: FlowClock;
  readonly store: FlowStore | null;
  /** The parts of the persisted record the runner does not own (what the link knows of the module). */
  readonly recordExtras: () => Pick<FlowRecord, 'model' | 'usb' | 'startedAt'>;
}

export class PhaseRunner {
  readonly events = new Emitter<FlowEvents>();
  readonly #o: RunnerOptions;
  readonly #abort = new AbortController();
  #view: FlowView;
  #waiter: { resolve: (a: UserAction) => void; allowed: readonly UserAction[] } | null = null;
  #running = false;

  constructor(view: FlowView, o: RunnerOptions) {
    this.#view = view;
    this.#o = o;
  }

  get view(): FlowView {
    return this.#view;
  }
  get running(): boolean {
    return this.#running;
  }
  /** Aborted when the flow is cancelled: every wait and command of the handlers takes it. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Stops the flow: the pending question is answered "abandon" and the loop ends as cancelled. */
  abort(reason: unknown): void {
    this.#abort.abort(reason);
    this.#waiter?.resolve('abandon');
  }

  /** A user action; ignored unless the flow asked for it. */
  act(a: UserAction): void {
    const w = this.#waiter;
    if (w && w.allowed.includes(a)) {
      this.#waiter = null;
      // the UI sees the step resume at once, not after the machine's next turn
      if (a !== 'abandon') this.patch({ status: 'running', prompt: null, failure: null });
      w.resolve(a);
    }
  }

  /** Waits for one of `allowed` (or null after `timeoutMs`); a cancel rejects with its reason. */
  ask(allowed: readonly UserAction[], timeoutMs?: number): Promise<UserAction | null> {
    const clock = this.#o.clock;
    return new Promise<UserAction | null>((resolve) => {
      let timer: unknown = null;
      const done = (a: UserAction | null) => {
        if (timer !== null) clock.clearTimeout(timer);
        if (this.#waiter?.resolve === done) this.#waiter = null;
        resolve(a);
      };
      if (this.#abort.signal.aborted) return done('abandon');
      this.#waiter = { resolve: done, allowed: [...allowed, 'abandon'] };
      if (timeoutMs !== undefined) timer = clock.setTimeout(() => done(null), timeoutMs);
    }).then((a) => {
      if (a === 'abandon' && this.#abort.signal.aborted) throw this.#abort.signal.reason;
      return a;
    });
  }

  patch(p: Partial<FlowView>): void {
    this.#view = { ...this.#view, ...p };
    this.events.emit('state', this.#view);
  }

  log(text: string): void {
    this.events.emit('log', { at: this.#o.clock.now(), text });
  }

  async persist(): Promise<void> {
    const store = this.#o.store;
    if (!store) return;
    const v = this.#view;
    const record: FlowRecord = {
      id: v.id,
      kind: v.kind,
      phase: v.phase,
      progress: v.progress,
      image: v.image,
      before: v.before,
      targetCarrier: v.targetCarrier,
      ...this.#o.recordExtras(),
      updatedAt: Date.now(),
    };
    try {
      await store.save(record);
    } catch (e) {
      this.log(`could not save the flow state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Runs `module` from the view's phase to the end; `cleanup` closes what the handlers opened. */
  async run<C>(module: FlowModule<C>, ctx: C, cleanup: () => Promise<void>): Promise<FlowView> {
    if (this.#running) throw new Error('GuidedFlow.run() called twice.');
    this.#running = true;
    const signal = this.#abort.signal;
    try {
      let phase = this.#view.phase;
      while (phase !== 'done') {
        this.patch({ phase, status: 'running', prompt: null, failure: null });
        await this.persist();
        try {
          const handler = module.phases[phase];
          const next = handler ? await handler(ctx) : undefined;
          phase = next ?? TRANSITIONS[module.kind][phase] ?? 'done';
        } catch (e) {
          if (signal.aborted) break;
          const failure = failureOf(e, phase);
          this.log(`failed in ${phase}: ${failure.code} — ${failure.message}`);
          this.patch({ status: 'failed', failure, wait: null });
          await this.persist();
          const allowed: UserAction[] = failure.resume ? ['retry', 'abandon'] : ['abandon'];
          if (failure.code === 'loop-not-caught') allowed.push('tp1-done');
          const a = await this.ask(allowed).catch(() => 'abandon' as const);
          if (signal.aborted) break;
          if (a === 'retry' && failure.resume) phase = failure.resume;
          else if (a === 'tp1-done') phase = 'wait-download';
          else {
            await cleanup();
            return this.#view;
          }
        }
      }
      this.patch(signal.aborted ? { status: 'cancelled', prompt: null, wait: null } : { phase: 'done', status: 'done', prompt: null, wait: null });
      await cleanup();
      await this.#o.store?.clear();
      return this.#view;
    } finally {
      this.#running = false;
    }
  }
}

/** The phase "try again" re-enters after a failure with this code (null: nothing to retry). */
function resumeFor(code: FlowErrorCode, phase: Phase): Phase | null {
  switch (code) {
    case 'image-refused':
    case 'wrong-product':
    case 'cancelled':
    case 'carrier-package-missing':
      return null;
    case 'download-timeout':
    case 'wrong-device':
    case 'download-open-failed':
    case 'flash-failed':
    case 'unplugged-mid-flash':
      return 'wait-download';
    case 'picker-cancelled':
      return phase === 'wait-app' ? 'wait-app' : 'wait-download';
    case 'app-timeout':
      return 'wait-app';
    case 'at-silent':
      return phase === 'start' ? 'start' : phase;
    case 'loop-not-caught':
      return 'catch';
    default:
      return phase;
  }
}

/** Any error a handler throws, as the failure the UI shows. */
export function failureOf(e: unknown, phase: Phase): FlowFailure {
  if (isFlowError(e) || isLinkError(e)) return { code: e.code, message: e.message, ...(isFlowError(e) && e.text ? { text: e.text } : {}), detail: e.detail ?? null, resume: resumeFor(e.code, phase), failedIn: phase };
  if (isAtError(e)) {
    const code: FlowErrorCode = e.code === 'device-lost' || e.code === 'closed' ? 'no-at-port' : 'at-silent';
    return { code, message: e.message, detail: e.code, resume: phase === 'enter-download' || phase === 'reset' ? phase : (resumeFor(code, phase) ?? phase), failedIn: phase };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'at-silent', message, detail: null, resume: phase, failedIn: phase };
}
