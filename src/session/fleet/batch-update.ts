/**
 * One image onto several modems: for each selected fleet member, the guided update flow
 * (GuidedFlow kind 'update' — the same snapshot, download, verify and restore steps as a single
 * update; nothing here flashes by itself), one after another or all at once. Each modem runs
 * under its own Web Lock keyed by its identity, so another tab cannot take it meanwhile.
 *
 * The operator confirmed the image once for the whole batch: the flow's "this image differs
 * from what the module runs" caution is accepted for every module and kept in its row; a
 * block (wrong product, refused image) fails that row. Each write goes through the write job
 * (session/write) inside the flow: the image is checked against the module's own AT identity,
 * and a row whose product line is unknown is refused unless the operator typed the model name
 * (`typedConfirmation`). The batch holds one cross-tab write guard, the wake lock and the
 * leave-page warning for its whole run. A failure is not retried in a batch:
 * the row keeps the flow's error code and the module is left for the single-modem page.
 * Waiting for the download-mode device still needs the chooser (Chrome grants no download-mode
 * device without a user gesture): the row shows `needs-reconnect` and `reconnect(id)` opens it.
 *
 * Before the first write the batch runs its plan (batch-plan.ts, the same write check against
 * each modem's AT identity): a modem already on the image's firmware is skipped unless it is in
 * `reflash`, a modem the check refuses (another product line, an unknown line without a typed
 * model) is refused; both end as `skipped` rows at once and nothing is sent to them.
 *
 * With a `store`, the batch is saved at every step (batch-record.ts); a batch built on an
 * `earlier` record (interrupted by a reload) keeps that record's finished rows as they were and
 * runs its remaining rows on the members given for them, matched by identity.
 */
import { Emitter } from '../../core/emitter.ts';
import { firmwareOf } from '../../knowledge/firmware/version-string.ts';
import { GuidedFlow, type FlowEnv, type FlowView } from '../flows/guided-flow.ts';
import { writeImageOfFlow, type FlowImage } from '../flows/flow-image.ts';
import { NO_IDENTITY } from '../write/module-identity.ts';
import { checkBeforeWrite } from '../write/pre-write-check.ts';
import type { WriteRefusal } from '../write/refusal.ts';
import type { DeviceLock } from '../flows/guards.ts';
import type { FleetMember, ModemFleet, ModemKey } from '../connection/modem-fleet.ts';
import { realFlowClock } from '../flows/clock.ts';
import { lockDevice } from '../flows/guards.ts';
import { IdentityCache } from '../link/identity-check.ts';
import { scopedSerial } from '../link/scoped-serial.ts';
import { holdWhileWriting, NO_PLATFORM, type WritePlatform } from '../write/platform.ts';
import { acquireWriteGuard } from '../write/write-guard.ts';
import { holdBatchLock } from './batch-record.ts';
import { planMember, type PlanVerdict } from './batch-plan.ts';
import { recordGuidedFlow } from '../logs/flow-recorder.ts';
import type { Journal } from '../logs/journal.ts';
import { imageRef } from '../flows/flow-image.ts';
import type { Phase } from '../flows/phases.ts';
import { fateOf, type BatchMode, type BatchRecord, type BatchResultCode, type BatchRow, type BatchStore } from './batch-record.ts';

// The row types live with the stored record (batch-record.ts), which this module writes.
export type { BatchMode, BatchResultCode, BatchRow, BatchRowStatus } from './batch-record.ts';

export interface BatchEvents extends Record<string, unknown> {
  row: BatchRow;
  done: readonly BatchRow[];
}

export interface BatchOptions {
  readonly fleet: ModemFleet;
  readonly memberIds: readonly string[];
  readonly image: FlowImage;
  readonly mode: BatchMode;
  /** The flow's environment (serial, usb, clock, timings). Its flow store is not used: the batch keeps its own record (`store`). */
  readonly env: FlowEnv;
  /** Per-module Web Lock (default guards.ts lockDevice); the key is the modem's identity. */
  readonly lock?: (key: string, label: string) => Promise<DeviceLock>;
  /**
   * The browser's guards (write/platform.ts browserPlatform()): the batch holds the cross-tab
   * write guard, the wake lock and the leave-page warning for its whole run, and the batch lock
   * that tells a reload the batch is live. Default: none (Node, tests).
   */
  readonly platform?: WritePlatform;
  /**
   * The model name the operator typed for the batch, where the image's or a module's product
   * line is unknown; without it such a row is refused before anything is written.
   */
  readonly typedConfirmation?: string | null;
  /** Members to write although they already run the image's firmware (the operator's "re-flash anyway"). */
  readonly reflash?: readonly string[];
  readonly label?: string;
  readonly now?: () => number;
  /**
   * The session log of this modem (its own recorder's current session): the flow's steps, its
   * failure and the before-snapshot go there, held open across the module's resets.
   */
  readonly sessionFor?: (member: FleetMember) => Journal | null;
  /** Where the batch is kept as it progresses (a reload can then continue it); cleared when it ends. */
  readonly store?: BatchStore | null;
  /**
   * The batch a reload interrupted: its finished rows are kept, each remaining row runs on the
   * member of `memberIds` with its identity (the others end as interrupted / not reconnected).
   */
  readonly earlier?: BatchRecord | null;
}

export class BatchUpdate {
  readonly events = new Emitter<BatchEvents>();
  readonly #o: BatchOptions;
  readonly #rows = new Map<string, BatchRow>();
  readonly #flows = new Map<string, GuidedFlow>();
  readonly #now: () => number;
  readonly #identities: IdentityCache;
  #cancelled = false;
  #running = false;
  readonly #id: string;
  readonly #startedAt: number;
  #saving: Promise<void> = Promise.resolve();
  /** Per row, the last saved status/phase/progress tenth: a write progress tick is not worth a save. */
  readonly #saved = new Map<string, string>();

  constructor(o: BatchOptions) {
    this.#o = o;
    this.#now = o.now ?? (() => Date.now());
    this.#identities = new IdentityCache(o.env.clock ?? realFlowClock);
    this.#startedAt = o.earlier?.startedAt ?? this.#now();
    this.#id = o.earlier?.id ?? `batch-${this.#startedAt}`;
    const queued = (id: string, interruptedAt: BatchRow['interruptedAt']): BatchRow => {
      const m = o.fleet.get(id);
      return queuedRow(id, { key: m?.key ?? null, model: m?.identity?.model ?? null, imei: m?.identity?.imei ?? null, fsn: m?.identity?.fsn ?? null }, interruptedAt);
    };
    const members = new Map(o.memberIds.map((id) => [o.fleet.get(id)?.key ?? null, id] as const));
    const placed = new Set<string>();
    o.earlier?.rows.forEach((row, i) => {
      const fate = fateOf(row);
      const id = row.key ? members.get(row.key) : undefined;
      if (fate.kind !== 'finished' && id !== undefined && !placed.has(id)) {
        placed.add(id);
        const again = queued(id, fate.kind === 'interrupted' ? { phase: fate.phase, progress: row.progress } : null);
        // the member may not have read every identity field again: keep what the row knew
        this.#rows.set(id, { ...again, model: again.model ?? row.model, imei: again.imei ?? row.imei, fsn: again.fsn ?? row.fsn });
        return;
      }
      // kept as it was; its id must not collide with this page's member ids
      const carried = `earlier-${i}`;
      if (fate.kind === 'finished') {
        this.#rows.set(carried, { ...row, memberId: carried, earlier: true });
      } else {
        const interrupted = fate.kind === 'interrupted';
        this.#rows.set(carried, {
          ...row,
          memberId: carried,
          earlier: true,
          status: 'failed',
          progress: null,
          result: interrupted ? 'interrupted' : 'not-reconnected',
          message: interrupted ? `Interrupted by a reload at the step ${fate.phase ?? 'start'}; not reconnected when the batch continued.` : 'Not reconnected when the batch continued.',
          interruptedAt: interrupted ? { phase: fate.phase, progress: row.progress } : null,
          endedAt: row.endedAt ?? row.startedAt,
          durationMs: row.durationMs ?? null,
        });
      }
    });
    for (const id of o.memberIds) if (!placed.has(id)) this.#rows.set(id, queued(id, null));
  }

  /** The record kept in the store (and what a reload finds). */
  get record(): BatchRecord {
    return {
      format: 'boothold-batch',
      version: 1,
      id: this.#id,
      image: imageRef(this.#o.image),
      mode: this.#o.mode,
      rows: this.rows,
      startedAt: this.#startedAt,
      updatedAt: this.#now(),
    };
  }

  /** Resolves once every save asked so far is written (or failed: persistence never stops a batch). */
  flushed(): Promise<void> {
    return this.#saving;
  }

  get rows(): readonly BatchRow[] {
    return [...this.#rows.values()];
  }

  get running(): boolean {
    return this.#running;
  }

  /** The running flow of a member (the UI's reconnect button needs its click to reach the chooser). */
  flowOf(memberId: string): GuidedFlow | null {
    return this.#flows.get(memberId) ?? null;
  }

  /** Opens the chooser for the device this member's flow waits for (call from a click). */
  reconnect(memberId: string): Promise<void> {
    return this.#flows.get(memberId)?.reconnect() ?? Promise.resolve();
  }

  /** Stops queued rows from starting and cancels running flows (before writing starts). */
  cancel(): void {
    this.#cancelled = true;
    for (const f of this.#flows.values()) f.cancel();
  }

  async run(): Promise<readonly BatchRow[]> {
    if (this.#running) throw new Error('BatchUpdate.run() called twice.');
    this.#running = true;
    try {
      const queued = [...this.#rows.values()].filter((r) => r.status === 'queued').map((r) => r.memberId);
      // the plan first: modems already current or refused are settled before any module is touched
      const ids = queued.filter((id) => !this.#settledByPlan(id));
      this.#save(true);
      await this.#guarded(ids);
      const rows = this.rows;
      // finished: nothing left to resume (the summary is the record now)
      const store = this.#o.store;
      if (store) this.#saving = this.#saving.then(() => store.clear()).catch(() => undefined);
      await this.#saving;
      this.events.emit('done', rows);
      return rows;
    } finally {
      this.#running = false;
    }
  }

  /**
   * Runs the rows under the batch's guards: one cross-tab write guard for the whole batch (its
   * writes may run in parallel; no other tab writes, reloads or updates meanwhile), the wake lock,
   * the leave-page warning and the batch lock a reloaded page asks about.
   */
  async #guarded(ids: readonly string[]): Promise<void> {
    const platform = this.#o.platform ?? NO_PLATFORM;
    const guard = await acquireWriteGuard(platform, this.#id, `batch update — ${this.#o.label ?? 'Boothold'}`);
    if (guard.kind === 'busy') {
      for (const id of ids) this.#finish(id, 'device-locked', `Another write is running${guard.holder ? ` (${guard.holder})` : ''}: nothing was written.`);
      return;
    }
    let finished: () => void = () => undefined;
    holdBatchLock(new Promise<void>((resolve) => (finished = resolve)), platform.locks);
    const releaseWhileWriting = holdWhileWriting(platform);
    try {
      if (this.#o.mode === 'parallel') await Promise.all(ids.map((id) => this.#one(id)));
      else for (const id of ids) await this.#one(id);
    } finally {
      releaseWhileWriting();
      finished();
      guard.release();
    }
  }

  /**
   * Applies the plan's verdict to a queued row: true when the row is settled without running
   * (already current → skipped; refused → skipped, journalled as the write job journals a
   * refusal). A broken image and a modem that is not connected are left to `#one`, which
   * reports them as before.
   */
  #settledByPlan(id: string): boolean {
    const member = this.#o.fleet.get(id);
    const s = member?.state;
    if (!member || !s || s.kind !== 'connected') return false;
    const verdict: PlanVerdict = planMember(
      { id, connected: true, model: s.identity.model, revision: s.identity.revision },
      this.#o.image,
      this.#o.typedConfirmation?.trim() || null,
      this.#o.reflash?.includes(id) ?? false,
    );
    const firmware = firmwareOf(s.identity.revision);
    if (verdict.kind === 'current') {
      const log = this.#o.sessionFor?.(member) ?? null;
      log?.step('batch', 'check', 'skipped', `already on ${verdict.firmware}`);
      this.#skip(id, 'already-current', `Already on ${verdict.firmware}: skipped, nothing was sent.`, firmware);
      return true;
    }
    if (verdict.kind === 'refused' && !SOUNDNESS.has(verdict.refusal.code)) {
      const r = verdict.refusal;
      const log = this.#o.sessionFor?.(member) ?? null;
      log?.step('batch', 'check', 'failed', r.code);
      log?.error('batch', r.code, r.message, 'nothing was sent to the module');
      log?.result('failed', r.code, r.message);
      this.#skip(id, 'refused', r.message, firmware);
      return true;
    }
    return false;
  }

  #skip(id: string, result: BatchResultCode, message: string, firmware: string | null): void {
    const at = this.#now();
    this.#patch(id, { status: 'skipped', result, message, beforeFirmware: firmware, afterFirmware: null, startedAt: null, endedAt: at, durationMs: null });
  }

  async #one(id: string): Promise<void> {
    const { fleet, image } = this.#o;
    const started = this.#now();
    this.#patch(id, { status: 'running', startedAt: started });
    if (this.#cancelled) return this.#finish(id, 'cancelled', 'The batch was cancelled.');
    const member = fleet.get(id);
    // a broken image is refused before any module is touched (the product line is the flow's check, with the module's answers)
    const unsound = soundnessRefusal(image);
    if (unsound) {
      const log = member ? (this.#o.sessionFor?.(member) ?? null) : null;
      log?.step('batch', 'check', 'failed', unsound.code);
      log?.error('batch', unsound.code, unsound.message, 'nothing was sent to the module');
      log?.result('failed', unsound.code, unsound.message);
      return this.#finish(id, 'image-refused', unsound.message);
    }
    const s = member?.state;
    if (!member || !s || s.kind !== 'connected' || !member.port || !member.key) {
      return this.#finish(id, 'not-connected', 'The modem is not connected.');
    }
    const key = member.key;
    this.#patch(id, { beforeFirmware: firmwareOf(s.identity.revision) });
    const lock = await (this.#o.lock ?? lockDevice)(`modem:${key}`, `batch update — ${this.#o.label ?? 'Boothold'}`);
    if (lock.kind === 'held') return this.#finish(id, 'locked', lock.holder ? `Held by ${lock.holder}.` : 'Another tab holds this modem.');
    try {
      await this.#flow(member, key);
    } finally {
      lock.release();
      this.#flows.delete(id);
    }
  }

  async #flow(member: FleetMember, key: ModemKey): Promise<void> {
    // one session per modem across the port hand-over, the resets and the return to its card
    const log = this.#o.sessionFor?.(member) ?? null;
    const release = log?.hold() ?? (() => undefined);
    try {
      await this.#flowHeld(member, key, log);
    } finally {
      release();
    }
  }

  async #flowHeld(member: FleetMember, key: ModemKey, log: Journal | null): Promise<void> {
    const { fleet, image, env } = this.#o;
    const id = member.id;
    const port = member.port!;
    const model = member.identity?.model ?? null;
    // the flow opens the AT port itself: the member lets go of it for the duration
    await member.connection.disconnect();
    const others = (p: SerialPort) => fleet.members.some((m) => m !== member && m.port === p);
    let flow: GuidedFlow | null = null;
    const serial = scopedSerial(env.serial, {
      hide: others,
      // when the module comes back, only its own port will do: the port must say this IMEI/FSN
      mustBeMine: () => flow?.state.phase === 'wait-app',
      isMine: async (p) => (await this.#identities.keyOf(p)) === key,
    });
    flow = new GuidedFlow({
      kind: 'update',
      // the batch holds the write guard, wake lock and leave warning: its jobs take none of their own
      env: { ...env, serial, store: null, journal: log, writePlatform: NO_PLATFORM, writePath: 'batch' },
      atPort: port,
      image,
      model,
    });
    const f = flow;
    this.#flows.set(id, f);
    const off = f.events.on('state', (v) => {
      if (v.status === 'needs-user' && v.prompt?.kind === 'confirm-image') {
        this.#patch(id, { cautions: v.prompt.findings.map((f) => f.code) });
        queueMicrotask(() => f.confirm());
      } else if (v.status === 'needs-user' && v.prompt?.kind === 'type-model') {
        // the operator's typed model, once; else the row is refused (nothing was written)
        const typed = this.#o.typedConfirmation?.trim() || null;
        const tried = v.prompt.rejected !== null;
        queueMicrotask(() => (typed && !tried ? f.confirmModel(typed) : f.abandon()));
      } else if (v.status === 'failed') {
        // no retry inside a batch: the row keeps the error and the next module goes. The flow
        // asks retry/abandon only after saving its state, so keep offering until it listens.
        const leave = () => {
          if (!f.active || f.state.status !== 'failed') return;
          f.abandon();
          setTimeout(leave, 20);
        };
        setTimeout(leave, 0);
      }
      this.#patch(id, {
        phase: v.phase,
        progress: v.progress,
        status: v.status === 'needs-user' && v.prompt?.kind === 'reconnect' ? 'needs-reconnect' : 'running',
        ...(v.before?.firmwareVersion ? { beforeFirmware: v.before.firmwareVersion } : {}),
        ...(v.after?.firmwareVersion ? { afterFirmware: v.after.firmwareVersion } : {}),
      });
    });
    const stopRecording = log ? recordGuidedFlow(log, f) : () => undefined;
    const offSnapshot = log ? f.events.on('snapshot', (snap) => log.snapshot(snap)) : () => undefined;
    let end: FlowView;
    try {
      end = await f.run();
    } finally {
      off();
      offSnapshot();
      stopRecording();
    }
    if (end.status === 'done') {
      // the module is back on its application port: hand it to its member and check it is the same one
      const back = f.finalPort ? await fleet.attachPort(f.finalPort, {}, member) : null;
      if (!back || back.key !== key) {
        return this.#finish(id, 'identity-mismatch', `After the update the port answered as ${back?.key ?? 'nothing'}, not ${key}.`);
      }
      return this.#finish(id, 'ok', null);
    }
    const code: BatchResultCode = end.status === 'cancelled' ? 'cancelled' : (end.failure?.code ?? 'cancelled');
    this.#finish(id, code, end.failure ? `${end.failure.message}${end.failure.detail ? ` (${end.failure.detail})` : ''}` : 'The flow was cancelled.');
  }

  #finish(id: string, result: BatchResultCode, message: string | null): void {
    const row = this.#rows.get(id)!;
    const endedAt = this.#now();
    this.#patch(id, {
      status: result === 'ok' ? 'ok' : 'failed',
      result,
      message,
      endedAt,
      durationMs: row.startedAt === null ? 0 : endedAt - row.startedAt,
    });
  }

  #patch(id: string, p: Partial<BatchRow>): void {
    const row = { ...this.#rows.get(id)!, ...p };
    this.#rows.set(id, row);
    const mark = `${row.status}|${row.phase}|${row.result}|${row.beforeFirmware}|${row.afterFirmware}|${row.progress === null ? '' : Math.floor(row.progress * 10)}`;
    if (this.#saved.get(id) !== mark) {
      this.#saved.set(id, mark);
      this.#save(false);
    }
    this.events.emit('row', row);
  }

  /** Saves in order, one write at a time; a failed write is skipped (the next one carries it). */
  #save(first: boolean): void {
    const store = this.#o.store;
    if (!store || (!first && !this.#running)) return;
    const record = this.record;
    this.#saving = this.#saving.then(() => store.save(record)).catch(() => undefined);
  }
}

export { firmwareOf };

/** A row before its modem's turn: who it is, and nothing done yet. */
export function queuedRow(memberId: string, who: Pick<BatchRow, 'key' | 'model' | 'imei' | 'fsn'>, interruptedAt: BatchRow['interruptedAt'] = null): BatchRow {
  return {
    memberId,
    ...who,
    status: 'queued',
    phase: null,
    progress: null,
    beforeFirmware: null,
    afterFirmware: null,
    result: null,
    message: null,
    cautions: [],
    startedAt: null,
    endedAt: null,
    durationMs: null,
    interruptedAt,
    earlier: false,
  };
}

/** The write check's verdict on the image alone (corrupt, truncated, not a CWE file), or null. */
function soundnessRefusal(image: FlowImage): WriteRefusal | null {
  const check = checkBeforeWrite({ images: [writeImageOfFlow(image)], module: NO_IDENTITY });
  return !check.ok && SOUNDNESS.has(check.refusal.code) ? check.refusal : null;
}

const SOUNDNESS = new Set<WriteRefusal['code']>(['no-image', 'image-not-cwe', 'image-corrupt', 'image-truncated']);
