/**
 * The guided flows — update, carrier switch, boot-loop rescue — as one phase machine with a
 * transition table per kind (phases.ts). Each phase is a handler that returns when its step is
 * done; the user is asked through `needs-user` states; every failure becomes a `failed` state
 * with a code and the phase "try again" re-enters. The state is persisted at every step.
 *
 *   const flow = new GuidedFlow({ kind: 'update', env, atPort, image });
 *   flow.events.on('state', (v) => …);
 *   await flow.run();           // resolves when done, cancelled, or abandoned after a failure
 *   flow.confirm(); flow.reconnect(); flow.retry(); flow.cancel();   // from the UI
 */
import { AtSession } from '../at/at-session.ts';
import { runSnapshot } from '../at/snapshot.ts';
import type { ModemSnapshot } from '../../codec/at/snapshot.ts';
import { isAtError } from '../at/errors.ts';
import { DownloadEngine } from '../download/engine.ts';
import { isDownloadError } from '../download/errors.ts';
import type { DownloadTimings } from '../download/timings.ts';
import { Emitter } from '../emitter.ts';
import { checkCompatibility, type CompatibilityFinding } from '../../knowledge/compatibility.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import type { FindingId } from '../../knowledge/rules/finding-ids.ts';
import type { Finding } from '../../knowledge/rules/types.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { openWebUsb } from '../../transport/web-usb.ts';
import { fromPlatformError, isTransportError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { BootLoopDetector, type LoopStats } from './boot-loop-detector.ts';
import { realFlowClock, sleep, type FlowClock } from './clock.ts';
import { isDownloadLayout, serialMatches, usbMatchesDownload, waitForSerialPort, waitForUsbDevice } from './device-waiter.ts';
import { FlowError, isFlowError, type FlowErrorCode } from './errors.ts';
import { downloadImageOf, imageRef, type FlowImage, type FlowImageRef } from './flow-image.ts';
import { hasCarrierPackage, readFacts, waitForAtAnswer, type ModemFacts } from './modem-reads.ts';
import { resumePhase, type FlowRecord, type FlowStore } from './persistence.ts';
import { TRANSITIONS, type FlowKind, type Phase } from './phases.ts';
import { hex4, usbPairFor, type UsbPair } from '../../knowledge/preflight/usb-identities.ts';

export interface FlowTimings {
  /** After AT!BOOTHOLD/AT!RESET, how long the AT port may take to go away. */
  readonly portGoneMs: number;
  /** How long to wait for the download-mode device (libqmi: 120 s). */
  readonly downloadWaitMs: number;
  /** Typical time to re-enumerate in download mode (drives the pseudo-progress). */
  readonly downloadExpectedMs: number;
  /** How long to wait for the application-mode port after a reset (libqmi: 120 s). */
  readonly appWaitMs: number;
  readonly appExpectedMs: number;
  /** How long the AT server may take to answer once the port is back. */
  readonly atAnswerMs: number;
  /** Rescue: how long to wait for the next appearance of a looping module. */
  readonly loopWaitMs: number;
  /** Rescue: appearances tried before the TP1 guide. */
  readonly catchAttempts: number;
  /** Rescue: AT!BOOTHOLD is repeated this often while the port is up. */
  readonly catchRepeatMs: number;
}

export const DEFAULT_FLOW_TIMINGS: FlowTimings = {
  portGoneMs: 15_000,
  downloadWaitMs: 120_000,
  downloadExpectedMs: 6_000,
  appWaitMs: 120_000,
  appExpectedMs: 15_000,
  atAnswerMs: 30_000,
  loopWaitMs: 45_000,
  catchAttempts: 3,
  catchRepeatMs: 200,
};

export interface FlowEnv {
  readonly serial: Serial;
  readonly usb: USB | null;
  readonly clock?: FlowClock;
  readonly timings?: Partial<FlowTimings>;
  readonly downloadTimings?: Partial<DownloadTimings>;
  readonly store?: FlowStore | null;
  /** Write progress events at most this often (real ms). */
  readonly progressIntervalMs?: number;
  /** 'usb' (default when WebUSB exists) or 'serial' (the OS exposes the download port as a tty/COM). */
  readonly downloadVia?: 'usb' | 'serial';
}

export type FlowStatus = 'running' | 'needs-user' | 'failed' | 'done' | 'cancelled';

/** What the user is asked, when status is `needs-user`. */
export type FlowPrompt =
  | { readonly kind: 'confirm-image'; readonly findings: readonly CompatibilityFinding[] }
  | { readonly kind: 'reconnect'; readonly target: 'download' | 'app' }
  | { readonly kind: 'pick-loop-port' }
  | { readonly kind: 'tp1' }
  | { readonly kind: 'choose-image' };

export interface FlowFailure {
  readonly code: FlowErrorCode;
  readonly message: string;
  readonly detail: string | null;
  /** The phase "try again" re-enters; null: nothing to retry (choose another image, start over). */
  readonly resume: Phase | null;
  readonly failedIn: Phase;
}

export interface VerifyReport {
  readonly expectedFirmware: string | null;
  readonly firmware: string | null;
  readonly expectedCarrier: string | null;
  readonly carrier: string | null;
  readonly preferredCarrier: string | null;
  readonly ok: boolean;
}

export interface FlowView {
  readonly id: string;
  readonly kind: FlowKind;
  readonly phase: Phase;
  readonly status: FlowStatus;
  readonly prompt: FlowPrompt | null;
  readonly failure: FlowFailure | null;
  /** Write progress 0–1 while flashing. */
  readonly progress: number | null;
  /** A timed wait the UI shows as pseudo-progress (clock ms). */
  readonly wait: { readonly startedAt: number; readonly expectedMs: number; readonly timeoutMs: number } | null;
  readonly image: FlowImageRef | null;
  readonly before: ModemFacts | null;
  readonly after: ModemFacts | null;
  readonly verify: VerifyReport | null;
  /** APN profiles put back after the update, as the commands sent. */
  readonly restored: readonly string[];
  readonly loop: LoopStats | null;
  readonly catchAttempts: number;
  readonly targetCarrier: string | null;
  /** Findings of the check re-run after a carrier switch (id, severity, title). */
  readonly findings: readonly { readonly id: FindingId; readonly severity: Finding['severity']; readonly title: Finding['title'] }[];
  readonly usbLabel: string | null;
}

export interface FlowEvents extends Record<string, unknown> {
  state: FlowView;
  log: { readonly at: number; readonly text: string };
  /** The "before" snapshot of an update (for the session log). */
  snapshot: ModemSnapshot;
}

export interface FlowOptions {
  readonly kind: FlowKind;
  readonly env: FlowEnv;
  /** The module's AT port (update and carrier flows start from it). */
  readonly atPort?: SerialPort | null;
  readonly image?: FlowImage | null;
  /** Carrier flow: the carrier image to prefer (default GENERIC). */
  readonly targetCarrier?: string;
  /** Model when known before the flow reads it (rescue, resume). */
  readonly model?: string | null;
  readonly usb?: { readonly vendorId: number; readonly productId: number } | null;
  /** A persisted flow to continue. */
  readonly resume?: FlowRecord | null;
}

type UserAction = 'confirm' | 'retry' | 'abandon' | 'tp1-done' | 'catch' | 'in-download';

let counter = 0;

export class GuidedFlow {
  readonly events = new Emitter<FlowEvents>();
  readonly kind: FlowKind;
  readonly #env: FlowEnv;
  readonly #clock: FlowClock;
  readonly #t: FlowTimings;
  readonly #abort = new AbortController();
  readonly #startedAt: number;
  readonly #detector = new BootLoopDetector();
  #view: FlowView;
  #atPort: SerialPort | null;
  #at: AtSession | null = null;
  #image: FlowImage | null;
  #model: string | null;
  #usbSeen: { vendorId: number; productId: number } | null;
  #pair: UsbPair;
  #download: Transport | null = null;
  #engine: DownloadEngine | null = null;
  #beforeUsb = new Set<USBDevice>();
  #beforeSerial = new Set<SerialPort>();
  #waiter: { resolve: (a: UserAction) => void; allowed: readonly UserAction[] } | null = null;
  #reconnected: ((r: { device: USBDevice | SerialPort } | { error: unknown }) => void) | null = null;
  #pendingPick: Promise<{ device: USBDevice | SerialPort } | { error: unknown }> | null = null;
  #running = false;
  #lastSavedProgress = -1;
  /** The application-mode port at the end of the flow (the app re-attaches its console to it). */
  finalPort: SerialPort | null = null;

  constructor(o: FlowOptions) {
    this.kind = o.kind;
    this.#env = o.env;
    this.#clock = o.env.clock ?? realFlowClock;
    this.#t = { ...DEFAULT_FLOW_TIMINGS, ...o.env.timings };
    this.#atPort = o.atPort ?? null;
    this.#image = o.image ?? null;
    this.#model = o.model ?? o.resume?.model ?? null;
    this.#usbSeen = o.usb ?? o.resume?.usb ?? null;
    if (!this.#usbSeen && this.#atPort) {
      const info = this.#atPort.getInfo();
      if (info.usbVendorId !== undefined) this.#usbSeen = { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 };
    }
    this.#pair = usbPairFor(this.#model, this.#usbSeen);
    this.#startedAt = o.resume?.startedAt ?? Date.now();
    const r = o.resume;
    this.#view = {
      id: r?.id ?? `flow-${Date.now().toString(36)}-${++counter}`,
      kind: o.kind,
      phase: r ? resumePhase(r) : 'start',
      status: 'running',
      prompt: null,
      failure: null,
      progress: r?.progress ?? null,
      wait: null,
      image: this.#image ? imageRef(this.#image) : (r?.image ?? null),
      before: r?.before ?? null,
      after: null,
      verify: null,
      restored: [],
      loop: null,
      catchAttempts: 0,
      targetCarrier: o.targetCarrier?.toUpperCase() ?? r?.targetCarrier ?? (o.kind === 'carrier' ? 'GENERIC' : null),
      findings: [],
      usbLabel: this.#usbSeen ? `${hex4(this.#usbSeen.vendorId)}:${hex4(this.#usbSeen.productId)}` : null,
    };
  }

  get state(): FlowView {
    return this.#view;
  }

  /** Whether the flow has not finished (the UI refuses a second flow on the device meanwhile). */
  get active(): boolean {
    return this.#running;
  }

  /** Download writing in progress: leaving the page now would interrupt the write. */
  get writing(): boolean {
    return this.#view.phase === 'flash' && this.#view.status === 'running';
  }

  // ---- user actions ------------------------------------------------------------------------

  confirm(): void {
    this.#act('confirm');
  }
  retry(): void {
    this.#act('retry');
  }
  /** Leave a failed flow as it is. */
  abandon(): void {
    this.#act('abandon');
  }
  tp1Done(): void {
    this.#act('tp1-done');
  }
  /** "It keeps disconnecting": treat the module as boot-looping now. */
  reportLoop(): void {
    this.#detector.reportedByUser();
    this.#act('catch');
    this.#patch({ loop: this.#detector.stats(this.#clock.now()) });
  }
  /** Rescue: the module already sits in download mode (one interface, TP1 held): go to the chooser. */
  alreadyInDownloadMode(): void {
    this.#act('in-download');
  }
  /** Provide (or replace) the image; unblocks a `choose-image` prompt. */
  provideImage(image: FlowImage): void {
    this.#image = image;
    this.#patch({ image: imageRef(image) });
    this.#act('confirm');
  }

  /**
   * Opens the browser's chooser for the device the flow waits for. Call it straight from a
   * click handler: Chrome needs the user gesture, and a new USB identity needs a fresh grant.
   */
  reconnect(): Promise<void> {
    const target = this.#view.phase === 'wait-app' ? 'app' : 'download';
    const p = this.#pair;
    let pick: Promise<USBDevice | SerialPort>;
    if (target === 'download' && this.#via() === 'usb' && this.#env.usb) {
      pick = this.#env.usb.requestDevice({ filters: p.download.map((productId) => ({ vendorId: p.vendorId, productId })) });
    } else {
      const pids = target === 'app' ? p.app : p.download;
      pick = this.#env.serial.requestPort({ filters: pids.map((usbProductId) => ({ usbVendorId: p.vendorId, usbProductId })) });
    }
    const deliver = (r: { device: USBDevice | SerialPort } | { error: unknown }) => {
      if (this.#reconnected) this.#reconnected(r);
      else this.#pendingPick = Promise.resolve(r); // picked before the wait began (retry + reconnect in one click)
    };
    return pick.then(
      (device) => deliver({ device }),
      (error) => deliver({ error }),
    );
  }

  /**
   * Stops the flow. While writing, the download engine asks for confirmation first: pass
   * `confirmed` once the user accepted that the module then stays in download mode.
   */
  cancel(options: { confirmed?: boolean } = {}): 'cancelled' | 'needs-confirmation' {
    if (this.#engine?.running && this.#engine.writeStarted && !options.confirmed) return 'needs-confirmation';
    this.#engine?.cancel({ confirmed: true });
    this.#abort.abort(new FlowError('cancelled', 'The flow was cancelled.'));
    this.#waiter?.resolve('abandon');
    return 'cancelled';
  }

  #act(a: UserAction): void {
    const w = this.#waiter;
    if (w && w.allowed.includes(a)) {
      this.#waiter = null;
      // the UI sees the step resume at once, not after the machine's next turn
      if (a !== 'abandon') this.#patch({ status: 'running', prompt: null, failure: null });
      w.resolve(a);
    }
  }

  // ---- the machine -------------------------------------------------------------------------

  async run(): Promise<FlowView> {
    if (this.#running) throw new Error('GuidedFlow.run() called twice.');
    this.#running = true;
    try {
      let phase = this.#view.phase;
      while (phase !== 'done') {
        this.#patch({ phase, status: 'running', prompt: null, failure: null });
        await this.#persist();
        try {
          const next = await this.#runPhase(phase);
          phase = next ?? TRANSITIONS[this.kind][phase] ?? 'done';
        } catch (e) {
          if (this.#abort.signal.aborted) break;
          const failure = this.#asFailure(e, phase);
          this.#log(`failed in ${phase}: ${failure.code} — ${failure.message}`);
          this.#patch({ status: 'failed', failure, wait: null });
          await this.#persist();
          const allowed: UserAction[] = failure.resume ? ['retry', 'abandon'] : ['abandon'];
          if (failure.code === 'loop-not-caught') allowed.push('tp1-done');
          const a = await this.#ask(allowed).catch(() => 'abandon' as const);
          if (this.#abort.signal.aborted) break;
          if (a === 'retry' && failure.resume) phase = failure.resume;
          else if (a === 'tp1-done') phase = 'wait-download';
          else {
            await this.#cleanup();
            return this.#view;
          }
        }
      }
      if (this.#abort.signal.aborted) {
        this.#patch({ status: 'cancelled', prompt: null, wait: null });
        await this.#cleanup();
        await this.#env.store?.clear();
        return this.#view;
      }
      this.#patch({ phase: 'done', status: 'done', prompt: null, wait: null });
      await this.#cleanup();
      await this.#env.store?.clear();
      return this.#view;
    } finally {
      this.#running = false;
    }
  }

  async #runPhase(phase: Phase): Promise<Phase | void> {
    switch (phase) {
      case 'start':
        return this.#start();
      case 'check-image':
        return this.#checkImage();
      case 'snapshot':
        return this.#snapshot();
      case 'enter-download':
        return this.#enterDownload();
      case 'wait-download':
        return this.#waitDownload();
      case 'flash':
        return this.#flash();
      case 'wait-app':
        return this.#waitApp();
      case 'verify':
        return this.#verify();
      case 'restore':
        return this.#restore();
      case 'read-carrier':
        return this.#readCarrier();
      case 'set-carrier':
        return this.#setCarrier();
      case 'reset':
        return this.#reset();
      case 'check':
        return this.#check();
      case 'watch':
        return this.#watch();
      case 'catch':
        return this.#catch();
      case 'tp1':
        return this.#tp1();
      case 'done':
        return;
    }
  }

  async #start(): Promise<Phase | void> {
    if (this.kind === 'rescue') return;
    const session = await this.#openAt();
    const facts = await readFacts(session);
    this.#model = facts.model ?? this.#model;
    this.#pair = usbPairFor(this.#model, this.#usbSeen);
    this.#patch({ before: facts });
  }

  async #checkImage(): Promise<void> {
    const img = this.#image;
    if (!img) throw new FlowError('image-refused', 'No image was chosen.');
    if (img.verdict !== 'ok') throw new FlowError('image-refused', `${img.name} did not pass inspection.`, img.problems.join('; '));
    const before = this.#view.before;
    const result = checkCompatibility(
      { platform: img.platform, productCode: img.product, firmwareVersion: img.firmwareVersion, carrier: img.carrier },
      before ? { model: before.model, platform: before.platform, firmwareVersion: before.firmwareVersion, carrier: before.impref?.current.carrier ?? null } : null,
    );
    const block = result.findings.find((f) => f.severity === 'block');
    if (result.compatible === false || block) {
      throw new FlowError('wrong-product', `${img.name} is not for this module.`, block ? JSON.stringify(block.params) : undefined);
    }
    const cautions = result.findings.filter((f) => f.severity !== 'info' || f.code === 'same-version');
    if (cautions.length) {
      this.#patch({ status: 'needs-user', prompt: { kind: 'confirm-image', findings: cautions } });
      await this.#ask(['confirm']);
    }
  }

  async #snapshot(): Promise<void> {
    const session = await this.#openAt();
    const snap = await runSnapshot(session, { signal: this.#abort.signal });
    this.events.emit('snapshot', snap);
    const facts = await readFacts(session);
    this.#log(`snapshot saved: ${facts.revision ?? '?'}; carrier ${facts.impref?.current.carrier ?? '?'}; APNs ${facts.pdp.map((p) => `${p.cid}:${p.apn || '(network)'}`).join(', ') || 'none'}; IMPREF preferred ${facts.impref?.preferred.carrier ?? '?'}`);
    this.#log(`snapshot: ${Object.keys(snap.answers).length} answers (IMEI ${snap.imei ? 'present' : 'absent'})`);
    this.#patch({ before: facts });
  }

  async #enterDownload(): Promise<void> {
    const session = await this.#openAt();
    await this.#rememberPresent();
    const r = await session.send('AT!BOOTHOLD', { unlock: true, timeoutMs: 5000, signal: this.#abort.signal }).catch((e: unknown) => {
      if (isAtError(e) && e.code === 'device-lost') return null; // it went at once: that is the point
      throw e;
    });
    if (r && r.final.kind !== 'ok') {
      throw new FlowError('boothold-refused', `The module answered ${r.final.kind === 'cme-error' ? `+CME ERROR: ${r.final.text}` : 'ERROR'} to AT!BOOTHOLD.`, r.passwordGate === 'locked' ? 'password' : undefined);
    }
    this.#log(r?.passwordGate === 'unlocked' ? 'AT!ENTERCND unlocked AT!BOOTHOLD' : 'AT!BOOTHOLD accepted');
    await this.#portGone(session);
  }

  /** Waits for the open AT link to end (the module leaving the bus). */
  async #portGone(session: AtSession): Promise<void> {
    const t = session.transport;
    const gone = await this.#race(
      t.ended.then((e) => e.reason === 'lost'),
      this.#t.portGoneMs,
    );
    this.#at = null;
    await session.close().catch(() => undefined);
    if (gone !== true) throw new FlowError('port-stayed', 'The AT port did not go away after the command.');
  }

  async #waitDownload(): Promise<Phase | void> {
    this.#closeDownload();
    const outcome = await this.#waitDevice('download', this.#t.downloadWaitMs, this.#t.downloadExpectedMs);
    if (outcome === 'app-again') {
      this.#log('it came back as the application port: not caught');
      return this.#view.catchAttempts >= this.#t.catchAttempts ? 'tp1' : 'catch';
    }
    // Attached the moment it appeared (connect event or getDevices()); nothing is sent before
    // the engine has listened for the hello. How fast: appearance → claim → first byte.
    const appearedAt = performance.now();
    this.#download = await this.#openDownload(outcome);
    this.#downloadAppearedAt = appearedAt;
  }

  /** When the download device last appeared (performance.now()), for the window measurement. */
  #downloadAppearedAt: number | null = null;

  #logWindow(transport: Transport): void {
    const at = this.#downloadAppearedAt;
    const t = transport as { readonly openedAt?: number; readonly firstByteAt?: number | null };
    if (at === null || typeof t.openedAt !== 'number') return;
    const first = typeof t.firstByteAt === 'number' ? `, first byte after ${Math.round(t.firstByteAt - at)} ms` : '';
    this.#log(`download device claimed ${Math.round(t.openedAt - at)} ms after it appeared${first}`);
  }

  async #flash(): Promise<Phase | void> {
    const transport = this.#download;
    if (!transport || transport.state !== 'open') return 'wait-download';
    while (!this.#image) {
      this.#patch({ status: 'needs-user', prompt: { kind: 'choose-image' } });
      await this.#ask(['confirm']);
      this.#patch({ status: 'running', prompt: null });
    }
    const image = this.#image;
    const engine = new DownloadEngine({
      transport,
      images: [downloadImageOf(image)],
      ...(this.#env.downloadTimings ? { timings: this.#env.downloadTimings } : {}),
      ...(image.product ? { expectProducts: [image.product] } : {}),
      // The model's profile says Sahara or QDL: a QDL-only module skips the 5 s Sahara listen.
      ...(this.#model ? { model: this.#model } : {}),
      progressIntervalMs: this.#env.progressIntervalMs ?? 100,
    });
    this.#engine = engine;
    engine.events.on('detected', () => this.#logWindow(transport));
    this.#lastSavedProgress = -1;
    const off = engine.events.on('progress', (p) => {
      const progress = p.bytesTotal ? p.bytesDone / p.bytesTotal : 0;
      this.#patch({ progress });
      if (progress - this.#lastSavedProgress >= 0.05) {
        this.#lastSavedProgress = progress;
        void this.#persist();
      }
    });
    try {
      const result = await engine.run();
      this.#log(`flashed ${image.name} over ${result.protocol} in ${Math.round(result.durationMs)} ms; reset: ${result.reset}`);
      this.#patch({ progress: 1 });
    } catch (e) {
      if (isDownloadError(e)) {
        if (e.code === 'cancelled') throw new FlowError('cancelled', e.message);
        if (e.code === 'device-lost' || (e.code === 'transport' && (transport.state as string) === 'lost')) {
          throw new FlowError('unplugged-mid-flash', `The module left the bus during ${e.phase}.`, e.writeStarted ? 'write-started' : undefined);
        }
        throw new FlowError('flash-failed', e.message, e.code);
      }
      throw e;
    } finally {
      off();
      this.#engine = null;
      this.#closeDownload();
    }
  }

  async #waitApp(): Promise<void> {
    await this.#closeAt();
    const outcome = await this.#waitDevice('app', this.#t.appWaitMs, this.#t.appExpectedMs);
    if (outcome === 'app-again' || !isSerialPort(outcome)) throw new FlowError('wrong-device', 'The device picked is not the application-mode AT port.', 'identity');
    const port = outcome;
    this.#atPort = port;
    await this.#openAt();
  }

  async #verify(): Promise<void> {
    const session = await this.#openAt();
    const after = await readFacts(session);
    const img = this.#image ?? null;
    const ref = this.#view.image;
    let report: VerifyReport;
    if (this.kind === 'carrier') {
      const target = this.#view.targetCarrier;
      const current = after.impref?.current.carrier ?? null;
      const preferred = after.impref?.preferred.carrier ?? null;
      report = { expectedFirmware: null, firmware: after.firmwareVersion, expectedCarrier: target, carrier: current, preferredCarrier: preferred, ok: current === target && preferred === target && !after.impref?.mismatches.length };
      this.#patch({ after, verify: report });
      if (!report.ok) throw new FlowError('carrier-not-applied', `After the reset the module runs ${current ?? '?'} (preferred ${preferred ?? '?'}).`);
      return;
    }
    const expectedFirmware = img?.firmwareVersion ?? ref?.firmwareVersion ?? null;
    const expectedCarrier = img?.carrier ?? ref?.carrier ?? null;
    const carrier = after.impref?.current.carrier ?? null;
    const fwOk = !expectedFirmware || after.firmwareVersion === expectedFirmware;
    const carrierOk = !expectedCarrier || carrier?.toUpperCase() === expectedCarrier.toUpperCase();
    report = { expectedFirmware, firmware: after.firmwareVersion, expectedCarrier, carrier, preferredCarrier: after.impref?.preferred.carrier ?? null, ok: fwOk && carrierOk };
    this.#patch({ after, verify: report });
    this.#log(`verify: firmware ${after.firmwareVersion ?? '?'} (expected ${expectedFirmware ?? 'any'}), carrier ${carrier ?? '?'} (expected ${expectedCarrier ?? 'any'})`);
    if (!report.ok) {
      throw new FlowError('verify-mismatch', `The module runs ${after.firmwareVersion ?? '?'} ${carrier ?? ''}, the image has ${expectedFirmware ?? '?'} ${expectedCarrier ?? ''}.`);
    }
  }

  /** Puts back APN profiles the update reset (the carrier configuration rewrites the PDP table). */
  async #restore(): Promise<void> {
    const before = this.#view.before;
    const after = this.#view.after;
    if (!before || !after) return;
    const session = await this.#openAt();
    const restored: string[] = [];
    for (const ctx of before.pdp) {
      if (!ctx.apn) continue;
      const now = after.pdp.find((c) => c.cid === ctx.cid);
      if (now && now.apn === ctx.apn && now.pdpType === ctx.pdpType) continue;
      const cmd = `AT+CGDCONT=${ctx.cid},"${ctx.pdpType}","${ctx.apn}"`;
      const r = await session.send(cmd, { signal: this.#abort.signal });
      if (r.final.kind === 'ok') restored.push(cmd);
      else this.#log(`restore refused: ${cmd}`);
    }
    this.#patch({ restored });
  }

  // ---- carrier switch ----------------------------------------------------------------------

  async #readCarrier(): Promise<Phase | void> {
    const before = this.#view.before;
    const target = this.#view.targetCarrier ?? 'GENERIC';
    if (!before) return;
    if (before.impref?.current.carrier === target && before.impref.preferred.carrier === target && !before.impref.mismatches.length) {
      this.#log(`already on ${target}`);
      const current = before.impref.current.carrier;
      this.#patch({ after: before, verify: { expectedFirmware: null, firmware: before.firmwareVersion, expectedCarrier: target, carrier: current, preferredCarrier: current, ok: true } });
      return 'check';
    }
    if (!hasCarrierPackage(before, target, before.firmwareVersion)) {
      throw new FlowError('carrier-package-missing', `No ${target} carrier package for firmware ${before.firmwareVersion ?? '?'} on the module.`, target);
    }
  }

  async #setCarrier(): Promise<void> {
    const session = await this.#openAt();
    const target = this.#view.targetCarrier ?? 'GENERIC';
    const r = await session.send(`AT!IMPREF="${target}"`, { unlock: true, signal: this.#abort.signal });
    if (r.final.kind !== 'ok') throw new FlowError('impref-refused', `The module refused AT!IMPREF="${target}".`, r.passwordGate === 'locked' ? 'password' : undefined);
    this.#log(`preferred carrier set to ${target}${r.passwordGate === 'unlocked' ? ' (after AT!ENTERCND)' : ''}`);
  }

  async #reset(): Promise<void> {
    const session = await this.#openAt();
    await this.#rememberPresent();
    const r = await session.send('AT!RESET', { signal: this.#abort.signal }).catch((e: unknown) => {
      if (isAtError(e) && e.code === 'device-lost') return null;
      throw e;
    });
    if (r && r.final.kind !== 'ok') throw new FlowError('port-stayed', 'The module refused AT!RESET.');
    await this.#portGone(session);
  }

  /** Re-runs the check (snapshot + rules) once the new carrier image is active. */
  async #check(): Promise<void> {
    const session = await this.#openAt();
    // the radio needs a moment after boot to register; the rules read registration state
    await sleep(this.#clock, 8_000, this.#abort.signal);
    const snapshot = await runSnapshot(session, { signal: this.#abort.signal });
    const findings = evaluate({ snapshot, errors: [], signals: [] }).map((f) => ({ id: f.id, severity: f.severity, title: f.title }));
    this.#patch({ findings });
    this.#log(`check after the switch: ${findings.map((f) => f.id).join(', ') || 'no findings'}`);
  }

  // ---- rescue ------------------------------------------------------------------------------

  /** Watches connect/disconnect until the loop is plain (or the user says so). */
  async #watch(): Promise<Phase | void> {
    const stop = this.#observeBus();
    try {
      const granted = (await this.#env.serial.getPorts()).some((p) => serialMatches(p, this.#pair.vendorId, this.#pair.app));
      if (!granted) {
        // no grant yet: the user must pick the port while it is up (the chooser lists it then)
        this.#patch({ status: 'needs-user', prompt: { kind: 'pick-loop-port' } });
      }
      while (!this.#detector.stats(this.#clock.now()).looping) {
        const a = await this.#ask(['catch', 'in-download'], 1000);
        if (a === 'in-download') {
          this.#log('the module is already in download mode');
          return 'wait-download';
        }
        if (a === 'catch') break;
        this.#patch({ loop: this.#detector.stats(this.#clock.now()) });
      }
      this.#patch({ loop: this.#detector.stats(this.#clock.now()), status: 'running', prompt: null });
    } finally {
      stop();
    }
  }

  /** Grants the looping module's port from a click: call while it is up. */
  pickLoopPort(): Promise<void> {
    const p = this.#pair;
    return this.#env.serial
      .requestPort({ filters: p.app.map((usbProductId) => ({ usbVendorId: p.vendorId, usbProductId })) })
      .then(
        () => {
          this.#detector.appeared(this.#clock.now());
          this.#patch({ prompt: null, status: 'running', loop: this.#detector.stats(this.#clock.now()) });
        },
        () => undefined,
      );
  }

  /**
   * Catches the module in its window: the moment its port appears, open it and send
   * AT!BOOTHOLD until it goes. If it comes back as the application port, try again; after
   * `catchAttempts` appearances, the TP1 guide.
   */
  async #catch(): Promise<Phase> {
    const stop = this.#observeBus();
    try {
      for (;;) {
        if (this.#view.catchAttempts >= this.#t.catchAttempts) return 'tp1';
        this.#patch({ wait: { startedAt: this.#clock.now(), expectedMs: 15_000, timeoutMs: this.#t.loopWaitMs } });
        await this.#rememberPresent();
        const appeared = await waitForSerialPort(this.#env.serial, (p) => serialMatches(p, this.#pair.vendorId, this.#pair.app), {
          clock: this.#clock,
          timeoutMs: this.#t.loopWaitMs,
          signal: this.#abort.signal,
        });
        if (appeared.kind === 'aborted') throw this.#abort.signal.reason;
        if (appeared.kind === 'timeout') {
          // gone quiet: it may already sit in download mode (or be unplugged); let the user reconnect
          this.#log('the looping port did not come back');
          return 'wait-download';
        }
        this.#patch({ catchAttempts: this.#view.catchAttempts + 1 });
        this.#log(`appearance ${this.#view.catchAttempts}: sending AT!BOOTHOLD`);
        await this.#hammer(appeared.device);
        // caught or not, the next thing on the bus says: download mode (reconnect) or the port again
        return 'wait-download';
      }
    } finally {
      stop();
    }
  }

  /** Opens a port that just appeared and repeats AT!BOOTHOLD until it vanishes. */
  async #hammer(port: SerialPort): Promise<void> {
    let t: Transport;
    try {
      t = await openWebSerial(port);
    } catch {
      return; // gone before we could open it
    }
    const bytes = new TextEncoder().encode('AT!BOOTHOLD\r');
    const drain = (async () => {
      try {
        for (;;) await t.read();
      } catch {
        // ended
      }
    })();
    const limit = this.#clock.now() + 10_000;
    while (t.state === 'open' && this.#clock.now() < limit && !this.#abort.signal.aborted) {
      await t.write(bytes).catch(() => undefined);
      await sleep(this.#clock, this.#t.catchRepeatMs, this.#abort.signal).catch(() => undefined);
    }
    await t.close();
    await drain;
  }

  async #tp1(): Promise<void> {
    this.#patch({ status: 'needs-user', prompt: { kind: 'tp1' }, wait: null });
    await this.#ask(['tp1-done']);
  }

  /** Feeds the detector from both APIs' connect/disconnect events for this module's identities. */
  #observeBus(): () => void {
    const pair = this.#pair;
    const now = () => this.#clock.now();
    const update = () => this.#patch({ loop: this.#detector.stats(now()) });
    const onSerial = (ev: Event) => {
      const port = ev.target as SerialPort;
      if (!serialMatches(port, pair.vendorId, [...pair.app, ...pair.download])) return;
      if (ev.type === 'connect') this.#detector.appeared(now());
      else this.#detector.vanished(now());
      update();
    };
    const onUsb = (ev: Event) => {
      const d = (ev as USBConnectionEvent).device;
      if (d.vendorId !== pair.vendorId) return;
      if (ev.type === 'connect' && isDownloadLayout(d)) this.#log('a download-mode device appeared');
      if (ev.type === 'connect') this.#detector.appeared(now());
      else this.#detector.vanished(now());
      update();
    };
    const s = this.#env.serial;
    const u = this.#env.usb;
    s.addEventListener('connect', onSerial);
    s.addEventListener('disconnect', onSerial);
    u?.addEventListener('connect', onUsb);
    u?.addEventListener('disconnect', onUsb);
    return () => {
      s.removeEventListener('connect', onSerial);
      s.removeEventListener('disconnect', onSerial);
      u?.removeEventListener('connect', onUsb);
      u?.removeEventListener('disconnect', onUsb);
    };
  }

  // ---- devices -----------------------------------------------------------------------------

  #via(): 'usb' | 'serial' {
    return this.#env.downloadVia ?? (this.#env.usb ? 'usb' : 'serial');
  }

  async #rememberPresent(): Promise<void> {
    this.#beforeUsb = new Set(this.#env.usb ? await this.#env.usb.getDevices() : []);
    this.#beforeSerial = new Set(await this.#env.serial.getPorts());
  }

  /**
   * Waits for the module to come back as `target`: a granted device announces itself; one that
   * needs a new grant comes through reconnect() (the chooser). Timed pseudo-progress meanwhile.
   */
  async #waitDevice(target: 'download' | 'app', timeoutMs: number, expectedMs: number): Promise<USBDevice | SerialPort | 'app-again'> {
    const started = this.#clock.now();
    this.#patch({ wait: { startedAt: started, expectedMs, timeoutMs }, status: 'needs-user', prompt: { kind: 'reconnect', target } });
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    this.#abort.signal.addEventListener('abort', onAbort, { once: true });
    const pair = this.#pair;
    const auto: Promise<{ device: USBDevice | SerialPort } | null>[] = [];
    if (target === 'download') {
      if (this.#via() === 'usb' && this.#env.usb) {
        auto.push(
          waitForUsbDevice(this.#env.usb, (d) => usbMatchesDownload(d, pair), { clock: this.#clock, timeoutMs, before: this.#beforeUsb, signal: ac.signal }).then((o) =>
            o.kind === 'found' ? { device: o.device } : null,
          ),
        );
      } else {
        auto.push(
          waitForSerialPort(this.#env.serial, (p) => serialMatches(p, pair.vendorId, pair.download) && isDownloadSerial(p), { clock: this.#clock, timeoutMs, before: this.#beforeSerial, signal: ac.signal }).then((o) =>
            o.kind === 'found' ? { device: o.device } : null,
          ),
        );
      }
    } else {
      auto.push(
        waitForSerialPort(this.#env.serial, (p) => serialMatches(p, pair.vendorId, pair.app) && isAppSerial(p), { clock: this.#clock, timeoutMs, signal: ac.signal }).then((o) =>
          o.kind === 'found' ? { device: o.device } : null,
        ),
      );
    }
    // a rescue that tried to catch the loop: the application port coming back means "not caught"
    const again =
      target === 'download' && this.kind === 'rescue' && this.#view.catchAttempts > 0
        ? waitForSerialPort(this.#env.serial, (p) => serialMatches(p, pair.vendorId, pair.app) && isAppSerial(p), { clock: this.#clock, timeoutMs, signal: ac.signal }).then((o) =>
            o.kind === 'found' ? ('app-again' as const) : new Promise<never>(() => undefined),
          )
        : new Promise<never>(() => undefined);
    const pending = this.#pendingPick;
    this.#pendingPick = null;
    const picked = pending ?? new Promise<{ device: USBDevice | SerialPort } | { error: unknown }>((resolve) => (this.#reconnected = resolve));
    const timeout = new Promise<'timeout'>((resolve) => {
      const id = this.#clock.setTimeout(() => resolve('timeout'), timeoutMs);
      ac.signal.addEventListener('abort', () => this.#clock.clearTimeout(id), { once: true });
    });
    try {
      const r = await Promise.race([...auto.map((p) => p.then((x) => x ?? new Promise<never>(() => undefined))), picked, timeout, again, aborted(this.#abort.signal)]);
      if (r === 'app-again') return r;
      if (r === 'timeout') {
        throw new FlowError(target === 'download' ? 'download-timeout' : 'app-timeout', `No ${target === 'download' ? 'download-mode device' : 'application-mode port'} within ${Math.round(timeoutMs / 1000)} s.`);
      }
      if ('error' in r) {
        const err = fromPlatformError(r.error, 'request');
        if (err.code === 'picker-cancelled') throw new FlowError('picker-cancelled', 'The chooser was closed without picking a device.');
        throw new FlowError(target === 'download' ? 'download-open-failed' : 'app-timeout', err.message, err.code);
      }
      this.#log(`${target === 'download' ? 'download device' : 'application port'} found after ${this.#clock.now() - started} ms`);
      return r.device;
    } finally {
      this.#reconnected = null;
      ac.abort();
      this.#abort.signal.removeEventListener('abort', onAbort);
      this.#patch({ wait: null, prompt: null, status: 'running' });
    }
  }

  /** Checks the picked device is this module in download mode, then opens it. */
  async #openDownload(device: USBDevice | SerialPort): Promise<Transport> {
    const pair = this.#pair;
    if (isUsbDevice(device)) {
      const id = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
      if (device.vendorId !== pair.vendorId || !pair.download.includes(device.productId)) {
        throw new FlowError('wrong-device', `${id} is not this module's download-mode identity.`, 'identity');
      }
      if (!isDownloadLayout(device)) throw new FlowError('wrong-device', `${id} is still in application mode (several interfaces).`, 'application-mode');
      if (this.#beforeUsb.has(device)) throw new FlowError('wrong-device', `${id} was already attached before this module restarted: it is another module.`, 'timing');
      this.#patch({ usbLabel: id });
      try {
        return await openWebUsb(device, this.#env.usb ? { usb: this.#env.usb } : {});
      } catch (e) {
        const code = isTransportError(e) ? e.code : 'io';
        throw new FlowError('download-open-failed', e instanceof Error ? e.message : String(e), code);
      }
    }
    const info = device.getInfo();
    if (info.usbVendorId !== pair.vendorId || !pair.download.includes(info.usbProductId ?? -1) || !isDownloadSerial(device)) {
      throw new FlowError('wrong-device', 'The port picked is not this module in download mode.', 'identity');
    }
    if (this.#beforeSerial.has(device)) throw new FlowError('wrong-device', 'That port was there before the module restarted: another module.', 'timing');
    try {
      return await openWebSerial(device);
    } catch (e) {
      throw new FlowError('download-open-failed', e instanceof Error ? e.message : String(e), isTransportError(e) ? e.code : 'io');
    }
  }

  #closeDownload(): void {
    const d = this.#download;
    this.#download = null;
    void d?.close();
  }

  async #openAt(): Promise<AtSession> {
    if (this.#at && this.#at.state === 'open') return this.#at;
    const port = this.#atPort;
    if (!port) throw new FlowError('no-at-port', 'No AT port to talk to.');
    let t: Transport;
    try {
      t = await openWebSerial(port);
    } catch (e) {
      throw new FlowError('no-at-port', e instanceof Error ? e.message : String(e), isTransportError(e) ? e.code : undefined);
    }
    const session = new AtSession(t);
    this.#at = session;
    await waitForAtAnswer(session, this.#clock, this.#t.atAnswerMs, this.#abort.signal);
    await session.send('ATE0').catch(() => undefined);
    return session;
  }

  async #closeAt(): Promise<void> {
    const s = this.#at;
    this.#at = null;
    await s?.close().catch(() => undefined);
  }

  async #cleanup(): Promise<void> {
    this.#closeDownload();
    await this.#closeAt();
    if (this.#view.status === 'done') this.finalPort = this.#atPort;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  #ask(allowed: readonly UserAction[], timeoutMs?: number): Promise<UserAction | null> {
    return new Promise((resolve) => {
      let timer: unknown = null;
      const done = (a: UserAction | null) => {
        if (timer !== null) this.#clock.clearTimeout(timer);
        if (this.#waiter?.resolve === done) this.#waiter = null;
        resolve(a);
      };
      if (this.#abort.signal.aborted) return done('abandon');
      this.#waiter = { resolve: done, allowed: [...allowed, 'abandon'] };
      if (timeoutMs !== undefined) timer = this.#clock.setTimeout(() => done(null), timeoutMs);
    }).then((a) => {
      if (a === 'abandon' && this.#abort.signal.aborted) throw this.#abort.signal.reason;
      return a as UserAction | null;
    });
  }

  #race<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
    return new Promise((resolve, reject) => {
      const id = this.#clock.setTimeout(() => resolve('timeout'), ms);
      p.then(
        (v) => {
          this.#clock.clearTimeout(id);
          resolve(v);
        },
        (e: unknown) => {
          this.#clock.clearTimeout(id);
          reject(e);
        },
      );
    });
  }

  #asFailure(e: unknown, phase: Phase): FlowFailure {
    const resumeFor = (code: FlowErrorCode): Phase | null => {
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
    };
    if (isFlowError(e)) return { code: e.code, message: e.message, detail: e.detail ?? null, resume: resumeFor(e.code), failedIn: phase };
    if (isAtError(e)) {
      const code: FlowErrorCode = e.code === 'device-lost' || e.code === 'closed' ? 'no-at-port' : 'at-silent';
      return { code, message: e.message, detail: e.code, resume: phase === 'enter-download' || phase === 'reset' ? phase : resumeFor(code) ?? phase, failedIn: phase };
    }
    const message = e instanceof Error ? e.message : String(e);
    return { code: 'at-silent', message, detail: null, resume: phase, failedIn: phase };
  }

  #patch(p: Partial<FlowView>): void {
    this.#view = { ...this.#view, ...p };
    this.events.emit('state', this.#view);
  }

  #log(text: string): void {
    this.events.emit('log', { at: this.#clock.now(), text });
  }

  async #persist(): Promise<void> {
    const store = this.#env.store;
    if (!store) return;
    const v = this.#view;
    const record: FlowRecord = {
      id: v.id,
      kind: v.kind,
      phase: v.phase,
      progress: v.progress,
      image: v.image,
      before: v.before,
      model: this.#model,
      usb: this.#usbSeen,
      targetCarrier: v.targetCarrier,
      startedAt: this.#startedAt,
      updatedAt: Date.now(),
    };
    try {
      await store.save(record);
    } catch (e) {
      this.#log(`could not save the flow state: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function isSerialPort(d: USBDevice | SerialPort): d is SerialPort {
  return typeof (d as SerialPort).getInfo === 'function';
}

function isUsbDevice(d: USBDevice | SerialPort): d is USBDevice {
  return 'configurations' in d || 'productId' in d;
}

/**
 * A serial port that is a download-mode function. WebSerial shows only VID:PID, which RC76xx
 * keeps; the virtual modem's ports also say which function they are. Real ports give no more:
 * then the port is taken as download mode when the flow waits for download mode.
 */
function serialFunction(p: SerialPort): string | null {
  const spec = (p as unknown as { spec?: { function?: string } }).spec;
  return spec?.function ?? null;
}

/** Could be the download port (real ports cannot tell: yes). */
function isDownloadSerial(p: SerialPort): boolean {
  const f = serialFunction(p);
  return f === null || f === 'download';
}

/** Could be the application AT port (real ports cannot tell: yes). */
function isAppSerial(p: SerialPort): boolean {
  const f = serialFunction(p);
  return f === null || f !== 'download';
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
