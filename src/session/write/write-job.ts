/**
 * The write job: the one way firmware is written, whatever the path (Flash page, `boothold
 * flash`, guided update, rescue, batch). In order:
 *
 *  1. the pre-write check (image sound, whole, for THIS module's line; unknown line only on the
 *     user's typed model name) — a refusal sends nothing;
 *  2. the cross-tab guard: the `boothold-write` Web Lock and a BroadcastChannel announcement, so
 *     no tab reloads, takes a service worker update or starts another write meanwhile;
 *  3. wake lock and the leave-page warning while writing;
 *  4. the download engine, recorded in the journal as it happens (phases, protocol messages,
 *     raw bytes bounded, progress, the typed failure);
 *  5. after the reset, the read-back where the path can reach the application port; otherwise
 *     "written, not verified".
 *
 * The transport is opened and closed by the caller (it chose and opened the module).
 */
import { Emitter } from '../../core/emitter.ts';
import { DownloadEngine, type CancelOutcome, type DownloadEngineOptions, type DownloadEvents, type DownloadProgress, type DownloadResult } from '../download/engine.ts';
import { DownloadError, isDownloadError, nextStepFor } from '../download/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import type { Journal } from '../logs/journal.ts';
import { recordDownload } from '../logs/download-recorder.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import type { ModuleIdentity } from './module-identity.ts';
import { moduleLabel } from './module-identity.ts';
import { OUTCOME_TEXT, writtenText, type WriteOutcome } from './outcome.ts';
import { holdWhileWriting, NO_PLATFORM, type WritePlatform } from './platform.ts';
import { checkBeforeWrite, type WriteCheck } from './pre-write-check.ts';
import { RawTrace, type RawTraceOptions } from './raw-trace.ts';
import { compareReadBack, type ReadBack, type Verification } from './read-back.ts';
import { refusal } from './refusal.ts';
import { acquireWriteGuard } from './write-guard.ts';
import type { WriteImage } from './write-image.ts';

/** Which path runs the job: the journal's flow id and the label other tabs see. */
export type WritePath = 'flash' | 'cli' | 'update' | 'rescue' | 'batch';

/** The job's own phases around the engine's. */
export type WritePhase = 'check' | 'guard' | 'write' | 'verify' | 'ended';

export interface WriteJobOptions {
  readonly path: WritePath;
  readonly images: readonly WriteImage[];
  /** The MODULE's identity (AT, USB, --model, the user's word) — never the image's own product. */
  readonly module: ModuleIdentity;
  /** The model name the user typed to accept an unknown product line. */
  readonly typedConfirmation?: string | null;
  /** The open download-mode link. */
  readonly transport: Transport;
  /** The session log to record into (null: not recorded, e.g. a CLI run). */
  readonly journal?: Journal | null;
  readonly platform?: WritePlatform;
  /** How this path reads the module back after its reset; absent: "written, not verified". */
  readonly readBack?: ReadBack | null;
  /** How long the read-back may take (ms), default 180 000 (an RC76xx takes ~1 min to boot). */
  readonly readBackTimeoutMs?: number;
  /** Engine settings (timings, protocol, transfer size …); the product check is the job's. */
  readonly engine?: Omit<DownloadEngineOptions, 'transport' | 'images' | 'expectProducts'>;
  readonly trace?: RawTraceOptions;
  /** Record the end as the session's result (default true; a flow that owns the session says false). */
  readonly setResult?: boolean;
  /** What other tabs show ("Flash page: RC7620-1 on USB 1199:68C0"). */
  readonly label?: string;
  readonly id?: string;
}

export interface WriteJobEvents extends Record<string, unknown> {
  phase: { readonly phase: WritePhase; readonly step: string };
  /** The check's answer (also when it refused). */
  checked: WriteCheck;
  /** The engine's own phases inside `write` (detect, hello, configure, write, finalize, reset). */
  'engine-phase': DownloadEvents['phase'];
  progress: DownloadProgress;
  detected: DownloadEvents['detected'];
  outcome: WriteOutcome;
}

export const DEFAULT_READ_BACK_MS = 180_000;

export class WriteJob {
  readonly events = new Emitter<WriteJobEvents>();
  readonly trace: RawTrace;
  readonly id: string;
  readonly #o: WriteJobOptions;
  readonly #platform: WritePlatform;
  readonly #abort = new AbortController();
  #engine: DownloadEngine | null = null;
  #phase: WritePhase = 'check';
  #ran = false;

  constructor(options: WriteJobOptions) {
    this.#o = options;
    this.#platform = options.platform ?? NO_PLATFORM;
    this.id = options.id ?? globalThis.crypto.randomUUID();
    const journal = options.journal ?? null;
    this.trace = new RawTrace(journal, options.trace);
  }

  get phase(): WritePhase {
    return this.#phase;
  }

  /** The engine's message log while (and after) it ran: for a screen's "session log". */
  get protocolLog(): string {
    return this.#engine?.log.toText() ?? '';
  }

  get writeStarted(): boolean {
    return this.#engine?.writeStarted ?? false;
  }

  /** Before writing: stops at once. While writing: only with `confirmed` (see CANCEL_CONFIRMATION). */
  cancel(options: { confirmed?: boolean } = {}): CancelOutcome {
    if (this.#engine?.running) return this.#engine.cancel(options);
    if (this.#phase === 'ended') return 'not-running';
    this.#abort.abort(new Error('cancelled'));
    return 'cancelled';
  }

  async run(): Promise<WriteOutcome> {
    if (this.#ran) throw new Error('WriteJob.run() called twice.');
    this.#ran = true;
    const journal = this.#o.journal ?? null;
    const releaseHold = journal?.hold() ?? (() => undefined);
    try {
      const outcome = await this.#run(journal);
      this.#record(journal, outcome);
      this.events.emit('outcome', outcome);
      return outcome;
    } finally {
      this.#enter('ended', '');
      releaseHold();
    }
  }

  async #run(journal: Journal | null): Promise<WriteOutcome> {
    const flow = this.#o.path;
    // 1. The check, before the module is touched.
    this.#enter('check', this.#o.images.map((i) => i.image.name).join(', '));
    const check = checkBeforeWrite({ images: this.#o.images, module: this.#o.module, typedConfirmation: this.#o.typedConfirmation ?? null });
    this.events.emit('checked', check);
    if (!check.ok) {
      journal?.step(flow, 'check', 'failed', check.refusal.code);
      return { kind: 'refused', refusal: check.refusal };
    }
    const module = check.module;
    if (module.model) journal?.device({ model: module.model });
    journal?.step(flow, 'check', 'done', `${check.imageLine ?? '?'} image for ${moduleLabel(module)} (${check.moduleLine ?? '?'}, from ${module.source})`);
    if (check.confirmedBy) {
      journal?.note(`${check.confirmedBy.reason}: written on the user's word — they typed the model name "${check.confirmedBy.typed}"`);
    }
    for (const c of check.cautions) journal?.note(`caution ${c.code}: ${fillTemplate(c.text.en, c.params)}`);
    if (this.#abort.signal.aborted) return this.#cancelledBefore();

    // 2. One write at a time, every tab told.
    this.#enter('guard', 'cross-tab write lock');
    const label = this.#o.label ?? `${flow}: ${moduleLabel(module)} on ${this.#o.transport.info.label}`;
    const guard = await acquireWriteGuard(this.#platform, this.id, label);
    if (guard.kind === 'busy') {
      journal?.step(flow, 'guard', 'failed', guard.holder ?? 'another tab');
      return { kind: 'refused', refusal: refusal('write-busy', { holder: guard.holder ?? 'another Boothold tab' }) };
    }
    journal?.step(flow, 'guard', 'done', label);
    // 3. Screen on, leave-page warning.
    const releaseWhileWriting = holdWhileWriting(this.#platform);
    try {
      if (this.#abort.signal.aborted) return this.#cancelledBefore();
      // 4. The engine, recorded as it goes.
      this.#enter('write', label);
      const engine = (this.#engine = new DownloadEngine({
        ...this.#o.engine,
        ...(module.model && !this.#o.engine?.model ? { model: module.model } : {}),
        transport: this.trace.tap(this.#o.transport),
        images: this.#o.images.map((i) => i.image),
      }));
      const offs = [
        journal ? recordDownload(journal, engine, { flow, setResult: false }) : () => undefined,
        engine.events.on('progress', (p) => this.events.emit('progress', p)),
        engine.events.on('detected', (d) => this.events.emit('detected', d)),
        engine.events.on('phase', (p) => this.events.emit('engine-phase', p)),
      ];
      let result: DownloadResult;
      try {
        result = await engine.run();
      } catch (e) {
        return { kind: 'failed', error: isDownloadError(e) ? e : new DownloadError('transport', String(e), { phase: 'detect' }) };
      } finally {
        for (const off of offs) off();
      }
      // The write is over: the screen may sleep and the page may be left. The cross-tab guard
      // stays until the read-back ends, so an app update does not reload this tab mid-check.
      releaseWhileWriting();
      // 5. Read back what the module runs now.
      return await this.#verify(journal, result);
    } finally {
      releaseWhileWriting();
      guard.release();
    }
  }

  #cancelledBefore(): WriteOutcome {
    return { kind: 'failed', error: new DownloadError('cancelled', 'Stopped before anything was sent.', { phase: 'detect', step: this.#phase }) };
  }

  async #verify(journal: Journal | null, result: DownloadResult): Promise<WriteOutcome> {
    const flow = this.#o.path;
    const readBack = this.#o.readBack;
    if (!readBack) {
      journal?.step(flow, 'verify', 'skipped', 'no AT port on this path');
      return { kind: 'not-verified', result, verification: { kind: 'not-verified', reason: 'no-port' } };
    }
    this.#enter('verify', 'wait for the application port');
    journal?.step(flow, 'verify', 'started', 'wait for the application port, read version and carrier');
    const limit = this.#o.readBackTimeoutMs ?? DEFAULT_READ_BACK_MS;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error('read-back time limit')), limit);
    const onCancel = () => ac.abort(this.#abort.signal.reason);
    this.#abort.signal.addEventListener('abort', onCancel, { once: true });
    let v: Verification;
    try {
      const after = await readBack(ac.signal).catch(() => null);
      v = after ? compareReadBack(this.#o.images.map((i) => i.declared), after) : { kind: 'not-verified', reason: 'not-back' };
      if (after) journal?.note(`read back: ${after.model ?? '?'} ${after.revision ?? after.firmwareVersion ?? '?'}, carrier ${after.carrier ?? '?'}`);
    } finally {
      clearTimeout(timer);
      this.#abort.signal.removeEventListener('abort', onCancel);
    }
    journal?.step(flow, 'verify', v.kind === 'verified' ? 'done' : v.kind === 'mismatch' ? 'failed' : 'skipped', v.kind === 'mismatch' ? `${v.field}: ${v.found} ≠ ${v.expected}` : v.kind === 'not-verified' ? v.reason : (v.after.firmwareVersion ?? ''));
    switch (v.kind) {
      case 'verified':
        return { kind: 'verified', result, verification: v };
      case 'mismatch':
        return { kind: 'mismatch', result, verification: v };
      case 'not-verified':
        return { kind: 'not-verified', result, verification: v };
    }
  }

  /** The outcome and the next step, in the journal. */
  #record(journal: Journal | null, o: WriteOutcome): void {
    if (!journal) return;
    const flow = this.#o.path;
    const setResult = this.#o.setResult !== false;
    switch (o.kind) {
      case 'refused':
        journal.error(flow, o.refusal.code, o.refusal.message, 'nothing was sent to the module');
        if (setResult) journal.result('failed', o.refusal.code, o.refusal.message);
        return;
      case 'failed': {
        const next = nextStepFor(o.error.code);
        journal.note(`next step: ${next}`);
        if (setResult) journal.result(o.error.code === 'cancelled' ? 'cancelled' : 'failed', o.error.code, o.error.message);
        return;
      }
      default: {
        const t = writtenText(o, Math.round((this.#o.readBackTimeoutMs ?? DEFAULT_READ_BACK_MS) / 1000));
        const text = fillTemplate(OUTCOME_TEXT[t.key].en, t.params);
        journal.step(flow, 'outcome', o.kind === 'verified' ? 'done' : o.kind === 'mismatch' ? 'failed' : 'info', o.kind);
        journal.note(text);
        if (this.#o.trace || this.trace.omittedBytes) journal.note(`protocol trace: ${this.trace.omittedBytes} bytes of image data left out, ${this.trace.droppedBytes} older bytes dropped`);
        if (setResult) journal.result(o.kind === 'verified' ? 'ok' : o.kind === 'mismatch' ? 'failed' : 'problems', o.kind === 'verified' ? null : o.kind, text);
      }
    }
  }

  #enter(phase: WritePhase, step: string): void {
    this.#phase = phase;
    this.events.emit('phase', { phase, step });
  }
}
