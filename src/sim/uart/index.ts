/**
 * A virtual module on a UART: the line, the module behind it, and the two ways a host gets at
 * it — a Transport (tests, bench, CLI sim) or a WebSerial port object (the app's demo mode and
 * e2e). `window.__bootholdUart` exposes the rig in the app so tests can inject faults.
 */
import { RealClock, ScaledClock, type Clock } from '../clock.ts';
import { HL7800_UART, hl78Package } from '../profiles/hl7800-uart.ts';
import { ADAPTERS, FakeUartSerialPort, type AdapterKind } from './fake-port.ts';
import { UartHostTransport } from './host-transport.ts';
import { UartLine } from './line.ts';
import { UartModule } from './module.ts';
import { RC7620_UART } from './rc7620.ts';
import type { UartFault, UartProfile } from './types.ts';

export { UartLine, lineBytesPerSecond } from './line.ts';
export { UartModule, type UartModuleSnapshot } from './module.ts';
export { UartHostTransport } from './host-transport.ts';
export { FakeUartSerialPort, ADAPTERS, type AdapterKind } from './fake-port.ts';
export { RC7620_UART } from './rc7620.ts';
export { HL7800_UART, hl78Package } from '../profiles/hl7800-uart.ts';
export type { UartFault, UartProfile } from './types.ts';

export const UART_PROFILES = { rc7620: RC7620_UART, hl7800: HL7800_UART } as const;
export type UartProfileId = keyof typeof UART_PROFILES;

export interface UartRigOptions {
  readonly profile?: UartProfileId | UartProfile;
  readonly clock?: Clock;
  /** < 1 runs the module's own delays (boot, install) faster; the line keeps its real pace. */
  readonly timeScale?: number;
  readonly adapter?: AdapterKind;
  /** The rate the module listens at after power-on (its stored AT+IPR). */
  readonly moduleBaud?: number;
  /** Start with `AT+IFC=2,2` already stored. */
  readonly moduleFlowControl?: boolean;
  readonly fifoBytes?: number;
  readonly seed?: number;
  readonly fault?: UartFault;
  /** Power the module on at once (default) or leave it off. */
  readonly powered?: boolean;
}

export class UartRig {
  readonly line: UartLine;
  readonly module: UartModule;
  readonly clock: Clock;
  readonly adapter: AdapterKind;
  #port: FakeUartSerialPort | null = null;
  #transport: UartHostTransport | null = null;

  constructor(options: UartRigOptions = {}) {
    const profile = typeof options.profile === 'object' ? options.profile : UART_PROFILES[options.profile ?? 'rc7620'];
    const base = options.clock ?? new RealClock();
    // the module's delays scale; the line needs true time, so it keeps the unscaled clock
    const moduleClock = options.timeScale && options.timeScale !== 1 ? new ScaledClock(base, options.timeScale) : base;
    this.clock = base;
    this.adapter = options.adapter ?? 'ftdi';
    this.line = new UartLine(base, { ...(options.fifoBytes ? { fifoBytes: options.fifoBytes } : {}), ...(options.seed ? { seed: options.seed } : {}) });
    this.line.device.baudRate = options.moduleBaud ?? 115200;
    this.module = new UartModule(profile, this.line, moduleClock);
    if (options.moduleFlowControl) this.module.presetFlowControl();
    if (options.fault) this.module.setFault(options.fault);
    if (options.powered !== false) this.module.powerOn();
  }

  /** The host end as a Transport (replaces any earlier one). */
  transport(): UartHostTransport {
    this.#transport = new UartHostTransport(this.line, { kind: 'memory', label: `virtual ${this.module.profile.model} on ${ADAPTERS[this.adapter].label}` });
    return this.#transport;
  }

  /** The host end as a WebSerial port (one object for the rig's life, like a plugged adapter). */
  serialPort(): FakeUartSerialPort {
    this.#port ??= new FakeUartSerialPort(this.line, this.adapter);
    return this.#port;
  }

  setFault(f: UartFault | null): void {
    this.module.setFault(f);
  }

  /** Unplugs the USB-UART adapter from the host. */
  unplugAdapter(): void {
    this.#port?.unplug();
    this.#transport?.lose();
  }

  dispose(): void {
    this.module.dispose();
    this.line.dispose();
  }
}

export function createUartRig(options: UartRigOptions = {}): UartRig {
  return new UartRig(options);
}

