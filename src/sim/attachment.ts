import type { DeviceEndpoint } from '../transport/device-endpoint.ts';
import type { FaultyLink, FaultyLinkHooks } from './faults.ts';
import type { InterfaceSpec } from './profiles/types.ts';

export type AttachMode = 'application' | 'download' | 'boot-loop';

/** Why a host could not open one of the module's functions. */
export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  constructor(
    readonly code: 'busy' | 'gone' | 'no-interface',
    message: string,
  ) {
    super(message);
  }
}

/** The host end of an opened function: where the module's bytes go. */
export interface HostEnd {
  deliver(data: Uint8Array): void;
}

/** What the host holds after opening a function. */
export interface FunctionPipe {
  /** Host → device; resolves when the bytes crossed the link. */
  write(data: Uint8Array): Promise<void>;
  /** The host let go (port closed, interface released). */
  close(): void;
}

export interface AttachmentInit {
  readonly modemId: string;
  readonly mode: AttachMode;
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly manufacturerName: string;
  readonly productName: string;
  readonly interfaces: readonly InterfaceSpec[];
}

let nextId = 1;

/**
 * One appearance of the module on the USB bus, from enumeration to disappearance. A reset or a
 * switch to download mode ends it and starts a new one, so the fake WebSerial/WebUSB objects
 * built on it are new objects each time, as in Chrome.
 */
export class Attachment {
  readonly id = nextId++;
  readonly modemId: string;
  readonly mode: AttachMode;
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly manufacturerName: string;
  readonly productName: string;
  readonly interfaces: readonly InterfaceSpec[];
  #connected = true;
  readonly #claims = new Map<number, { owner: object; link: FaultyLink; endpoint: DeviceEndpoint }>();
  readonly #goneListeners = new Set<() => void>();

  constructor(
    init: AttachmentInit,
    private readonly endpointFor: (ifnum: number) => DeviceEndpoint | null,
    private readonly linkFor: (hooks: FaultyLinkHooks) => FaultyLink,
  ) {
    this.modemId = init.modemId;
    this.mode = init.mode;
    this.vendorId = init.vendorId;
    this.productId = init.productId;
    this.serialNumber = init.serialNumber;
    this.manufacturerName = init.manufacturerName;
    this.productName = init.productName;
    this.interfaces = init.interfaces;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get label(): string {
    const h = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    return `${h(this.vendorId)}:${h(this.productId)}`;
  }

  interface(ifnum: number): InterfaceSpec | undefined {
    return this.interfaces.find((i) => i.number === ifnum);
  }

  holder(ifnum: number): object | undefined {
    return this.#claims.get(ifnum)?.owner;
  }

  /** Opens the function behind an interface for one host owner (a serial port or a USB claim). */
  open(ifnum: number, owner: object, host: HostEnd): FunctionPipe {
    if (!this.#connected) throw new AttachmentError('gone', 'The device has been lost.');
    const spec = this.interface(ifnum);
    if (!spec) throw new AttachmentError('no-interface', `No interface ${ifnum}.`);
    const held = this.#claims.get(ifnum);
    if (held && held.owner !== owner) throw new AttachmentError('busy', `Interface ${ifnum} is in use.`);
    if (held) return this.#pipe(ifnum, held.link, owner);
    const endpoint = this.endpointFor(ifnum);
    const link = this.linkFor({
      toHost: (d) => host.deliver(d),
      toDevice: (d) => endpoint?.receive(d),
      unplug: () => this.onUnplugFault?.(),
    });
    this.#claims.set(ifnum, { owner, link, endpoint: endpoint ?? SILENT });
    (endpoint ?? SILENT).open({ send: (d) => link.send(d) });
    return this.#pipe(ifnum, link, owner);
  }

  /** Set by the modem: the link's unplug fault fired. */
  onUnplugFault: (() => void) | null = null;

  #pipe(ifnum: number, link: FaultyLink, owner: object): FunctionPipe {
    return {
      write: (data) => (this.#connected && this.#claims.get(ifnum)?.owner === owner ? link.write(data) : Promise.resolve()),
      close: () => this.#release(ifnum, owner),
    };
  }

  #release(ifnum: number, owner: object): void {
    const held = this.#claims.get(ifnum);
    if (!held || held.owner !== owner) return;
    this.#claims.delete(ifnum);
    held.link.kill();
    held.endpoint.close();
  }

  /** Called once by the modem when the module leaves the bus. */
  detach(): void {
    if (!this.#connected) return;
    this.#connected = false;
    for (const [, held] of this.#claims) {
      held.link.kill();
      held.endpoint.close();
    }
    this.#claims.clear();
    for (const fn of [...this.#goneListeners]) fn();
    this.#goneListeners.clear();
  }

  onGone(fn: () => void): () => void {
    if (!this.#connected) {
      fn();
      return () => undefined;
    }
    this.#goneListeners.add(fn);
    return () => this.#goneListeners.delete(fn);
  }
}

/** DM, NMEA and QMI functions: they enumerate and accept bytes but the model gives no answers. */
const SILENT: DeviceEndpoint = { open: () => undefined, receive: () => undefined, close: () => undefined };
