/**
 * What a phase handler works with: the runner's state and questions, the module link, and the
 * handles a flow holds across phases (the AT session, the download transport, the write job and
 * its pending read-back, the user's typed model). One per flow; the phase modules (update.ts, carrier-switch.ts, rescue.ts) and the
 * steps they share (shared-steps.ts) take it as their only argument.
 */
import { AtSession } from '../at/at-session.ts';
import { recordFlowAtSession } from '../logs/at-recorder.ts';
import type { DownloadIdentity, LinkTarget, ModuleLink } from '../link/module-link.ts';
import type { ReadBackFacts } from '../write/read-back.ts';
import type { WriteJob } from '../write/write-job.ts';
import type { WriteOutcome } from '../write/outcome.ts';
import type { Transport } from '../../transport/transport.ts';
import { BootLoopDetector } from './boot-loop-detector.ts';
import { busNote } from '../link/bus-timeline.ts';
import type { FlowClock } from './clock.ts';
import { FlowError } from './errors.ts';
import type { FlowImage } from './flow-image.ts';
import type { FlowEnv, FlowTimings, FlowView, UserAction } from './flow-types.ts';
import { waitForAtAnswer } from './modem-reads.ts';
import type { FlowKind } from './phases.ts';
import type { PhaseRunner } from './runner.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import { l } from '../../text/localized.ts';

export class FlowContext {
  readonly detector = new BootLoopDetector();
  image: FlowImage | null;
  /** The module's AT port (the console's, then the one it came back on). */
  atPort: SerialPort | null;
  download: Transport | null = null;
  /** The write job while it runs (cancel asks it first). */
  job: WriteJob | null = null;
  /** The job's outcome, pending until the verify step hands it the read-back. */
  outcome: Promise<WriteOutcome> | null = null;
  /** What the opened download-mode device says about itself (USB identity, model in its product string). */
  downloadIdentity: DownloadIdentity | null = null;
  /** The model name the user typed to accept an unknown product line (null: none typed). */
  typedModel: string | null = null;
  /** The write job waits for the flow's own verify step to read the module back: this hands it the facts. */
  readBack: ((facts: ReadBackFacts | null) => void) | null = null;
  /** When the download device last appeared (performance.now()), for the window measurement. */
  downloadAppearedAt: number | null = null;
  #at: AtSession | null = null;
  readonly #runner: PhaseRunner;
  /** Ends the link's bus tracking (the module's state and timeline) when the flow ends. */
  readonly #untrack: () => void;

  constructor(
    readonly kind: FlowKind,
    readonly env: FlowEnv,
    readonly clock: FlowClock,
    readonly t: FlowTimings,
    readonly link: ModuleLink,
    runner: PhaseRunner,
    start: { readonly image: FlowImage | null; readonly atPort: SerialPort | null },
  ) {
    this.#runner = runner;
    this.image = start.image;
    this.atPort = start.atPort;
    this.#untrack = link.track();
  }

  get view(): FlowView {
    return this.#runner.view;
  }
  get signal(): AbortSignal {
    return this.#runner.signal;
  }
  patch(p: Partial<FlowView>): void {
    this.#runner.patch(p);
  }
  log(text: string): void {
    this.#runner.log(text);
  }
  ask(allowed: readonly UserAction[], timeoutMs?: number): Promise<UserAction | null> {
    return this.#runner.ask(allowed, timeoutMs);
  }
  persist(): Promise<void> {
    return this.#runner.persist();
  }
  /** The "before" snapshot of an update, for the session log. */
  emitSnapshot(snap: ModemSnapshot): void {
    this.#runner.events.emit('snapshot', snap);
  }

  /** The AT session on the module's application port, opened (and answering) on first use. */
  async openAt(): Promise<AtSession> {
    if (this.#at && this.#at.state === 'open') return this.#at;
    const session = new AtSession(await this.link.openAppPort(this.atPort));
    // the flow's commands are the app's commands too: the session log shows and counts them
    if (this.env.journal) recordFlowAtSession(this.env.journal, session);
    this.#at = session;
    await waitForAtAnswer(session, this.clock, this.t.atAnswerMs, this.signal);
    await session.send('ATE0').catch(() => undefined);
    return session;
  }

  async closeAt(): Promise<void> {
    const s = this.#at;
    this.#at = null;
    await s?.close().catch(() => undefined);
  }

  /** Waits for the open AT link to end (the module leaving the bus after AT!BOOTHOLD / AT!RESET). */
  async portGone(session: AtSession): Promise<void> {
    // the module leaves because the flow asked it to: expected, not a failure
    this.link.expectExit(this.kind === 'carrier' ? 'reset' : 'boothold');
    const gone = await this.race(
      session.transport.ended.then((e) => e.reason === 'lost'),
      this.t.portGoneMs,
    );
    this.#at = null;
    await session.close().catch(() => undefined);
    if (gone !== true) throw new FlowError('port-stayed', l('The AT port did not go away after the command.', 'Le port AT n’a pas disparu après la commande.'));
  }

  closeDownload(): void {
    const d = this.download;
    this.download = null;
    void d?.close();
  }

  /**
   * Waits for the module to come back as `target` through the link, showing the timed
   * pseudo-progress and the reconnect prompt (a device that needs a fresh grant comes through
   * the chooser) meanwhile.
   */
  async waitDevice(target: LinkTarget, timeoutMs: number, expectedMs: number): Promise<USBDevice | SerialPort | 'app-again'> {
    const started = this.clock.now();
    // after a write the module resets: its going away is expected, and download mode again means TP1 is still held
    if (target === 'app' && this.kind !== 'carrier') this.link.expectExit('write');
    this.patch({ wait: { startedAt: started, expectedMs, timeoutMs }, status: 'needs-user', prompt: { kind: 'reconnect', target } });
    try {
      // a rescue that tried to catch the loop: the application port coming back means "not caught"
      const appAgain = target === 'download' && this.kind === 'rescue' && this.view.catchAttempts > 0;
      const r = await this.link.waitFor(target, { timeoutMs, signal: this.signal, appAgain });
      if (r !== 'app-again') this.log(`${target === 'download' ? 'download device' : 'application port'} found after ${this.clock.now() - started} ms`);
      return r;
    } finally {
      this.patch({ wait: null, prompt: null, status: 'running' });
    }
  }

  /** `p`, or 'timeout' after `ms` on the flow's clock. */
  race<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
    return new Promise((resolve, reject) => {
      const id = this.clock.setTimeout(() => resolve('timeout'), ms);
      p.then(
        (v) => {
          this.clock.clearTimeout(id);
          resolve(v);
        },
        (e: unknown) => {
          this.clock.clearTimeout(id);
          reject(e);
        },
      );
    });
  }

  /** Hands the write job what the flow read back (null: the module did not come back). */
  settleReadBack(facts: ReadBackFacts | null): void {
    const r = this.readBack;
    this.readBack = null;
    r?.(facts);
  }

  /** Closes what the phases left open. */
  async cleanup(): Promise<void> {
    const bus = this.link.busData();
    if (bus.spans.length) this.env.journal?.note(busNote(bus));
    this.#untrack();
    this.settleReadBack(null);
    this.closeDownload();
    await this.closeAt();
  }
}
