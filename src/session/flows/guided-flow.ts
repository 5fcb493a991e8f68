/**
 * A guided flow — update, carrier switch or boot-loop rescue — as the UI and the batch hold
 * it: the phase module of its kind (update.ts, carrier-switch.ts, rescue.ts) run by the phase
 * runner (runner.ts) over the module link (../link). This file only wires them together and
 * takes the user's actions.
 *
 *   const flow = new GuidedFlow({ kind: 'update', env, atPort, image });
 *   flow.events.on('state', (v) => …);
 *   await flow.run();           // resolves when done, cancelled, or abandoned after a failure
 *   flow.confirm(); flow.reconnect(); flow.retry(); flow.cancel();   // from the UI
 */
import { hex4 } from '../../knowledge/preflight/usb-identities.ts';
import { ModuleLink } from '../link/module-link.ts';
import { carrierSwitchFlow } from './carrier-switch.ts';
import { realFlowClock } from './clock.ts';
import { FlowError } from './errors.ts';
import { FlowContext } from './flow-context.ts';
import { imageRef, type FlowImage } from './flow-image.ts';
import { DEFAULT_FLOW_TIMINGS, type FlowEvents, type FlowOptions, type FlowView } from './flow-types.ts';
import { resumePhase } from './persistence.ts';
import type { FlowKind } from './phases.ts';
import { pickLoopPort, rescueFlow } from './rescue.ts';
import { PhaseRunner, type FlowModule } from './runner.ts';
import { updateFlow } from './update.ts';
import type { Emitter } from '../../core/emitter.ts';
import { l } from '../../text/localized.ts';

export * from './flow-types.ts';

/** The phase module of each kind. */
export const FLOW_MODULES: Readonly<Record<FlowKind, FlowModule<FlowContext>>> = {
  update: updateFlow,
  carrier: carrierSwitchFlow,
  rescue: rescueFlow,
};

let counter = 0;

export class GuidedFlow {
  readonly kind: FlowKind;
  readonly events: Emitter<FlowEvents>;
  /** The module link the flow finds and opens the module through. */
  readonly link: ModuleLink;
  readonly #runner: PhaseRunner;
  readonly #ctx: FlowContext;
  /** The application-mode port at the end of the flow (the app re-attaches its console to it). */
  finalPort: SerialPort | null = null;

  constructor(o: FlowOptions) {
    this.kind = o.kind;
    const env = o.env;
    const clock = env.clock ?? realFlowClock;
    const atPort = o.atPort ?? null;
    const image = o.image ?? null;
    const r = o.resume ?? null;
    this.link = new ModuleLink({
      serial: env.serial,
      usb: env.usb,
      clock,
      model: o.model ?? r?.model ?? null,
      seen: o.usb ?? r?.usb ?? null,
      ...(env.downloadVia ? { downloadVia: env.downloadVia } : {}),
      describePort: env.describePort ?? null,
    });
    if (atPort) this.link.notePort(atPort);
    const startedAt = r?.startedAt ?? Date.now();
    const view: FlowView = {
      id: r?.id ?? `flow-${Date.now().toString(36)}-${++counter}`,
      kind: o.kind,
      phase: r ? resumePhase(r) : 'start',
      status: 'running',
      prompt: null,
      failure: null,
      progress: r?.progress ?? null,
      transfer: null,
      wait: null,
      image: image ? imageRef(image) : (r?.image ?? null),
      before: r?.before ?? null,
      after: null,
      verify: null,
      restored: [],
      loop: null,
      catchAttempts: 0,
      loopPicksMissed: 0,
      targetCarrier: o.targetCarrier?.toUpperCase() ?? r?.targetCarrier ?? (o.kind === 'carrier' ? 'GENERIC' : null),
      findings: [],
      usbLabel: this.link.label,
    };
    this.#runner = new PhaseRunner(view, {
      clock,
      store: env.store ?? null,
      recordExtras: () => ({ model: this.link.model, usb: this.link.seen, startedAt }),
    });
    this.events = this.#runner.events;
    this.#ctx = new FlowContext(o.kind, env, clock, { ...DEFAULT_FLOW_TIMINGS, ...env.timings }, this.link, this.#runner, { image, atPort });
  }

  get state(): FlowView {
    return this.#runner.view;
  }

  /** Whether the flow has not finished (the UI refuses a second flow on the device meanwhile). */
  get active(): boolean {
    return this.#runner.running;
  }

  /** Download writing in progress: leaving the page now would interrupt the write. */
  get writing(): boolean {
    return this.state.phase === 'flash' && this.state.status === 'running';
  }

  // ---- user actions ------------------------------------------------------------------------

  confirm(): void {
    this.#runner.act('confirm');
  }
  retry(): void {
    this.#runner.act('retry');
  }
  /** Leave a failed flow as it is. */
  abandon(): void {
    this.#runner.act('abandon');
  }
  tp1Done(): void {
    this.#runner.act('tp1-done');
  }
  /** "It keeps disconnecting": treat the module as boot-looping now. */
  reportLoop(): void {
    const ctx = this.#ctx;
    ctx.detector.reportedByUser();
    this.#runner.act('catch');
    ctx.patch({ loop: ctx.detector.stats(ctx.clock.now()) });
  }
  /** Rescue: the module already sits in download mode (one interface, TP1 held): go to the chooser. */
  alreadyInDownloadMode(): void {
    this.#runner.act('in-download');
  }
  /** Provide (or replace) the image; unblocks a `choose-image` prompt. */
  provideImage(image: FlowImage): void {
    this.#ctx.image = image;
    this.#ctx.patch({ image: imageRef(image) });
    this.#runner.act('confirm');
  }
  /**
   * The model name the user typed to accept an unknown product line (the `type-model` prompt);
   * the write check runs again with it, and the journal records that the user's word let it through.
   */
  confirmModel(typed: string): void {
    if (this.state.prompt?.kind !== 'type-model') return;
    this.#ctx.typedModel = typed.trim() || null;
    this.#runner.act('confirm');
  }
  /** Grants the looping module's port from a click: call while it is up. */
  pickLoopPort(): Promise<void> {
    return pickLoopPort(this.#ctx);
  }

  /**
   * Opens the browser's chooser for the device the flow waits for. Call it straight from a
   * click handler: Chrome needs the user gesture, and a new USB identity needs a fresh grant.
   */
  reconnect(): Promise<void> {
    return this.link.request(this.state.phase === 'wait-app' ? 'app' : 'download');
  }

  /**
   * Stops the flow. While writing, the write job asks for confirmation first: pass
   * `confirmed` once the user accepted that the module then stays in download mode.
   */
  cancel(options: { confirmed?: boolean } = {}): 'cancelled' | 'needs-confirmation' {
    const job = this.#ctx.job;
    if (job?.phase === 'write' && job.writeStarted && !options.confirmed) return 'needs-confirmation';
    job?.cancel({ confirmed: true });
    this.#runner.abort(new FlowError('cancelled', l('The flow was cancelled.', 'Le parcours a été annulé.')));
    return 'cancelled';
  }

  async run(): Promise<FlowView> {
    const ctx = this.#ctx;
    return this.#runner.run(FLOW_MODULES[this.kind], ctx, async () => {
      await ctx.cleanup();
      if (this.state.status === 'done') this.finalPort = ctx.atPort;
    });
  }
}
