/**
 * The flash panel's state: which screen, the open link, the write job while it runs. Kept out
 * of the component so the screens are plain views of `view`. The writing itself — the check
 * against the module, the cross-tab guard, wake lock and leave warning, the session log and the
 * read-back — is the session layer's write job; this only opens the link and mirrors the job.
 */
import { DEVICE_FILTERS, QUALCOMM_VENDOR_ID, SIERRA_VENDOR_ID, deviceApis } from '../../platform/device-apis.ts';
import type { DownloadProgress, DownloadResult } from '../../session/download/engine.ts';
import { DownloadError } from '../../session/download/errors.ts';
import { blobSource } from '../../session/images/byte-source.ts';
import type { DownloadTimings } from '../../session/download/timings.ts';
import type { InspectionReport } from '../../session/images/report.ts';
import { journalRecorder } from '../../session/logs/live.ts';
import { identityForDownload } from '../../session/write/module-identity.ts';
import type { WriteOutcome } from '../../session/write/outcome.ts';
import { browserPlatform } from '../../session/write/platform.ts';
import { checkBeforeWrite, type WriteCheck } from '../../session/write/pre-write-check.ts';
import type { Verification } from '../../session/write/read-back.ts';
import type { WriteRefusal } from '../../session/write/refusal.ts';
import { serialReadBack } from '../../session/write/serial-read-back.ts';
import { WriteJob } from '../../session/write/write-job.ts';
import { writeImageFromReport, type WriteImage } from '../../session/write/write-image.ts';
import { TransportError, fromPlatformError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { explainClaimFailure, findDownloadInterface, openWebUsb, type ClaimFailureCause } from '../../transport/web-usb.ts';
import { hex4 } from '../../codec/hex.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { modelFromUsbName } from '../../session/link/usb-name.ts';
import { beginJob } from '../job/job.svelte.ts';
import type { JobOutcome } from '../job/job-format.ts';
import { flashJobSource, jobOutcomeOfWrite } from './flash-job.ts';

export interface FlashInput {
  readonly file: Blob;
  readonly report: InspectionReport;
}

/** What the page knows about the module before it is connected: what it said over AT, or the model the user gave. */
export interface StatedModule {
  readonly statedModel: string | null;
  /** A line picked from the list, without an exact model. */
  readonly statedLine: ProductLine | null;
  readonly at: { readonly model: string | null; readonly firmwareVersion?: string | null; readonly carrier?: string | null } | null;
}

export type FlashView =
  | { readonly screen: 'choose' }
  | { readonly screen: 'connecting' }
  | {
      readonly screen: 'ready';
      readonly device: string;
      /** Attached on its own this long after it appeared (ms). */
      readonly caughtMs?: number;
      /** And its first byte (the hello) read this long after it appeared (ms). */
      readonly firstByteMs?: number;
      /** The pre-write check against this module (its USB identity, the stated model). */
      readonly check: WriteCheck | null;
      /** What the user typed to accept an unknown product line. */
      readonly typed: string;
    }
  | { readonly screen: 'running'; readonly progress: DownloadProgress | null; readonly confirming: boolean; readonly verifying: boolean }
  | { readonly screen: 'done'; readonly result: DownloadResult; readonly verification: Verification; readonly readBackSeconds: number }
  | { readonly screen: 'refused'; readonly refusal: WriteRefusal }
  | { readonly screen: 'download-error'; readonly error: DownloadError; readonly log: string }
  | { readonly screen: 'link-error'; readonly error: TransportError; readonly claim: ClaimFailureCause | null; readonly device: string };

/** How long the page waits for the module's AT port after the reset (an RC76xx boots in about a minute). */
const READ_BACK_MS = 120_000;

export class FlashController {
  view = $state<FlashView>({ screen: 'choose' });
  #transport: Transport | null = null;
  #job: WriteJob | null = null;
  #images: WriteImage[] = [];
  #inputs: readonly FlashInput[] = [];

  constructor(
    private readonly options: {
      readonly module: () => StatedModule;
      readonly images: () => readonly FlashInput[];
      readonly timings?: Partial<DownloadTimings>;
    },
  ) {}

  get available(): { usb: boolean; serial: boolean } {
    const apis = deviceApis();
    return { usb: apis.usb !== null, serial: apis.serial !== null };
  }

  /**
   * While the first screen shows: a module in download mode that the browser already lets us
   * use (granted earlier: a policy, a serial number, this visit) is attached the moment it
   * appears (`connect`) or if it is already there (`getDevices()`), with no click: a module in
   * a short window (a boot loop, a page reload) is caught. Claiming starts the read pump and
   * nothing is sent before the engine listened for the hello. Returns the cleanup.
   */
  watch(canAttach: () => boolean = () => true): () => void {
    const usb = deviceApis().usb;
    if (!usb) return () => undefined;
    let stopped = false;
    const attach = async (device: USBDevice, appearedAt: number) => {
      if (stopped || this.view.screen !== 'choose' || this.#transport || !canAttach()) return;
      if (device.vendorId !== SIERRA_VENDOR_ID && device.vendorId !== QUALCOMM_VENDOR_ID) return;
      try {
        findDownloadInterface(device);
      } catch {
        return; // application mode or another layout: the user connects it by hand
      }
      this.view = { screen: 'connecting' };
      try {
        const t = await openWebUsb(device, { usb });
        this.#transport = t;
        this.#usbModel = modelFromUsbName(device.productName);
        await this.#ready(t, { caughtMs: Math.max(0, Math.round(t.openedAt - appearedAt)) });
        void t.firstByte.then((at) => {
          if (this.#transport === t && this.view.screen === 'ready') this.view = { ...this.view, firstByteMs: Math.max(0, Math.round(at - appearedAt)) };
        });
      } catch {
        this.view = { screen: 'choose' };
      }
    };
    const onConnect = (ev: Event) => void attach((ev as USBConnectionEvent).device, performance.now());
    usb.addEventListener('connect', onConnect);
    const seen = performance.now();
    void usb.getDevices().then(
      (devices) => {
        for (const d of devices) void attach(d, seen);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      usb.removeEventListener('connect', onConnect);
    };
  }

  async connect(via: 'usb' | 'serial'): Promise<void> {
    const apis = deviceApis();
    this.view = { screen: 'connecting' };
    let label = '';
    try {
      if (via === 'usb') {
        if (!apis.usb) throw new TransportError('api-unavailable', 'WebUSB is not available.');
        let device: USBDevice;
        try {
          device = await apis.usb.requestDevice({ filters: [{ vendorId: SIERRA_VENDOR_ID }, { vendorId: QUALCOMM_VENDOR_ID }] });
        } catch (e) {
          throw fromPlatformError(e, 'request');
        }
        label = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
        this.#transport = await openWebUsb(device, { usb: apis.usb });
        this.#usbModel = modelFromUsbName(device.productName);
      } else {
        if (!apis.serial) throw new TransportError('api-unavailable', 'WebSerial is not available.');
        let port: SerialPort;
        try {
          port = await apis.serial.requestPort({ filters: [...DEVICE_FILTERS] });
        } catch (e) {
          throw fromPlatformError(e, 'request');
        }
        this.#downloadPort = port;
        this.#usbModel = null;
        this.#transport = await openWebSerial(port);
      }
      await this.#ready(this.#transport, {});
    } catch (e) {
      const err = e instanceof TransportError ? e : fromPlatformError(e, 'open');
      if (err.code === 'picker-cancelled') {
        this.view = { screen: 'choose' };
        return;
      }
      const claim = err.code === 'claim-failed' ? explainClaimFailure(globalThis.navigator?.userAgent ?? '').cause : null;
      this.view = { screen: 'link-error', error: err, claim, device: label };
    }
  }

  /** The serial port the download link was opened on (never tried for the read-back). */
  #downloadPort: SerialPort | null = null;
  /** The model the WebUSB device's product string names ("Sierra Wireless RC7620"); a serial port has none. */
  #usbModel: string | null = null;

  /** Connected: prepare the images and check them against this module before offering Start. */
  async #ready(t: Transport, extra: { caughtMs?: number }): Promise<void> {
    this.view = { screen: 'ready', device: t.info.label, ...extra, check: null, typed: '' };
    await this.#prepare();
    this.recheck();
  }

  async #prepare(): Promise<void> {
    const inputs = this.options.images();
    if (inputs === this.#inputs && this.#images.length) return;
    this.#inputs = inputs;
    this.#images = await Promise.all(inputs.map((i) => writeImageFromReport(i.report, blobSource(i.file))));
  }

  #module() {
    const m = this.options.module();
    return identityForDownload({ at: m.at, statedModel: m.statedModel, statedLine: m.statedLine, usb: this.#transport?.info.usb ?? null, usbModel: this.#usbModel });
  }

  /** The check again: after the user typed a model name, or changed the module on the page. */
  recheck(typed?: string): void {
    if (this.view.screen !== 'ready') return;
    const t = typed ?? this.view.typed;
    const check = checkBeforeWrite({ images: this.#images, module: this.#module(), typedConfirmation: t });
    this.view = { ...this.view, check, typed: t };
  }

  async start(): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.view.screen !== 'ready') return;
    const typed = this.view.typed;
    try {
      await this.#prepare();
    } catch (e) {
      this.#fail(new DownloadError('image-read-failed', (e as Error).message, { phase: 'detect', step: 'inspection' }), '');
      return;
    }
    const module = this.#module();
    // Reached after the reset only through a port this page already holds a grant for.
    const serial = deviceApis().serial;
    const granted = serial ? (await serial.getPorts().catch(() => [] as SerialPort[])).filter((p) => p !== this.#downloadPort) : [];
    const canReadBack = granted.some((p) => p.getInfo().usbVendorId === SIERRA_VENDOR_ID);
    const began = journalRecorder.current === null;
    const journal = journalRecorder.current ?? journalRecorder.begin({ port: transport.info.label, ...(module.model ? { model: module.model } : {}) });
    const job = (this.#job = new WriteJob({
      path: 'flash',
      images: this.#images,
      module,
      typedConfirmation: typed || null,
      transport,
      journal,
      platform: browserPlatform(),
      ...(canReadBack && serial ? { readBack: serialReadBack(serial, this.#downloadPort ? { skip: new Set([this.#downloadPort]) } : {}), readBackTimeoutMs: READ_BACK_MS } : {}),
      engine: { ...(this.options.timings ? { timings: this.options.timings } : {}), progressIntervalMs: 200 },
      label: `Flash page: ${module.model ?? transport.info.label}`,
    }));
    this.view = { screen: 'running', progress: null, confirming: false, verifying: false };
    // the header, the tab and the end notification follow this write (ui/job)
    const endJob = beginJob(flashJobSource(() => (this.view.screen === 'running' ? this.view : null), module.model ?? transport.info.label, () => this.cancel()));
    job.events.on('progress', (p) => {
      if (this.view.screen === 'running') this.view = { ...this.view, progress: p };
    });
    job.events.on('phase', (p) => {
      if (p.phase === 'verify' && this.view.screen === 'running') this.view = { ...this.view, verifying: true, confirming: false };
    });
    let outcome: WriteOutcome;
    let ended: JobOutcome = 'failed';
    try {
      outcome = await job.run();
      ended = jobOutcomeOfWrite(outcome);
    } finally {
      endJob.end(ended);
      this.#job = null;
      await transport.close();
      this.#transport = null;
      this.#downloadPort = null;
      // A session the page began for this attempt ends with it; one the AT connection holds goes on.
      if (began) journalRecorder.endCurrent({ connected: false });
    }
    switch (outcome.kind) {
      case 'refused':
        this.view = { screen: 'refused', refusal: outcome.refusal };
        return;
      case 'failed':
        this.#fail(outcome.error, job.protocolLog);
        return;
      default:
        this.view = { screen: 'done', result: outcome.result, verification: outcome.verification, readBackSeconds: READ_BACK_MS / 1000 };
    }
  }

  #fail(error: DownloadError, log: string): void {
    this.view = { screen: 'download-error', error, log };
  }

  /** The Cancel button: stops at once before writing, asks for confirmation after; while waiting for the read-back, stops waiting. */
  cancel(): void {
    const j = this.#job;
    if (!j) return;
    if (j.cancel() === 'needs-confirmation' && this.view.screen === 'running') this.view = { ...this.view, confirming: true };
  }

  confirmStop(): void {
    this.#job?.cancel({ confirmed: true });
  }

  keepGoing(): void {
    if (this.view.screen === 'running') this.view = { ...this.view, confirming: false };
  }

  async reset(): Promise<void> {
    await this.#transport?.close();
    this.#transport = null;
    this.#downloadPort = null;
    this.view = { screen: 'choose' };
  }
}
