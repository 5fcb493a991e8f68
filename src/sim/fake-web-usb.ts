import { AttachmentError, type Attachment, type FunctionPipe } from './attachment.ts';
import type { Clock } from './clock.ts';
import { callHandler } from './fake-web-serial.ts';
import type { Picker, PickerCandidate } from './picker.ts';
import type { EndpointSpec, InterfaceSpec } from './profiles/types.ts';

/**
 * `navigator.usb` and `USBDevice` look-alikes backed by virtual modems. As in Chrome: a device
 * object per enumeration; grants persist only for devices with a serial number (download mode
 * has none, so it needs the picker again); `connect`/`disconnect` are USBConnectionEvents for
 * permitted devices; claimInterface fails with NetworkError while the OS serial driver (an
 * open serial port) holds the interface; transfers on a vanished device reject NotFoundError.
 * Each device also carries USB-level faults and a bus-speed model (`UsbDeviceFaults`) for the
 * transport's own tests and benches.
 */
export interface UsbBackend {
  readonly picker: Picker;
  attachments(): readonly Attachment[];
  onAttach(fn: (a: Attachment) => void): () => void;
  onDetach(fn: (a: Attachment) => void): () => void;
  /** 'bound': a kernel/OS driver keeps the serial interfaces (Windows without WinUSB). */
  driverPolicy(): 'detached' | 'bound';
  /** An enterprise policy (WebUsbAllowDevicesForUrls) grants this device without a prompt. */
  policyAllows(a: Attachment): boolean;
  /** The modems' clock: the bus-speed model sleeps on it. */
  readonly clock: Clock;
}

/**
 * Failures that belong to the USB pipe rather than to the module's protocol (those are the
 * download device's fault plan) or to the line (`faults.ts`), plus a model of the bus's speed.
 * Read live, like the link faults: setting one mid-transfer takes effect on the next transfer.
 * A refused claim needs no switch here: a bound OS driver (`driverPolicy() === 'bound'`) or
 * another holder of the interface refuses it as Chrome does.
 */
export interface UsbDeviceFaults {
  /** Every bulk OUT transfer that takes the host's total past this many bytes stalls (status 'stall'). */
  readonly stallOutAfter?: number;
  /** A bulk OUT transfer past this many bytes never completes (the module stopped reading); close or unplug ends it. */
  readonly hangOutAfter?: number;
  /** Bulk IN transfers answer 'babble' as soon as the module has something to send. */
  readonly babbleIn?: boolean;
  /** Milliseconds each bulk transfer costs on top of its bytes (bus scheduling, host stack). */
  readonly perTransferMs?: number;
  /** Bulk bandwidth in bytes per second, shared by both directions. */
  readonly bytesPerSecond?: number;
}

/**
 * Below this the bus-speed model keeps its debt instead of sleeping: a single transfer costs
 * less than a timer can measure, so sleeping per transfer would model the timer, not the bus.
 */
const SLEEP_STEP_MS = 4;

function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

class FakeUSBEndpoint {
  readonly endpointNumber: number;
  readonly direction: USBDirection;
  readonly type: USBEndpointType;
  readonly packetSize: number;
  constructor(spec: EndpointSpec) {
    this.endpointNumber = spec.address & 0x0f;
    this.direction = spec.address & 0x80 ? 'in' : 'out';
    this.type = spec.type;
    this.packetSize = spec.packetSize;
  }
}

class FakeUSBAlternateInterface {
  readonly alternateSetting = 0;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly interfaceName: string | null = null;
  readonly endpoints: FakeUSBEndpoint[];
  constructor(spec: InterfaceSpec) {
    this.interfaceClass = spec.classCode;
    this.interfaceSubclass = spec.subclassCode;
    this.interfaceProtocol = spec.protocolCode;
    this.endpoints = spec.endpoints.map((e) => new FakeUSBEndpoint(e));
  }
}

class FakeUSBInterface {
  readonly interfaceNumber: number;
  readonly alternate: FakeUSBAlternateInterface;
  readonly alternates: FakeUSBAlternateInterface[];
  #device: FakeUSBDevice;
  constructor(device: FakeUSBDevice, readonly spec: InterfaceSpec) {
    this.#device = device;
    this.interfaceNumber = spec.number;
    this.alternate = new FakeUSBAlternateInterface(spec);
    this.alternates = [this.alternate];
  }
  get claimed(): boolean {
    return this.#device.isClaimed(this.interfaceNumber);
  }
}

class FakeUSBConfiguration {
  readonly configurationValue = 1;
  readonly configurationName: string | null = null;
  readonly interfaces: FakeUSBInterface[];
  constructor(device: FakeUSBDevice, specs: readonly InterfaceSpec[]) {
    this.interfaces = specs.map((s) => new FakeUSBInterface(device, s));
  }
}

interface Claim {
  readonly pipe: FunctionPipe;
  readonly inbound: Uint8Array[];
  waiters: { length: number; resolve: (r: USBInTransferResult) => void; reject: (e: unknown) => void }[];
}

export class FakeUSBDevice implements USBDevice {
  readonly usbVersionMajor = 2;
  readonly usbVersionMinor = 0;
  readonly usbVersionSubminor = 0;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly deviceVersionMajor = 0;
  readonly deviceVersionMinor = 0;
  readonly deviceVersionSubminor = 0;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: FakeUSBConfiguration[];
  readonly attachment: Attachment;
  #configuration: FakeUSBConfiguration | null;
  #opened = false;
  #claims = new Map<number, Claim>();
  /** Interrupt-IN waits and hung OUT transfers: only close or disconnect ends them. */
  #idle: { reject: (e: unknown) => void }[] = [];
  readonly #usb: FakeUSB;
  /** USB-level faults and bus speed of this device (none by default). */
  faults: UsbDeviceFaults = {};
  /** Bulk OUT transfers the host made (a bench counts them per transfer size). */
  transfersOut = 0;
  #outBytes = 0;
  /** Bus time owed but not slept yet (see SLEEP_STEP_MS). */
  #debt = 0;

  constructor(usb: FakeUSB, attachment: Attachment) {
    this.#usb = usb;
    this.attachment = attachment;
    this.vendorId = attachment.vendorId;
    this.productId = attachment.productId;
    this.manufacturerName = attachment.manufacturerName;
    this.productName = attachment.productName;
    this.serialNumber = attachment.serialNumber;
    this.configurations = [new FakeUSBConfiguration(this, attachment.interfaces)];
    // the OS configured it at enumeration
    this.#configuration = this.configurations[0]!;
  }

  get configuration(): FakeUSBConfiguration | null {
    return this.#configuration;
  }

  get opened(): boolean {
    return this.#opened;
  }

  isClaimed(n: number): boolean {
    return this.#claims.has(n);
  }

  #gone(): DOMException {
    return domError('NotFoundError', 'The device was disconnected.');
  }

  #needOpen(): void {
    if (!this.attachment.connected) throw this.#gone();
    if (!this.#opened) throw domError('InvalidStateError', 'The device must be opened first.');
  }

  async open(): Promise<void> {
    if (!this.attachment.connected) throw this.#gone();
    if (!this.#usb.isPermitted(this)) throw domError('SecurityError', 'Access denied.');
    this.#opened = true;
  }

  async close(): Promise<void> {
    if (!this.attachment.connected) throw this.#gone();
    if (!this.#opened) return;
    this.#releaseAll(domError('AbortError', 'The transfer was cancelled.'));
    this.#opened = false;
  }

  async forget(): Promise<void> {
    if (this.#opened) this.#releaseAll(domError('AbortError', 'The transfer was cancelled.'));
    this.#opened = false;
    this.#usb.revoke(this);
  }

  async reset(): Promise<void> {
    this.#needOpen();
  }

  async selectConfiguration(value: number): Promise<void> {
    this.#needOpen();
    const c = this.configurations.find((x) => x.configurationValue === value);
    if (!c) throw domError('NotFoundError', 'The configuration value provided is not supported by the device.');
    if (this.#configuration !== c) this.#releaseAll(domError('AbortError', 'The transfer was cancelled.'));
    this.#configuration = c;
  }

  async claimInterface(n: number): Promise<void> {
    this.#needOpen();
    if (!this.#configuration) throw domError('InvalidStateError', 'The device must have a configuration selected.');
    const iface = this.#configuration.interfaces.find((i) => i.interfaceNumber === n);
    if (!iface) throw domError('NotFoundError', 'The interface number provided is not supported by the device in its current configuration.');
    if (this.#claims.has(n)) return;
    if (iface.spec.serial && this.#usb.driverPolicy() === 'bound') throw domError('NetworkError', 'Unable to claim interface.');
    const claim: Claim = {
      inbound: [],
      waiters: [],
      pipe: undefined as unknown as FunctionPipe,
    };
    try {
      (claim as { pipe: FunctionPipe }).pipe = this.attachment.open(n, this, { deliver: (d) => this.#deliver(claim, d) });
    } catch (e) {
      if (e instanceof AttachmentError && e.code === 'busy') throw domError('NetworkError', 'Unable to claim interface.');
      if (e instanceof AttachmentError && e.code === 'gone') throw this.#gone();
      throw e;
    }
    this.#claims.set(n, claim);
  }

  async releaseInterface(n: number): Promise<void> {
    this.#needOpen();
    const claim = this.#claims.get(n);
    if (!claim) return;
    this.#claims.delete(n);
    for (const w of claim.waiters) w.reject(domError('AbortError', 'The transfer was cancelled.'));
    claim.pipe.close();
  }

  async selectAlternateInterface(n: number, alt: number): Promise<void> {
    this.#needOpen();
    if (!this.#claims.has(n)) throw domError('InvalidStateError', 'The interface must be claimed first.');
    if (alt !== 0) throw domError('NotFoundError', 'The alternate setting provided is not supported by the device in its current configuration.');
  }

  async controlTransferIn(_setup: USBControlTransferParameters, _length: number): Promise<USBInTransferResult> {
    this.#needOpen();
    return { status: 'ok', data: new DataView(new ArrayBuffer(0)) };
  }

  async controlTransferOut(_setup: USBControlTransferParameters, data?: BufferSource): Promise<USBOutTransferResult> {
    this.#needOpen();
    return { status: 'ok', bytesWritten: data ? data.byteLength : 0 };
  }

  async clearHalt(direction: USBDirection, endpointNumber: number): Promise<void> {
    this.#needOpen();
    this.#endpoint(direction, endpointNumber);
  }

  async transferIn(endpointNumber: number, length: number): Promise<USBInTransferResult> {
    this.#needOpen();
    const { claim, endpoint } = this.#endpoint('in', endpointNumber);
    if (endpoint.type === 'interrupt') {
      // no serial-state notifications are modelled: the wait ends with close or disconnect
      return new Promise((_resolve, reject) => this.#idle.push({ reject }));
    }
    const r = claim.inbound.length ? this.#read(claim, length) : await new Promise<USBInTransferResult>((resolve, reject) => claim.waiters.push({ length, resolve, reject }));
    if (r.data) await this.#busTime(r.data.byteLength);
    return r;
  }

  async transferOut(endpointNumber: number, data: BufferSource): Promise<USBOutTransferResult> {
    this.#needOpen();
    const { claim } = this.#endpoint('out', endpointNumber);
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
      : new Uint8Array((data as ArrayBuffer).slice(0));
    this.transfersOut++;
    this.#outBytes += bytes.length;
    const { stallOutAfter, hangOutAfter } = this.faults;
    if (stallOutAfter !== undefined && this.#outBytes > stallOutAfter) return { status: 'stall', bytesWritten: 0 };
    if (hangOutAfter !== undefined && this.#outBytes > hangOutAfter) {
      return new Promise((_resolve, reject) => this.#idle.push({ reject }));
    }
    await this.#busTime(bytes.length);
    await claim.pipe.write(bytes);
    if (!this.attachment.connected) throw this.#gone();
    return { status: 'ok', bytesWritten: bytes.length };
  }

  async isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    throw domError('NotSupportedError', 'The device has no isochronous endpoints.');
  }

  async isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    throw domError('NotSupportedError', 'The device has no isochronous endpoints.');
  }

  #endpoint(direction: USBDirection, n: number): { claim: Claim; endpoint: FakeUSBEndpoint } {
    for (const [num, claim] of this.#claims) {
      const iface = this.#configuration?.interfaces.find((i) => i.interfaceNumber === num);
      const ep = iface?.alternate.endpoints.find((e) => e.endpointNumber === n && e.direction === direction);
      if (ep) return { claim, endpoint: ep };
    }
    throw domError('NotFoundError', 'The specified endpoint is not part of a claimed and selected alternate interface.');
  }

  /** What a bulk IN transfer returns once the module has bytes queued. */
  #read(claim: Claim, length: number): USBInTransferResult {
    if (this.faults.babbleIn) return { status: 'babble' };
    return { status: 'ok', data: this.#take(claim, length) };
  }

  /** The bus-speed model: transfers run up a debt of bus time, slept off in SLEEP_STEP_MS steps. */
  async #busTime(bytes: number): Promise<void> {
    const { perTransferMs = 0, bytesPerSecond } = this.faults;
    this.#debt += perTransferMs + (bytesPerSecond ? (bytes / bytesPerSecond) * 1000 : 0);
    if (this.#debt < SLEEP_STEP_MS) return;
    const ms = this.#debt;
    this.#debt = 0;
    await new Promise<void>((resolve) => this.#usb.clock.setTimeout(resolve, ms));
  }

  #take(claim: Claim, length: number): DataView {
    const out = new Uint8Array(Math.min(length, claim.inbound.reduce((n, c) => n + c.length, 0)));
    let o = 0;
    while (o < out.length) {
      const head = claim.inbound[0]!;
      const n = Math.min(head.length, out.length - o);
      out.set(head.subarray(0, n), o);
      o += n;
      if (n === head.length) claim.inbound.shift();
      else claim.inbound[0] = head.subarray(n);
    }
    return new DataView(out.buffer);
  }

  #deliver(claim: Claim, data: Uint8Array): void {
    claim.inbound.push(data.slice());
    while (claim.waiters.length && claim.inbound.length) {
      const w = claim.waiters.shift()!;
      w.resolve(this.#read(claim, w.length));
    }
  }

  #releaseAll(error: DOMException): void {
    for (const [, claim] of this.#claims) {
      for (const w of claim.waiters) w.reject(error);
      claim.waiters = [];
      claim.pipe.close();
    }
    this.#claims.clear();
    for (const w of this.#idle) w.reject(error);
    this.#idle = [];
  }

  /** Called by FakeUSB when the device left the bus. */
  lost(): void {
    const err = this.#gone();
    for (const [, claim] of this.#claims) {
      for (const w of claim.waiters) w.reject(err);
      claim.waiters = [];
    }
    this.#claims.clear();
    for (const w of this.#idle) w.reject(err);
    this.#idle = [];
    this.#opened = false;
  }
}

function connectionEvent(type: string, device: FakeUSBDevice): Event {
  const ev = new Event(type);
  Object.defineProperty(ev, 'device', { value: device, enumerable: true });
  return ev;
}

export class FakeUSB extends EventTarget {
  onconnect: ((this: unknown, ev: USBConnectionEvent) => unknown) | null = null;
  ondisconnect: ((this: unknown, ev: USBConnectionEvent) => unknown) | null = null;

  readonly #backend: UsbBackend;
  readonly #devices = new Map<number, FakeUSBDevice>();
  readonly #persistent = new Set<string>();
  readonly #ephemeral = new WeakSet<FakeUSBDevice>();
  readonly #revoked = new WeakSet<FakeUSBDevice>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(backend: UsbBackend) {
    super();
    this.#backend = backend;
    for (const a of backend.attachments()) this.#deviceFor(a);
    this.#unsubscribe.push(
      backend.onAttach((a) => {
        const d = this.#deviceFor(a);
        if (this.isPermitted(d)) this.#fire('connect', d);
      }),
      backend.onDetach((a) => {
        const d = this.#devices.get(a.id);
        if (!d) return;
        this.#devices.delete(a.id);
        const permitted = this.isPermitted(d);
        d.lost();
        if (permitted) this.#fire('disconnect', d);
      }),
    );
  }

  dispose(): void {
    for (const u of this.#unsubscribe) u();
  }

  driverPolicy(): 'detached' | 'bound' {
    return this.#backend.driverPolicy();
  }

  get clock(): Clock {
    return this.#backend.clock;
  }

  /** The device object of an attachment, whether or not the page may see it (tests, benches). */
  deviceOf(a: Attachment): FakeUSBDevice | undefined {
    return this.#devices.get(a.id);
  }

  async getDevices(): Promise<FakeUSBDevice[]> {
    return [...this.#devices.values()].filter((d) => d.attachment.connected && this.isPermitted(d));
  }

  async requestDevice(options?: USBDeviceRequestOptions): Promise<FakeUSBDevice> {
    if (!options || !Array.isArray(options.filters)) {
      throw new TypeError("Failed to execute 'requestDevice' on 'USB': Failed to read the 'filters' property from 'USBDeviceRequestOptions': Required member is undefined.");
    }
    for (const f of options.filters) {
      if (f.productId !== undefined && f.vendorId === undefined) {
        throw new TypeError("Failed to execute 'requestDevice' on 'USB': A filter containing a productId must also contain a vendorId.");
      }
    }
    this.#backend.picker.checkGesture('usb');
    const devices = [...this.#devices.values()].filter(
      (d) => d.attachment.connected && (options.filters.length === 0 || options.filters.some((f) => usbMatches(d, f))) && !(options.exclusionFilters ?? []).some((f) => usbMatches(d, f)),
    );
    const candidates: PickerCandidate[] = devices.map((d) => ({
      api: 'usb',
      label: `${d.productName ?? 'Unknown device'} (${d.attachment.label})`,
      modemId: d.attachment.modemId,
      vendorId: d.vendorId,
      productId: d.productId,
      function: d.attachment.mode === 'download' ? 'download' : null,
      interfaceNumber: null,
      mode: d.attachment.mode,
    }));
    const chosen = await this.#backend.picker.choose('usb', candidates);
    const device = chosen === null ? undefined : devices[chosen];
    if (!device || !device.attachment.connected) throw domError('NotFoundError', 'No device selected.');
    this.grant(device);
    return device;
  }

  isPermitted(d: FakeUSBDevice): boolean {
    if (this.#revoked.has(d)) return false;
    if (this.#backend.policyAllows(d.attachment)) return true;
    return this.#ephemeral.has(d) || (d.serialNumber !== null && d.serialNumber !== '' && this.#persistent.has(usbKey(d)));
  }

  grant(d: FakeUSBDevice): void {
    this.#revoked.delete(d);
    if (d.serialNumber) this.#persistent.add(usbKey(d));
    else this.#ephemeral.add(d);
  }

  revoke(d: FakeUSBDevice): void {
    this.#revoked.add(d);
    this.#ephemeral.delete(d);
    this.#persistent.delete(usbKey(d));
  }

  #fire(type: 'connect' | 'disconnect', d: FakeUSBDevice): void {
    const ev = connectionEvent(type, d);
    this.dispatchEvent(ev);
    callHandler(this, type, ev);
  }

  #deviceFor(a: Attachment): FakeUSBDevice {
    let d = this.#devices.get(a.id);
    if (!d) {
      d = new FakeUSBDevice(this, a);
      this.#devices.set(a.id, d);
    }
    return d;
  }
}

function usbKey(d: FakeUSBDevice): string {
  return `${d.vendorId}:${d.productId}:${d.serialNumber ?? ''}`;
}

function usbMatches(d: FakeUSBDevice, f: USBDeviceFilter): boolean {
  if (f.vendorId !== undefined && f.vendorId !== d.vendorId) return false;
  if (f.productId !== undefined && f.productId !== d.productId) return false;
  if (f.serialNumber !== undefined && f.serialNumber !== d.serialNumber) return false;
  if (f.classCode !== undefined) {
    const alts = d.configurations[0]?.interfaces.map((i) => i.alternate) ?? [];
    const hit = alts.some(
      (a) => a.interfaceClass === f.classCode && (f.subclassCode === undefined || a.interfaceSubclass === f.subclassCode) && (f.protocolCode === undefined || a.interfaceProtocol === f.protocolCode),
    );
    if (!hit && d.deviceClass !== f.classCode) return false;
  }
  return true;
}
