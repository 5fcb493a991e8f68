/**
 * A minimal USBDevice look-alike for tests and benchmarks of the WebUSB transport: one
 * configuration with the download-mode layout (or any other), bulk pipes wired to a
 * DeviceEndpoint, and switches for the platform failures (claim refused, stall, babble,
 * unplug). Optional link model: a fixed cost per transfer and a byte rate.
 */
import type { DeviceEndpoint } from './device-endpoint.ts';

export interface FakeUsbOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  /** Interfaces in the configuration (1 = download mode). */
  readonly interfaceCount?: number;
  readonly claimError?: { name: string; message: string };
  readonly stallOutAfter?: number;
  /** transferOut never completes after this many bytes (the module stopped reading). */
  readonly hangOutAfter?: number;
  readonly babbleIn?: boolean;
  /** Milliseconds each transfer costs on top of its bytes (USB scheduling, host stack). */
  readonly perTransferMs?: number;
  readonly bytesPerSecond?: number;
}

function domError(name: string, message: string): Error {
  return new DOMException(message, name);
}

export class FakeUsbDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber = undefined;
  opened = false;
  configuration: USBConfiguration | null = null;
  readonly configurations: USBConfiguration[];
  transfersOut = 0;
  #inbox: Uint8Array[] = [];
  #waiter: (() => void) | null = null;
  #gone = false;
  #claimed = false;
  #outBytes = 0;

  constructor(
    private readonly endpoint: DeviceEndpoint,
    private readonly options: FakeUsbOptions = {},
  ) {
    this.vendorId = options.vendorId ?? 0x1199;
    this.productId = options.productId ?? 0x68c0;
    const n = options.interfaceCount ?? 1;
    const ep = (direction: USBDirection): USBEndpoint => ({ endpointNumber: 1, direction, type: 'bulk', packetSize: 512 });
    const interfaces = Array.from({ length: n }, (_, i) => {
      const alt = { alternateSetting: 0, interfaceClass: 0xff, interfaceSubclass: 0xff, interfaceProtocol: 0x10, interfaceName: null, endpoints: [ep('in'), ep('out')] } as USBAlternateInterface;
      return { interfaceNumber: i, alternate: alt, alternates: [alt], claimed: false } as USBInterface;
    });
    this.configurations = [{ configurationValue: 1, configurationName: null, interfaces } as USBConfiguration];
  }

  /** The module leaves the bus: pending and later transfers fail as Chrome's do. */
  unplug(): void {
    this.#gone = true;
    this.#wake();
  }

  async open(): Promise<void> {
    if (this.#gone) throw domError('NotFoundError', 'The device was disconnected.');
    this.opened = true;
    this.endpoint.open({
      send: (d) => {
        this.#inbox.push(d.slice());
        this.#wake();
      },
    });
  }

  async selectConfiguration(value: number): Promise<void> {
    this.configuration = this.configurations.find((c) => c.configurationValue === value) ?? null;
  }

  async claimInterface(_n: number): Promise<void> {
    if (this.options.claimError) throw domError(this.options.claimError.name, this.options.claimError.message);
    this.#claimed = true;
  }

  async selectAlternateInterface(): Promise<void> {}

  async releaseInterface(): Promise<void> {
    this.#claimed = false;
  }

  async clearHalt(): Promise<void> {}

  async close(): Promise<void> {
    this.opened = false;
    this.endpoint.close();
    this.#wake();
  }

  #debt = 0;

  /** Link model: costs add up and are slept off in ≥ 4 ms steps (timer granularity). */
  async #cost(bytes: number): Promise<void> {
    this.#debt += (this.options.perTransferMs ?? 0) + (this.options.bytesPerSecond ? (bytes / this.options.bytesPerSecond) * 1000 : 0);
    if (this.#debt >= 4) {
      const ms = this.#debt;
      this.#debt = 0;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  async transferIn(_ep: number, length: number): Promise<USBInTransferResult> {
    for (;;) {
      if (this.#gone) throw domError('NetworkError', 'A transfer error has occurred.');
      if (!this.opened) throw domError('AbortError', 'The transfer was cancelled.');
      if (this.options.babbleIn && this.#inbox.length) return { status: 'babble' } as USBInTransferResult;
      const head = this.#inbox[0];
      if (head) {
        const n = Math.min(length, head.length);
        const data = head.slice(0, n);
        if (n === head.length) this.#inbox.shift();
        else this.#inbox[0] = head.subarray(n);
        await this.#cost(n);
        return { status: 'ok', data: new DataView(data.buffer) } as USBInTransferResult;
      }
      await new Promise<void>((r) => (this.#waiter = r));
    }
  }

  async transferOut(_ep: number, data: BufferSource): Promise<USBOutTransferResult> {
    if (this.#gone) throw domError('NetworkError', 'A transfer error has occurred.');
    if (!this.#claimed) throw domError('InvalidStateError', 'The specified interface has not been claimed.');
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer);
    this.#outBytes += bytes.length;
    this.transfersOut++;
    if (this.options.stallOutAfter !== undefined && this.#outBytes > this.options.stallOutAfter) {
      return { status: 'stall', bytesWritten: 0 } as USBOutTransferResult;
    }
    if (this.options.hangOutAfter !== undefined && this.#outBytes > this.options.hangOutAfter) {
      return new Promise<USBOutTransferResult>(() => undefined);
    }
    await this.#cost(bytes.length);
    this.endpoint.receive(bytes);
    return { status: 'ok', bytesWritten: bytes.length } as USBOutTransferResult;
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.();
  }
}

export function asUsbDevice(fake: FakeUsbDevice): USBDevice {
  return fake as unknown as USBDevice;
}
