/**
 * The flash panel's state: which screen, the open link, the engine while it runs. Kept out of
 * the component so the screens are plain views of `view`.
 */
import { DEVICE_FILTERS, QUALCOMM_VENDOR_ID, SIERRA_VENDOR_ID, deviceApis } from '../../platform/device-apis.ts';
import { DownloadEngine, type DownloadProgress, type DownloadResult } from '../../session/download/engine.ts';
import { DownloadError } from '../../session/download/errors.ts';
import { downloadImageFromReport } from '../../session/download/from-report.ts';
import type { DownloadImage } from '../../session/download/image.ts';
import { blobSource } from '../../session/images/byte-source.ts';
import type { DownloadTimings } from '../../session/download/timings.ts';
import type { InspectionReport } from '../../session/images/report.ts';
import { TransportError, fromPlatformError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { explainClaimFailure, findDownloadInterface, openWebUsb, type ClaimFailureCause } from '../../transport/web-usb.ts';

export interface FlashInput {
  readonly file: Blob;
  readonly report: InspectionReport;
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
    }
  | { readonly screen: 'running'; readonly progress: DownloadProgress | null; readonly confirming: boolean }
  | { readonly screen: 'done'; readonly result: DownloadResult }
  | { readonly screen: 'download-error'; readonly error: DownloadError; readonly log: string }
  | { readonly screen: 'link-error'; readonly error: TransportError; readonly claim: ClaimFailureCause | null; readonly device: string };

export class FlashController {
  view = $state<FlashView>({ screen: 'choose' });
  #transport: Transport | null = null;
  #engine: DownloadEngine | null = null;

  constructor(
    private readonly options: { readonly expectProducts?: () => readonly string[] | undefined; readonly timings?: Partial<DownloadTimings> } = {},
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
        this.view = { screen: 'ready', device: t.info.label, caughtMs: Math.max(0, Math.round(t.openedAt - appearedAt)) };
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
      } else {
        if (!apis.serial) throw new TransportError('api-unavailable', 'WebSerial is not available.');
        let port: SerialPort;
        try {
          port = await apis.serial.requestPort({ filters: [...DEVICE_FILTERS] });
        } catch (e) {
          throw fromPlatformError(e, 'request');
        }
        this.#transport = await openWebSerial(port);
      }
      this.view = { screen: 'ready', device: this.#transport.info.label };
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

  async start(inputs: readonly FlashInput[]): Promise<void> {
    const transport = this.#transport;
    if (!transport) return;
    let images: DownloadImage[];
    try {
      images = await Promise.all(inputs.map((i) => downloadImageFromReport(i.report, blobSource(i.file))));
    } catch (e) {
      this.#fail(new DownloadError('image-read-failed', (e as Error).message, { phase: 'detect', step: 'inspection' }), '');
      return;
    }
    const expectProducts = this.options.expectProducts?.();
    const engine = (this.#engine = new DownloadEngine({
      transport,
      images,
      ...(expectProducts ? { expectProducts } : {}),
      ...(this.options.timings ? { timings: this.options.timings } : {}),
      progressIntervalMs: 200,
    }));
    this.view = { screen: 'running', progress: null, confirming: false };
    engine.events.on('progress', (p) => {
      if (this.view.screen === 'running') this.view = { ...this.view, progress: p };
    });
    try {
      const result = await engine.run();
      this.view = { screen: 'done', result };
    } catch (e) {
      const err = e instanceof DownloadError ? e : new DownloadError('transport', String(e), { phase: 'detect' });
      this.#fail(err, engine.log.toText());
    } finally {
      this.#engine = null;
      await transport.close();
      this.#transport = null;
    }
  }

  #fail(error: DownloadError, log: string): void {
    this.view = { screen: 'download-error', error, log };
  }

  /** The Cancel button: stops at once before writing, asks for confirmation after. */
  cancel(): void {
    const e = this.#engine;
    if (!e) return;
    if (e.cancel() === 'needs-confirmation' && this.view.screen === 'running') this.view = { ...this.view, confirming: true };
  }

  confirmStop(): void {
    this.#engine?.cancel({ confirmed: true });
  }

  keepGoing(): void {
    if (this.view.screen === 'running') this.view = { ...this.view, confirming: false };
  }

  async reset(): Promise<void> {
    await this.#transport?.close();
    this.#transport = null;
    this.view = { screen: 'choose' };
  }
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
