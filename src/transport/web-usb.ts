/**
 * WebUSB transport for a module in download mode: the one vendor-class interface with exactly
 * one bulk IN and one bulk OUT endpoint ("one interface" is what download mode looks like; the
 * PID may not change, RC76xx stays 1199:68C0). Works with the browser's USBDevice and with the
 * `usb` package's WebUSB implementation in Node.
 */
import { TransportError, fromPlatformError } from './errors.ts';
import { QueuedTransport } from './queued-transport.ts';
import type { TransportInfo, WriteOptions } from './transport.ts';
import { hex4 } from '../codec/hex.ts';

export interface DownloadInterface {
  readonly configurationValue: number;
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly inEndpoint: number;
  readonly outEndpoint: number;
  readonly inPacketSize: number;
  readonly outPacketSize: number;
}

export interface WebUsbOptions {
  /** Largest single transferOut; bigger writes are split. Default 1 MiB (see bench/download-usb-sizes). */
  readonly transferSize?: number;
  /** Bytes asked for per transferIn. */
  readonly readSize?: number;
  /** navigator.usb (or a look-alike), to notice the device being unplugged. */
  readonly usb?: Pick<USB, 'addEventListener' | 'removeEventListener'>;
}

export const DEFAULT_USB_TRANSFER = 1024 * 1024;
const DEFAULT_READ = 16 * 1024;
const VENDOR_CLASS = 0xff;

/**
 * Finds the download interface, or explains why there is none: application mode (several
 * interfaces) or an unexpected layout.
 */
export function findDownloadInterface(device: USBDevice): DownloadInterface {
  const configs = device.configurations.length ? device.configurations : device.configuration ? [device.configuration] : [];
  const found: DownloadInterface[] = [];
  let most = 0;
  for (const c of configs) {
    most = Math.max(most, c.interfaces.length);
    if (c.interfaces.length !== 1) continue;
    for (const itf of c.interfaces) {
      for (const alt of itf.alternates) {
        if (alt.interfaceClass !== VENDOR_CLASS || alt.endpoints.length !== 2) continue;
        const bulkIn = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
        const bulkOut = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
        if (!bulkIn || !bulkOut) continue;
        found.push({
          configurationValue: c.configurationValue,
          interfaceNumber: itf.interfaceNumber,
          alternateSetting: alt.alternateSetting,
          inEndpoint: bulkIn.endpointNumber,
          outEndpoint: bulkOut.endpointNumber,
          inPacketSize: bulkIn.packetSize,
          outPacketSize: bulkOut.packetSize,
        });
      }
    }
  }
  const first = found[0];
  if (found.length === 1 && first) return first;
  if (found.length > 1) {
    throw new TransportError('no-suitable-interface', 'The device offers more than one download interface; this layout is unknown.');
  }
  if (most > 1) {
    throw new TransportError(
      'no-suitable-interface',
      `The module is in application mode (${most} interfaces). Put it in download mode first (one interface).`,
      'application-mode',
    );
  }
  throw new TransportError('no-suitable-interface', 'The device has no vendor interface with one bulk IN and one bulk OUT endpoint.');
}

export type ClaimFailureCause = 'linux-qcserial' | 'windows-winusb' | 'other';

/** Why claimInterface failed on this platform, and what to do about it. */
export function explainClaimFailure(userAgent: string, usb?: { vendorId: number; productId: number }): { cause: ClaimFailureCause; steps: string[] } {
  const id = usb ? `${hex4(usb.vendorId)}:${hex4(usb.productId)}` : 'the download-mode device';
  if (/Windows/i.test(userAgent)) {
    return {
      cause: 'windows-winusb',
      steps: [
        `Windows needs the WinUSB driver on the download-mode identity (${id}, interface 0) for WebUSB.`,
        'Install it with Zadig for that identity only (Options → List all devices, pick the entry with that VID:PID, driver WinUSB). Leave the application-mode identities alone.',
        'Or use the serial-port path (WebSerial) with Sierra’s driver installed.',
      ],
    };
  }
  if (/Linux|X11|CrOS/i.test(userAgent)) {
    return {
      cause: 'linux-qcserial',
      steps: [
        'The Linux qcserial driver holds the download interface (it made /dev/ttyUSB0).',
        'Easiest: use the serial-port path (WebSerial) and pick that ttyUSB port.',
        'Or release it for WebUSB: for d in /sys/bus/usb/drivers/qcserial/*:*; do echo -n "${d##*/}" | sudo tee /sys/bus/usb/drivers/qcserial/unbind; done',
      ],
    };
  }
  return { cause: 'other', steps: ['Another driver or program holds the download interface. Close it, or use the serial-port path.'] };
}

/** Opens the device, selects the configuration and claims the download interface. */
export async function openWebUsb(device: USBDevice, options: WebUsbOptions = {}): Promise<WebUsbTransport> {
  const itf = findDownloadInterface(device);
  try {
    if (!device.opened) await device.open();
  } catch (e) {
    throw fromPlatformError(e, 'open');
  }
  try {
    if (device.configuration?.configurationValue !== itf.configurationValue) await device.selectConfiguration(itf.configurationValue);
    await device.claimInterface(itf.interfaceNumber);
    if (itf.alternateSetting !== 0) await device.selectAlternateInterface(itf.interfaceNumber, itf.alternateSetting);
  } catch (e) {
    const err = fromPlatformError(e, 'claim');
    try {
      await device.close();
    } catch {
      // nothing more to release
    }
    throw err;
  }
  return new WebUsbTransport(device, itf, options);
}

export class WebUsbTransport extends QueuedTransport {
  readonly info: TransportInfo;
  readonly #device: USBDevice;
  readonly #itf: DownloadInterface;
  readonly #transferSize: number;
  readonly #readSize: number;
  readonly #usb: WebUsbOptions['usb'];
  #pump: Promise<void>;
  /** When the interface was claimed and the read pump started (performance.now()). */
  readonly openedAt: number;
  /** When the first byte arrived, null until then: with openedAt, how fast a window was caught. */
  firstByteAt: number | null = null;
  #firstByte!: (at: number) => void;
  /** Resolves with firstByteAt once the module said anything. */
  readonly firstByte: Promise<number> = new Promise((r) => (this.#firstByte = r));
  readonly #onDisconnect = (ev: Event) => {
    if ((ev as USBConnectionEvent).device === this.#device) this.lose(new TransportError('device-lost', 'The device was disconnected.'));
  };

  constructor(device: USBDevice, itf: DownloadInterface, options: WebUsbOptions = {}) {
    super('The link is closed.');
    this.#device = device;
    this.#itf = itf;
    this.#transferSize = options.transferSize ?? DEFAULT_USB_TRANSFER;
    this.#readSize = options.readSize ?? Math.max(DEFAULT_READ, itf.inPacketSize);
    this.#usb = options.usb;
    this.#usb?.addEventListener('disconnect', this.#onDisconnect);
    this.info = {
      kind: 'web-usb',
      label: `USB ${hex4(device.vendorId)}:${hex4(device.productId)}`,
      usb: { vendorId: device.vendorId, productId: device.productId, ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}) },
    };
    // The pump starts at the claim, before anyone asks to read: a hello the module sends the
    // moment it is claimed is queued, never left in the endpoint to time out.
    this.openedAt = performance.now();
    this.#pump = this.#readLoop();
  }

  get interface(): DownloadInterface {
    return this.#itf;
  }

  async #readLoop(): Promise<void> {
    while (this.state === 'open') {
      let r: USBInTransferResult;
      try {
        r = await this.#device.transferIn(this.#itf.inEndpoint, this.#readSize);
      } catch (e) {
        if (this.state !== 'open') return;
        this.lose(fromPlatformError(e, 'read'));
        return;
      }
      if (r.status === 'stall') {
        try {
          await this.#device.clearHalt('in', this.#itf.inEndpoint);
        } catch {
          // the error below says what happened
        }
        this.lose(new TransportError('transfer-stall', 'The module stalled the bulk IN endpoint.'));
        return;
      }
      if (r.status === 'babble') {
        this.lose(new TransportError('transfer-babble', 'The module sent more data than the transfer could hold (babble).'));
        return;
      }
      if (r.data && r.data.byteLength && this.firstByteAt === null) this.#firstByte((this.firstByteAt = performance.now()));
      if (r.data && r.data.byteLength) this.push(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength).slice());
    }
  }

  async write(data: Uint8Array, options?: WriteOptions): Promise<void> {
    for (let off = 0; off < data.length || (off === 0 && data.length === 0); off += this.#transferSize) {
      this.checkWritable(options);
      const piece = data.subarray(off, Math.min(data.length, off + this.#transferSize));
      let r: USBOutTransferResult;
      try {
        r = await this.#device.transferOut(this.#itf.outEndpoint, piece as Uint8Array<ArrayBuffer>);
      } catch (e) {
        const err = fromPlatformError(e, 'write');
        if (err.code === 'device-lost') this.lose(err);
        throw err;
      }
      if (r.status === 'stall') {
        try {
          await this.#device.clearHalt('out', this.#itf.outEndpoint);
        } catch {
          // reported below
        }
        throw new TransportError('transfer-stall', 'The module stalled the bulk OUT endpoint.');
      }
      if (r.bytesWritten !== piece.length) {
        throw new TransportError('io', `Only ${r.bytesWritten} of ${piece.length} bytes were transferred.`);
      }
      if (data.length === 0) break;
    }
  }

  /** Releases the interface, closes the device (which ends a pending transferIn), then waits for the pump. */
  protected async release(): Promise<void> {
    this.#usb?.removeEventListener('disconnect', this.#onDisconnect);
    try {
      await this.#device.releaseInterface(this.#itf.interfaceNumber);
    } catch {
      // gone or already released
    }
    try {
      await this.#device.close();
    } catch {
      // gone or already closed
    }
    await this.#pump.catch(() => undefined);
  }
}
