import { AttachmentError, type Attachment, type FunctionPipe } from './attachment.ts';
import type { Picker, PickerCandidate } from './picker.ts';
import type { InterfaceSpec } from './profiles/types.ts';

/**
 * `navigator.serial` and `SerialPort` look-alikes backed by virtual modems, with Chrome's
 * behaviour where the app depends on it:
 * - a port object lives for one enumeration; after a reset or a switch to download mode the
 *   module comes back as new port objects;
 * - a grant survives re-enumeration only when the device reports a USB serial number (its
 *   download mode does not), otherwise it is dropped on disconnect and the picker is needed;
 * - `connect`/`disconnect` fire on permitted ports and bubble to `navigator.serial` with the
 *   port as `event.target`;
 * - open() rejects InvalidStateError when already open and NetworkError when the interface is
 *   held elsewhere; close() rejects TypeError while a stream is locked; a lost device errors
 *   the streams with NetworkError and leaves `readable`/`writable` null.
 */
export interface SerialBackend {
  readonly picker: Picker;
  attachments(): readonly Attachment[];
  onAttach(fn: (a: Attachment) => void): () => void;
  onDetach(fn: (a: Attachment) => void): () => void;
  /** An enterprise policy (SerialAllowUsbDevicesForUrls) grants this device without a prompt. */
  policyAllows(a: Attachment): boolean;
}

function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** Fires at the port, then at the Serial object as if it had bubbled there from the port. */
export function dispatchBubbling(target: EventTarget, type: string, bubbleTo: EventTarget): void {
  const first = new Event(type, { bubbles: true });
  target.dispatchEvent(first);
  callHandler(target, type, first);
  const second = withTarget(new Event(type, { bubbles: true }), target);
  bubbleTo.dispatchEvent(second);
  callHandler(bubbleTo, type, second);
}

/** The `onconnect`/`ondisconnect` attributes. */
export function callHandler(target: EventTarget, type: string, ev: Event): void {
  const handler = (target as unknown as Record<string, unknown>)[`on${type}`];
  if (typeof handler === 'function') (handler as (e: Event) => void).call(target, ev);
}

/** Makes `event.target` the originating port, as when the event bubbled from it. */
export function withTarget(ev: Event, target: EventTarget): Event {
  Object.defineProperty(ev, 'target', { value: target, configurable: true });
  Object.defineProperty(ev, 'srcElement', { value: target, configurable: true });
  return ev;
}

export class FakeSerialPort extends EventTarget implements SerialPort {
  onconnect: ((this: unknown, ev: Event) => void) | null = null;
  ondisconnect: ((this: unknown, ev: Event) => void) | null = null;

  readonly attachment: Attachment;
  readonly spec: InterfaceSpec;
  readonly #serial: FakeSerial;
  #state: 'closed' | 'opening' | 'opened' | 'closing' | 'forgotten' = 'closed';
  #pipe: FunctionPipe | null = null;
  #readable: ReadableStream<Uint8Array> | null = null;
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #bufferSize = 255;
  #fatal = false;
  #signals: SerialOutputSignals = { dataTerminalReady: false, requestToSend: false, break: false };

  constructor(serial: FakeSerial, attachment: Attachment, spec: InterfaceSpec) {
    super();
    this.#serial = serial;
    this.attachment = attachment;
    this.spec = spec;
  }

  get connected(): boolean {
    return this.attachment.connected && this.#state !== 'forgotten';
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (this.#readable) return this.#readable;
    if (this.#state !== 'opened' || this.#fatal) return null;
    this.#readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.#controller = c;
          const queued = this.#pending;
          this.#pending = [];
          this.#pendingBytes = 0;
          for (const chunk of queued) c.enqueue(chunk);
        },
        cancel: () => {
          this.#controller = null;
          this.#readable = null;
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: this.#bufferSize }),
    );
    return this.#readable;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (this.#writable) return this.#writable;
    if (this.#state !== 'opened' || this.#fatal) return null;
    const stream: WritableStream<Uint8Array> = new WritableStream<Uint8Array>(
      {
        write: async (chunk) => {
          const bytes = toBytes(chunk);
          if (!bytes) throw new TypeError("Failed to execute 'write' on 'WritableStreamDefaultWriter': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
          if (!this.attachment.connected || !this.#pipe) throw domError('NetworkError', 'The device has been lost.');
          await this.#pipe.write(bytes);
        },
        close: () => {
          if (this.#writable === stream) this.#writable = null;
        },
        abort: () => {
          if (this.#writable === stream) this.#writable = null;
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: this.#bufferSize }),
    );
    this.#writable = stream;
    return stream;
  }

  getInfo(): SerialPortInfo {
    return { usbVendorId: this.attachment.vendorId, usbProductId: this.attachment.productId };
  }

  async open(options: SerialOptions): Promise<void> {
    if (!options || typeof options.baudRate !== 'number') {
      throw new TypeError("Failed to execute 'open' on 'SerialPort': Failed to read the 'baudRate' property from 'SerialOptions': Required member is undefined.");
    }
    if (options.baudRate <= 0) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested baud rate must be non-zero.");
    if (options.bufferSize !== undefined && (options.bufferSize <= 0 || options.bufferSize > 16 * 1024 * 1024)) {
      throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested buffer size is out of range.");
    }
    if (this.#state === 'forgotten') throw domError('InvalidStateError', 'The port has been forgotten.');
    if (this.#state !== 'closed') throw domError('InvalidStateError', 'The port is already open.');
    if (!this.attachment.connected) throw domError('NetworkError', 'Failed to open serial port.');
    this.#state = 'opening';
    try {
      this.#pipe = this.attachment.open(this.spec.number, this, { deliver: (d) => this.#deliver(d) });
    } catch (e) {
      this.#state = 'closed';
      if (e instanceof AttachmentError) throw domError('NetworkError', 'Failed to open serial port.');
      throw e;
    }
    this.#bufferSize = options.bufferSize ?? 255;
    this.#fatal = false;
    this.#state = 'opened';
  }

  async close(): Promise<void> {
    if (this.#state !== 'opened') throw domError('InvalidStateError', 'The port is already closed.');
    if (this.#readable?.locked || this.#writable?.locked) {
      throw new TypeError("Failed to execute 'close' on 'SerialPort': Cannot cancel a locked stream");
    }
    this.#state = 'closing';
    const r = this.#readable;
    const w = this.#writable;
    this.#readable = null;
    this.#writable = null;
    this.#controller = null;
    await r?.cancel().catch(() => undefined);
    await w?.abort().catch(() => undefined);
    this.#pipe?.close();
    this.#pipe = null;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#state = 'closed';
  }

  async setSignals(signals: SerialOutputSignals): Promise<void> {
    if (this.#state !== 'opened') throw domError('InvalidStateError', 'The port is closed.');
    if (!signals || (signals.dataTerminalReady === undefined && signals.requestToSend === undefined && signals.break === undefined)) {
      throw new TypeError("Failed to execute 'setSignals' on 'SerialPort': Signals dictionary is empty.");
    }
    if (!this.attachment.connected) throw domError('NetworkError', 'The device has been lost.');
    this.#signals = { ...this.#signals, ...signals };
  }

  async getSignals(): Promise<SerialInputSignals> {
    if (this.#state !== 'opened') throw domError('InvalidStateError', 'The port is closed.');
    if (!this.attachment.connected) throw domError('NetworkError', 'The device has been lost.');
    return { dataCarrierDetect: false, clearToSend: true, ringIndicator: false, dataSetReady: true };
  }

  /** Last output signals set by the host (DTR, RTS, break). */
  get outputSignals(): SerialOutputSignals {
    return { ...this.#signals };
  }

  async forget(): Promise<void> {
    if (this.#state === 'opened') {
      try {
        await this.#readable?.cancel();
      } catch {
        // locked: Chrome closes the port regardless
      }
      this.#pipe?.close();
      this.#pipe = null;
    }
    this.#state = 'forgotten';
    this.#serial.revoke(this);
  }

  /** Test hook: a non-fatal line error (BreakError, FramingError, ParityError, BufferOverrunError). */
  injectLineError(name: 'BreakError' | 'FramingError' | 'ParityError' | 'BufferOverrunError'): void {
    const c = this.#controller;
    if (!c) return;
    this.#controller = null;
    this.#readable = null;
    c.error(domError(name, `A ${name.replace('Error', '').toLowerCase()} condition was detected.`));
  }

  #deliver(data: Uint8Array): void {
    // a module may speak the moment the port opens (Sahara HELLO): keep those bytes
    if (this.#state !== 'opened' && this.#state !== 'opening') return;
    const c = this.#controller;
    if (c) {
      c.enqueue(data.slice());
      return;
    }
    // nobody reading yet: the OS buffer keeps the newest bytes up to bufferSize
    this.#pending.push(data.slice());
    this.#pendingBytes += data.length;
    while (this.#pendingBytes > this.#bufferSize && this.#pending.length > 1) this.#pendingBytes -= this.#pending.shift()!.length;
  }

  /** Called by FakeSerial when the device left the bus. */
  lost(): void {
    if (this.#state === 'opened' || this.#state === 'closing') {
      this.#fatal = true;
      const err = domError('NetworkError', 'The device has been lost.');
      const c = this.#controller;
      this.#controller = null;
      this.#readable = null;
      try {
        c?.error(err);
      } catch {
        // already errored or closed
      }
      const w = this.#writable;
      this.#writable = null;
      if (w && !w.locked) w.abort(err).catch(() => undefined);
      this.#pipe = null;
      // the port stays "open" until the page calls close(); close() then succeeds
    }
  }

  /** After loss, close() must work even if the page never touched the streams. */
  get state(): string {
    return this.#state;
  }
}

function toBytes(chunk: unknown): Uint8Array | null {
  if (chunk instanceof Uint8Array) return chunk.slice();
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk.slice(0));
  return null;
}

export function serialPortLabel(a: Attachment, spec: InterfaceSpec): string {
  const fn = spec.function === 'download' ? 'QDLoader' : spec.function.toUpperCase();
  return `${a.productName} (${fn}, interface ${spec.number})`;
}

export class FakeSerial extends EventTarget implements Serial {
  onconnect: ((this: unknown, ev: Event) => void) | null = null;
  ondisconnect: ((this: unknown, ev: Event) => void) | null = null;

  readonly #backend: SerialBackend;
  readonly #ports = new Map<number, FakeSerialPort[]>();
  /** Grants that survive re-enumeration: devices that report a serial number. */
  readonly #persistent = new Set<string>();
  /** Grants for one port object only. */
  readonly #ephemeral = new WeakSet<FakeSerialPort>();
  readonly #revoked = new WeakSet<FakeSerialPort>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(backend: SerialBackend) {
    super();
    this.#backend = backend;
    for (const a of backend.attachments()) this.#portsFor(a);
    this.#unsubscribe.push(
      backend.onAttach((a) => {
        for (const p of this.#portsFor(a)) if (this.isPermitted(p)) dispatchBubbling(p, 'connect', this);
      }),
      backend.onDetach((a) => {
        const ports = this.#ports.get(a.id) ?? [];
        this.#ports.delete(a.id);
        for (const p of ports) {
          const permitted = this.isPermitted(p);
          p.lost();
          if (permitted) dispatchBubbling(p, 'disconnect', this);
        }
      }),
    );
  }

  /** Stops following the bench (the page went away). */
  dispose(): void {
    for (const u of this.#unsubscribe) u();
  }

  async getPorts(): Promise<FakeSerialPort[]> {
    return this.#allPorts().filter((p) => p.connected && this.isPermitted(p));
  }

  async requestPort(options?: SerialPortRequestOptions): Promise<FakeSerialPort> {
    const filters = options?.filters ?? [];
    for (const f of filters) {
      if (f.usbProductId !== undefined && f.usbVendorId === undefined) {
        throw new TypeError("Failed to execute 'requestPort' on 'Serial': A filter containing a usbProductId must also specify a usbVendorId.");
      }
      if (f.usbVendorId === undefined && f.bluetoothServiceClassId === undefined) {
        throw new TypeError("Failed to execute 'requestPort' on 'Serial': A filter must provide a property to filter by.");
      }
    }
    this.#backend.picker.checkGesture('serial');
    const ports = this.#allPorts().filter((p) => p.connected && matches(p, filters));
    const candidates: PickerCandidate[] = ports.map((p) => ({
      api: 'serial',
      label: serialPortLabel(p.attachment, p.spec),
      modemId: p.attachment.modemId,
      vendorId: p.attachment.vendorId,
      productId: p.attachment.productId,
      function: p.spec.function,
      interfaceNumber: p.spec.number,
      mode: p.attachment.mode,
    }));
    const chosen = await this.#backend.picker.choose('serial', candidates);
    const port = chosen === null ? undefined : ports[chosen];
    if (!port || !port.connected) throw domError('NotFoundError', 'No port selected by the user.');
    this.#grant(port);
    return port;
  }

  isPermitted(p: FakeSerialPort): boolean {
    if (this.#revoked.has(p)) return false;
    if (this.#backend.policyAllows(p.attachment)) return true;
    return this.#ephemeral.has(p) || this.#persistent.has(grantKey(p));
  }

  revoke(p: FakeSerialPort): void {
    this.#revoked.add(p);
    this.#ephemeral.delete(p);
    this.#persistent.delete(grantKey(p));
  }

  /** Grants a port without the picker (as an enterprise policy would). */
  grant(p: FakeSerialPort): void {
    this.#grant(p);
  }

  #grant(p: FakeSerialPort): void {
    this.#revoked.delete(p);
    if (p.attachment.serialNumber) this.#persistent.add(grantKey(p));
    else this.#ephemeral.add(p);
  }

  #allPorts(): FakeSerialPort[] {
    return [...this.#ports.values()].flat();
  }

  #portsFor(a: Attachment): FakeSerialPort[] {
    let list = this.#ports.get(a.id);
    if (!list) {
      list = a.interfaces.filter((i) => i.serial).map((spec) => new FakeSerialPort(this, a, spec));
      this.#ports.set(a.id, list);
    }
    return list;
  }
}

function grantKey(p: FakeSerialPort): string {
  const a = p.attachment;
  return `${a.vendorId}:${a.productId}:${a.serialNumber ?? ''}:${p.spec.number}`;
}

function matches(p: FakeSerialPort, filters: readonly SerialPortFilter[]): boolean {
  if (!filters.length) return true;
  const info = p.getInfo();
  return filters.some((f) => (f.usbVendorId === undefined || f.usbVendorId === info.usbVendorId) && (f.usbProductId === undefined || f.usbProductId === info.usbProductId));
}
