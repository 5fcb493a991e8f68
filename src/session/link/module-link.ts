/**
 * The link to one module across its modes: which USB identities it has (from its model, else
 * from what it showed), waiting for it to come back in application or download mode, the
 * browser's chooser when a new identity needs a fresh grant, the identity checks before a
 * device is opened, and the bus watch. The flows, the batch and the Flash page use this one
 * place, so every path applies the same checks.
 *
 *   const link = new ModuleLink({ serial, usb, model: 'RC7620-1' });
 *   await link.rememberPresent();                 // before the module leaves the bus
 *   const d = await link.waitFor('download', { timeoutMs: 120_000, signal });
 *   const { transport } = await link.openDownload(d);
 *   button.onclick = () => link.request('download');   // the chooser, from a click
 */
import { hex4, usbPairFor, type UsbPair } from '../../knowledge/preflight/usb-identities.ts';
import { fromPlatformError, isTransportError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { openWebUsb } from '../../transport/web-usb.ts';
import { realFlowClock, type FlowClock } from '../flows/clock.ts';
import { waitForSerialPort, waitForUsbDevice, type WaitOutcome } from './bus-wait.ts';
import { watchBus, type BusSighting } from './bus-watch.ts';
import { BusTimeline, type BusTimelineData } from './bus-timeline.ts';
import { ModuleStateMachine, type ExpectedExit, type ModuleState } from './module-state.ts';
import { Emitter } from '../../core/emitter.ts';
import { LinkError } from './link-error.ts';
import { lineFromUsbName, modelFromUsbName } from './usb-name.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { isDownloadLayout, isSerialPort, mayBeAppPort, mayBeDownloadPort, serialMatches, usbMatchesDownload, type PortDescriber } from './port-role.ts';

export type LinkTarget = 'download' | 'app';

export interface UsbIdentity {
  readonly vendorId: number;
  readonly productId: number;
}

export interface ModuleLinkOptions {
  readonly serial: Serial;
  readonly usb: USB | null;
  readonly clock?: FlowClock;
  /** The model when known (ATI, the resumed record); it picks the USB identities. */
  readonly model?: string | null;
  /** The application identity the module showed (its AT port's VID:PID). */
  readonly seen?: UsbIdentity | null;
  /** 'usb' (default when WebUSB exists) or 'serial' (the OS exposes the download port as a tty/COM). */
  readonly downloadVia?: 'usb' | 'serial';
  /** What the platform knows about a serial port's function (the virtual modem's bench); absent in a real browser. */
  readonly describePort?: PortDescriber | null;
}

/** What the download-mode device says about itself: its USB identity and, over WebUSB, the model in its product string. */
export interface DownloadIdentity {
  readonly usb: UsbIdentity | null;
  readonly namedModel: string | null;
  /** The line a product string names without a model ("EM92xx"); null when it names a model or nothing. */
  readonly namedLine: ProductLine | null;
}

export interface OpenedDownload {
  readonly transport: Transport;
  /** `VID:PID` of a USB device, for the screen. */
  readonly label: string | null;
  readonly identity: DownloadIdentity;
}

type Picked = { readonly device: USBDevice | SerialPort } | { readonly error: unknown };

/** What the link knows of the module now: its named state, the chooser closed without a pick, TP1 used. */
export interface LinkBusView {
  readonly state: ModuleState;
  /** Choosers closed without a pick during the current wait (the wait goes on). */
  readonly missedPicks: number;
  /** The user said TP1 was held in this flow (the application may not come back while it still is). */
  readonly tp1: boolean;
}

export interface LinkEvents extends Record<string, unknown> {
  /** The module's state, a missed pick or the TP1 word changed. */
  bus: LinkBusView;
}

export class ModuleLink {
  readonly serial: Serial;
  readonly usb: USB | null;
  readonly #clock: FlowClock;
  readonly #via: 'usb' | 'serial';
  readonly #describe: PortDescriber | null;
  #model: string | null;
  #seen: UsbIdentity | null;
  #pair: UsbPair;
  #beforeUsb = new Set<USBDevice>();
  #beforeSerial = new Set<SerialPort>();
  /** An application port was granted through grantAppPort() (a looping module is listed only while up). */
  #appPicked = false;
  #delivered: ((r: Picked) => void) | null = null;
  #pendingPick: Promise<Picked> | null = null;
  /** The module named from the bus, and what the bus showed, while tracked. */
  readonly events = new Emitter<LinkEvents>();
  readonly #machine = new ModuleStateMachine();
  readonly #timeline = new BusTimeline();
  #tracking = 0;
  #stopTracking: (() => void) | null = null;
  #missedPicks = 0;
  #tp1 = false;

  constructor(o: ModuleLinkOptions) {
    this.serial = o.serial;
    this.usb = o.usb;
    this.#clock = o.clock ?? realFlowClock;
    this.#via = o.downloadVia ?? (o.usb ? 'usb' : 'serial');
    this.#describe = o.describePort ?? null;
    this.#model = o.model ?? null;
    this.#seen = o.seen ?? null;
    this.#pair = usbPairFor(this.#model, this.#seen);
  }

  /** The module's identities in both modes. */
  get pair(): UsbPair {
    return this.#pair;
  }

  get model(): string | null {
    return this.#model;
  }

  /** The application identity seen (persisted with a flow, so a resume knows the module again). */
  get seen(): UsbIdentity | null {
    return this.#seen;
  }

  /** How the download-mode device is reached. */
  get via(): 'usb' | 'serial' {
    return this.#via;
  }

  /** `VID:PID` of the identity seen, for the screen. */
  get label(): string | null {
    return this.#seen ? `${hex4(this.#seen.vendorId)}:${hex4(this.#seen.productId)}` : null;
  }

  /** The model read over AT: the identities follow it. */
  setModel(model: string | null): void {
    this.#model = model ?? this.#model;
    this.#pair = usbPairFor(this.#model, this.#seen);
  }

  /** Notes the AT port's identity (a port handed over by the console). */
  notePort(port: SerialPort): void {
    if (this.#seen) return;
    const info = port.getInfo();
    if (info.usbVendorId === undefined) return;
    this.#seen = { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 };
    this.#pair = usbPairFor(this.#model, this.#seen);
  }

  /** Remembers what is attached now: a device that was already there is another module, not this one back. */
  async rememberPresent(): Promise<void> {
    this.#beforeUsb = new Set(this.usb ? await this.usb.getDevices() : []);
    this.#beforeSerial = new Set(await this.serial.getPorts());
  }

  /**
   * Opens the browser's chooser for the module in `target` mode, filtered to its identities.
   * Call it straight from a click: Chrome needs the user gesture. The pick goes to the wait in
   * progress, or to the next one (retry and reconnect in one click).
   */
  request(target: LinkTarget): Promise<void> {
    const p = this.#pair;
    let pick: Promise<USBDevice | SerialPort>;
    if (target === 'download' && this.#via === 'usb' && this.usb) {
      pick = this.usb.requestDevice({ filters: p.download.map((productId) => ({ vendorId: p.vendorId, productId })) });
    } else {
      const pids = target === 'app' ? p.app : p.download;
      pick = this.serial.requestPort({ filters: pids.map((usbProductId) => ({ usbVendorId: p.vendorId, usbProductId })) });
    }
    const deliver = (r: Picked) => {
      if (this.#delivered) this.#delivered(r);
      else this.#pendingPick = Promise.resolve(r);
    };
    return pick.then(
      (device) => deliver({ device }),
      (error) => deliver({ error }),
    );
  }

  /** Grants the application port from a click (a looping module: while its port is up). */
  async grantAppPort(): Promise<boolean> {
    const p = this.#pair;
    try {
      await this.serial.requestPort({ filters: p.app.map((usbProductId) => ({ usbVendorId: p.vendorId, usbProductId })) });
      // picked while up: that is an appearance the bus watch could not see (no grant yet)
      this.#sighted('appeared', 'app');
      this.#appPicked = true;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Whether an application port of this module is granted: picked through this link, or
   * granted and attached now (getPorts() does not list a granted port while a looping module
   * is down, so a pick is remembered).
   */
  async appPortGranted(): Promise<boolean> {
    return this.#appPicked || (await this.serial.getPorts()).some((port) => serialMatches(port, this.#pair.vendorId, this.#pair.app));
  }

  /**
   * Waits for the module to come back in `target` mode: a granted device announces itself, one
   * that needs a new grant comes through request(). With `appAgain` (a rescue that tried to
   * catch the loop), the application port returning while waiting for download mode ends the
   * wait with 'app-again'. Throws LinkError on timeout or a closed chooser.
   */
  async waitFor(target: LinkTarget, o: { readonly timeoutMs: number; readonly signal: AbortSignal; readonly appAgain?: boolean }): Promise<USBDevice | SerialPort | 'app-again'> {
    const { timeoutMs, signal } = o;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const pair = this.#pair;
    const clock = this.#clock;
    const found = <T extends USBDevice | SerialPort>(p: Promise<WaitOutcome<T>>): Promise<{ readonly device: T }> =>
      p.then((r) => (r.kind === 'found' ? { device: r.device } : never<{ readonly device: T }>()));
    const appPort = () => waitForSerialPort(this.serial, (p) => mayBeAppPort(p, pair, this.#describe), { clock, timeoutMs, signal: ac.signal });
    let auto: Promise<{ readonly device: USBDevice | SerialPort }>;
    if (target === 'app') auto = found(appPort());
    else if (this.#via === 'usb' && this.usb) {
      auto = found(waitForUsbDevice(this.usb, (d) => usbMatchesDownload(d, pair), { clock, timeoutMs, before: this.#beforeUsb, signal: ac.signal }));
    } else {
      auto = found(waitForSerialPort(this.serial, (p) => mayBeDownloadPort(p, pair, this.#describe), { clock, timeoutMs, before: this.#beforeSerial, signal: ac.signal }));
    }
    const again: Promise<'app-again'> = target === 'download' && o.appAgain ? appPort().then((r) => (r.kind === 'found' ? ('app-again' as const) : never<'app-again'>())) : never<'app-again'>();
    const pending = this.#pendingPick;
    this.#pendingPick = null;
    this.#missedPicks = 0;
    const nextPick = () => new Promise<Picked>((resolve) => (this.#delivered = resolve));
    let picked = pending ?? nextPick();
    const timeout = new Promise<'timeout'>((resolve) => {
      const id = clock.setTimeout(() => resolve('timeout'), timeoutMs);
      ac.signal.addEventListener('abort', () => clock.clearTimeout(id), { once: true });
    });
    try {
      const aborted = rejectOnAbort(signal);
      let r: { readonly device: USBDevice | SerialPort } | Picked | 'timeout' | 'app-again';
      for (;;) {
        r = await Promise.race([auto, picked, timeout, again, aborted]);
        // A chooser closed without a pick (opened before the module was there, or dismissed)
        // does not end the wait: it goes on, the screen says so, and the next click opens it again.
        if (typeof r === 'object' && 'error' in r && fromPlatformError(r.error, 'request').code === 'picker-cancelled') {
          this.#missedPicks++;
          this.#emit();
          picked = nextPick();
          continue;
        }
        break;
      }
      if (r === 'app-again') return r;
      if (r === 'timeout') {
        throw new LinkError(target === 'download' ? 'download-timeout' : 'app-timeout', `No ${target === 'download' ? 'download-mode device' : 'application-mode port'} within ${Math.round(timeoutMs / 1000)} s.`);
      }
      if ('error' in r) {
        const err = fromPlatformError(r.error, 'request');
        throw new LinkError(target === 'download' ? 'download-open-failed' : 'app-timeout', err.message, err.code);
      }
      // a device picked in the chooser (or already there) fired no connect: it is on the bus now
      this.#sighted('appeared', target);
      return r.device;
    } finally {
      this.#delivered = null;
      if (this.#missedPicks) {
        this.#missedPicks = 0;
        this.#emit();
      }
      ac.abort();
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The next appearance of the application port (granted ones), any role: a looping module's window. */
  async nextAppearance(o: { readonly timeoutMs: number; readonly signal: AbortSignal }): Promise<SerialPort | 'timeout' | 'aborted'> {
    const pair = this.#pair;
    const r = await waitForSerialPort(this.serial, (p) => serialMatches(p, pair.vendorId, pair.app), { clock: this.#clock, timeoutMs: o.timeoutMs, signal: o.signal });
    return r.kind === 'found' ? r.device : r.kind;
  }

  /**
   * Checks the device is this module in download mode — its identity, the one-interface layout,
   * not a device that was there before the module restarted — then opens it.
   */
  async openDownload(device: USBDevice | SerialPort): Promise<OpenedDownload> {
    const pair = this.#pair;
    if (isUsbDevice(device)) {
      const id = `${hex4(device.vendorId)}:${hex4(device.productId)}`;
      if (device.vendorId !== pair.vendorId || !pair.download.includes(device.productId)) {
        throw new LinkError('wrong-device', `${id} is not this module's download-mode identity.`, 'identity');
      }
      if (!isDownloadLayout(device)) throw new LinkError('wrong-device', `${id} is still in application mode (several interfaces).`, 'application-mode');
      if (this.#beforeUsb.has(device)) throw new LinkError('wrong-device', `${id} was already attached before this module restarted: it is another module.`, 'timing');
      const identity = { usb: { vendorId: device.vendorId, productId: device.productId }, namedModel: modelFromUsbName(device.productName), namedLine: lineFromUsbName(device.productName) };
      try {
        return { transport: await openWebUsb(device, this.usb ? { usb: this.usb } : {}), label: id, identity };
      } catch (e) {
        throw new LinkError('download-open-failed', e instanceof Error ? e.message : String(e), isTransportError(e) ? e.code : 'io');
      }
    }
    if (!mayBeDownloadPort(device, pair, this.#describe)) {
      throw new LinkError('wrong-device', 'The port picked is not this module in download mode.', 'identity');
    }
    if (this.#beforeSerial.has(device)) throw new LinkError('wrong-device', 'That port was there before the module restarted: another module.', 'timing');
    const info = device.getInfo();
    const identity = { usb: info.usbVendorId === undefined ? null : { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 }, namedModel: null, namedLine: null };
    try {
      return { transport: await openWebSerial(device), label: null, identity };
    } catch (e) {
      throw new LinkError('download-open-failed', e instanceof Error ? e.message : String(e), isTransportError(e) ? e.code : 'io');
    }
  }

  /** Checks a device the application wait returned is this module's application port. */
  checkAppPort(device: USBDevice | SerialPort | 'app-again'): SerialPort {
    if (device === 'app-again' || !isSerialPort(device)) {
      throw new LinkError('wrong-device', 'The device picked is not the application-mode AT port.', 'identity');
    }
    return device;
  }

  /** Opens an application (AT) port. */
  async openAppPort(port: SerialPort | null): Promise<Transport> {
    if (!port) throw new LinkError('no-at-port', 'No AT port to talk to.');
    try {
      return await openWebSerial(port);
    } catch (e) {
      throw new LinkError('no-at-port', e instanceof Error ? e.message : String(e), isTransportError(e) ? e.code : undefined);
    }
  }

  /** Every connect/disconnect of this module's identities, until the returned function is called. */
  watch(seen: (s: BusSighting) => void): () => void {
    return watchBus(this.serial, this.usb, this.#pair, seen, this.#describe);
  }

  /**
   * Follows the module on the bus for as long as someone holds the returned release: its state
   * (ModuleStateMachine) and the timeline. Several holders share one watch.
   */
  track(): () => void {
    if (this.#tracking++ === 0) {
      this.#timeline.begin(this.#clock.now());
      const stop = this.watch((s) => this.#sighted(s.kind, s.identity));
      this.#stopTracking = stop;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#tracking === 0) {
        this.#stopTracking?.();
        this.#stopTracking = null;
      }
    };
  }

  #sighted(kind: 'appeared' | 'vanished', identity: 'app' | 'download'): void {
    const at = this.#clock.now();
    if (kind === 'appeared') this.#timeline.appeared(identity, at);
    else this.#timeline.vanished(identity, at);
    this.#machine.feed({ type: kind, identity, at });
    this.#emit();
  }

  #emit(): void {
    this.events.emit('bus', this.busView);
  }

  get busView(): LinkBusView {
    return { state: this.#machine.tick(this.#clock.now()), missedPicks: this.#missedPicks, tp1: this.#tp1 };
  }

  /** What the bus showed of the module over the last minutes (for the picture and the journal). */
  busData(): BusTimelineData {
    return this.#timeline.data(this.#clock.now());
  }

  /** The app sent what makes the module leave the bus (AT!RESET, AT!BOOTHOLD) or ended a write: that departure is expected. */
  expectExit(why: ExpectedExit): void {
    this.#machine.feed({ type: 'expect-exit', why, at: this.#clock.now() });
    this.#emit();
  }

  /** The user held TP1 in this flow. */
  noteTp1(): void {
    this.#tp1 = true;
    const at = this.#clock.now();
    // held at power-on, it started in download mode: the picture shows that span from the user's word
    this.#timeline.vanished('app', at);
    this.#timeline.appeared('download', at);
    this.#machine.feed({ type: 'tp1', at });
    this.#emit();
  }

  /**
   * Looks for the module in download mode from a click, without ending a wait in progress: the
   * chooser filtered to its download identities. A pick means it sits there (TP1 still held
   * after a write); the device is then followed on the bus. False when nothing was picked.
   */
  async probeDownload(): Promise<boolean> {
    const p = this.#pair;
    try {
      if (this.#via === 'usb' && this.usb) {
        await this.usb.requestDevice({ filters: p.download.map((productId) => ({ vendorId: p.vendorId, productId })) });
      } else {
        await this.serial.requestPort({ filters: p.download.map((usbProductId) => ({ usbVendorId: p.vendorId, usbProductId })) });
      }
    } catch {
      return false;
    }
    this.#sighted('appeared', 'download');
    return true;
  }
}

function isUsbDevice(d: USBDevice | SerialPort): d is USBDevice {
  return 'configurations' in d || 'productId' in d;
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
