import { MemoryTransport } from '../transport/memory.ts';
import { AttachmentError, type Attachment, type FunctionPipe } from './attachment.ts';
import { RealClock, ScaledClock, type Clock } from './clock.ts';
import type { DeviceEndpoint, DeviceLink } from '../transport/device-endpoint.ts';
import { Emitter } from '../core/emitter.ts';
import { FakeSerial, FakeSerialPort } from './fake-web-serial.ts';
import { FakeUSB, FakeUSBDevice } from './fake-web-usb.ts';
import type { LinkFault } from './faults.ts';
import { Picker } from './picker.ts';
import type { UsbFunction } from './profiles/types.ts';
import { Rng } from './rng.ts';
import { SCENARIOS, scenario as scenarioInfo, type ScenarioId, type ScenarioInfo, type ScenarioSetup } from './scenarios.ts';
import type { ReplayScenario } from './replay/index.ts';
import { VirtualModem, type VirtualModemState } from './virtual-modem.ts';

export interface BenchOptions {
  /** Scenario of the first modem (default `healthy`); `null` starts an empty bench. */
  readonly scenario?: ScenarioId | null;
  readonly seed?: number;
  /** A VirtualClock in unit tests; the real clock otherwise. */
  readonly clock?: Clock;
  /**
   * Runs the modules' own delays faster (0.1 = ten times faster boots, re-enumerations and
   * boot loops) for demos and e2e tests. Default 1.
   */
  readonly timeScale?: number;
  /** +CMEE after boot (default 1). */
  readonly cmee?: 0 | 1 | 2;
  /** +CREG/+CGREG/+CEREG URC mode the modules start with (default: each profile's, 0). */
  readonly urcMode?: 0 | 1 | 2;
  /** Start with a replayed customer's modem instead of a scenario (src/sim/replay). */
  readonly replay?: ReplayScenario;
}

export interface AddModemOptions {
  readonly id?: string;
  readonly seed?: number;
  readonly downloadFaults?: string;
  readonly unplugged?: boolean;
}

export interface BenchEvents extends Record<string, unknown> {
  change: VirtualModemState;
  log: string;
  attach: Attachment;
  detach: Attachment;
  modems: readonly VirtualModem[];
}

/** What the bench says about a port or device object the app holds. */
export interface PortDescription {
  readonly modemId: string;
  readonly function: UsbFunction | null;
  readonly interfaceNumber: number | null;
  readonly mode: Attachment['mode'];
  readonly connected: boolean;
}

/**
 * A desk with virtual modules on it and the two browser APIs wired to them. The app's demo
 * mode and the e2e suite hand `serial`/`usb` to the app in place of `navigator.serial` and
 * `navigator.usb`; tests and the panel drive the modules through the plain methods.
 */
export class VirtualBench {
  readonly clock: Clock;
  readonly picker = new Picker();
  /** The scenarios a modem can be started in (for the panel, without importing this module eagerly). */
  readonly scenarios: readonly ScenarioInfo[] = SCENARIOS;
  readonly events = new Emitter<BenchEvents>();
  readonly serial: Serial;
  readonly usb: USB;
  readonly fakeSerial: FakeSerial;
  readonly fakeUsb: FakeUSB;
  readonly #modems: VirtualModem[] = [];
  readonly #rng: Rng;
  readonly #options: BenchOptions;
  #driverPolicy: 'detached' | 'bound' = 'detached';
  #policy: readonly { vendorId: number; productId?: number }[] = [];
  #count = 0;
  readonly #unsub = new Map<string, (() => void)[]>();

  constructor(options: BenchOptions = {}) {
    this.#options = options;
    const base = options.clock ?? new RealClock();
    this.clock = options.timeScale && options.timeScale !== 1 ? new ScaledClock(base, options.timeScale) : base;
    this.#rng = new Rng(options.seed ?? 1);
    const backend = {
      picker: this.picker,
      attachments: () => this.attachments(),
      onAttach: (fn: (a: Attachment) => void) => this.events.on('attach', fn),
      onDetach: (fn: (a: Attachment) => void) => this.events.on('detach', fn),
      driverPolicy: () => this.#driverPolicy,
      policyAllows: (a: Attachment) => this.#policy.some((p) => p.vendorId === a.vendorId && (p.productId === undefined || p.productId === a.productId)),
      clock: this.clock,
    };
    this.fakeSerial = new FakeSerial(backend);
    this.fakeUsb = new FakeUSB(backend);
    this.serial = this.fakeSerial as unknown as Serial;
    this.usb = this.fakeUsb as unknown as USB;
    if (options.replay) this.addReplay(options.replay);
    else if (options.scenario !== null) this.addModem(options.scenario ?? 'healthy');
  }

  get modems(): readonly VirtualModem[] {
    return this.#modems;
  }

  /** The modem with this id, or the first one. */
  modem(id?: string): VirtualModem {
    const m = id === undefined ? this.#modems[0] : this.#modems.find((x) => x.id === id);
    if (!m) throw new RangeError(id === undefined ? 'The bench has no modem.' : `No modem '${id}' on the bench.`);
    return m;
  }

  attachments(): Attachment[] {
    return this.#modems.map((m) => m.attachment).filter((a): a is Attachment => a !== null && a.connected);
  }

  addModem(scenario: ScenarioId = 'healthy', options: AddModemOptions = {}): VirtualModem {
    return this.#add(scenario, scenarioInfo(scenario).build(), null, options);
  }

  /** Puts a replayed customer's modem on the bench: recorded answers first, its family's behaviour for the rest. */
  addReplay(replay: ReplayScenario, options: AddModemOptions = {}): VirtualModem {
    return this.#add('replay', replay.build(), replay, options);
  }

  #add(scenario: string, setup: ScenarioSetup, replay: ReplayScenario | null, options: AddModemOptions): VirtualModem {
    this.#count++;
    const id = options.id ?? `modem-${this.#count}`;
    const modem = new VirtualModem({
      id,
      profile: setup.profile,
      scenario,
      flash: setup.flash,
      sim: setup.sim,
      radio: setup.radio,
      clock: this.clock,
      seed: options.seed ?? this.#rng.int(1, 0x7fffffff),
      ...(this.#options.cmee !== undefined ? { cmee: this.#options.cmee } : {}),
      ...(this.#options.urcMode !== undefined ? { urcMode: this.#options.urcMode } : {}),
      ...(options.downloadFaults ? { downloadFaults: options.downloadFaults } : {}),
      ...(setup.tp1Held ? { tp1Held: true } : {}),
      ...(setup.cfun !== undefined ? { firstBootCfun: setup.cfun } : {}),
      ...(options.unplugged ? { unplugged: true } : {}),
      ...(replay ? { replay } : {}),
      unit: replay ? 0 : this.#modems.filter((m) => m.profile.id === setup.profile.id).length,
    });
    this.#unsub.set(id, [
      modem.events.on('attach', (a) => this.events.emit('attach', a)),
      modem.events.on('detach', (a) => this.events.emit('detach', a)),
      modem.events.on('change', (s) => this.events.emit('change', s)),
      modem.events.on('log', (l) => this.events.emit('log', l)),
    ]);
    this.#modems.push(modem);
    this.events.emit('modems', this.#modems);
    modem.start();
    return modem;
  }

  /** Takes a modem off the bench (it leaves the bus first). */
  removeModem(id: string): void {
    const i = this.#modems.findIndex((m) => m.id === id);
    if (i < 0) return;
    const m = this.#modems[i]!;
    m.pullCable();
    for (const u of this.#unsub.get(id) ?? []) u();
    this.#unsub.delete(id);
    this.#modems.splice(i, 1);
    this.events.emit('modems', this.#modems);
  }

  /** Replaces a modem by a fresh one in another scenario (same id). */
  setScenario(scenario: ScenarioId, id?: string): VirtualModem {
    const old = this.modem(id);
    this.removeModem(old.id);
    return this.addModem(scenario, { id: old.id });
  }

  // ---- plain controls for tests and `window.__bootholdBench` -------------------------------

  pullCable(id?: string): void {
    this.modem(id).pullCable();
  }
  plugCable(id?: string): void {
    this.modem(id).plugCable();
  }
  powerCycle(id?: string): void {
    this.modem(id).powerCycle();
  }
  holdTp1(held = true, id?: string): void {
    this.modem(id).holdTp1(held);
  }
  injectUrc(line: string, id?: string): void {
    this.modem(id).injectUrc(line);
  }
  setFault(fault: LinkFault | null, id?: string): void {
    this.modem(id).setFault(fault);
  }
  clearFaults(id?: string): void {
    this.modem(id).clearFaults();
  }
  setDownloadFaults(spec: string, id?: string): void {
    this.modem(id).setDownloadFaults(spec);
  }
  snapshot(id?: string): VirtualModemState {
    return this.modem(id).snapshot();
  }
  snapshots(): VirtualModemState[] {
    return this.#modems.map((m) => m.snapshot());
  }

  /** 'bound': serial interfaces cannot be claimed over WebUSB (an OS driver holds them). */
  setUsbDriverPolicy(policy: 'detached' | 'bound'): void {
    this.#driverPolicy = policy;
  }

  /**
   * Simulates the enterprise policies that pre-grant devices by vendor (and product): such
   * devices need no picker, survive re-enumeration and fire `connect` events even in download
   * mode. Empty (the default) means ordinary user grants only.
   */
  setPolicyGrants(devices: readonly { vendorId: number; productId?: number }[]): void {
    this.#policy = [...devices];
  }

  /** Which modem and function a port or device object stands for (tests, the panel). */
  describe(obj: SerialPort | USBDevice | FakeSerialPort | FakeUSBDevice): PortDescription | null {
    if (obj instanceof FakeSerialPort) {
      return { modemId: obj.attachment.modemId, function: obj.spec.function, interfaceNumber: obj.spec.number, mode: obj.attachment.mode, connected: obj.connected };
    }
    if (obj instanceof FakeUSBDevice) {
      return { modemId: obj.attachment.modemId, function: obj.attachment.mode === 'download' ? 'download' : null, interfaceNumber: null, mode: obj.attachment.mode, connected: obj.attachment.connected };
    }
    return null;
  }

  /**
   * An in-memory Transport to one function of the modem as it is enumerated now (unit tests
   * of the session layer). It is lost when the module leaves the bus, like a real port.
   */
  connectMemory(fn: UsbFunction = 'at', id?: string): MemoryTransport {
    const modem = this.modem(id);
    const att = modem.attachment;
    if (!att || !att.connected) throw new AttachmentError('gone', `${modem.id} is not on the bus (${modem.mode}).`);
    const spec = att.interfaces.find((i) => i.function === fn);
    if (!spec) throw new AttachmentError('no-interface', `${modem.id} has no ${fn} function in ${att.mode} mode.`);
    const owner = {};
    let pipe: FunctionPipe | null = null;
    const transport = new MemoryTransport(
      { kind: 'memory', label: `virtual ${modem.profile.model} ${att.label} if${spec.number}`, usb: { vendorId: att.vendorId, productId: att.productId } },
      {
        onHostData: (data) => void pipe?.write(data),
        onHostClose: () => pipe?.close(),
      },
    );
    pipe = att.open(spec.number, owner, { deliver: (d) => transport.deliver(d) });
    att.onGone(() => transport.lose('The virtual module left the bus.'));
    return transport;
  }

  dispose(): void {
    for (const m of [...this.#modems]) this.removeModem(m.id);
    this.fakeSerial.dispose();
    this.fakeUsb.dispose();
  }
}

/**
 * A DeviceEndpoint that follows one modem across re-enumerations, for carriers that outlive
 * the USB device (`boothold sim --stdio`): `'at'` talks to the AT port whenever the module is
 * in application mode, `'download'` to the download pipe, `'follow'` to whichever is present.
 * Bytes sent while the function is absent are dropped, as a vanished tty would.
 */
export function followFunction(modem: VirtualModem, fn: 'at' | 'download' | 'follow'): DeviceEndpoint & { dispose(): void } {
  let link: DeviceLink | null = null;
  let pipe: FunctionPipe | null = null;
  const owner = {};
  const wanted = (a: Attachment) => a.interfaces.find((i) => (fn === 'follow' ? i.function === 'at' || i.function === 'download' : i.function === fn));
  const connect = (a: Attachment | null) => {
    if (!a || !link || pipe) return;
    const spec = wanted(a);
    if (!spec) return;
    try {
      pipe = a.open(spec.number, owner, { deliver: (d) => link?.send(d) });
      a.onGone(() => (pipe = null));
    } catch {
      pipe = null;
    }
  };
  const offAttach = modem.events.on('attach', (a) => connect(a));
  const offDetach = modem.events.on('detach', () => (pipe = null));
  return {
    open(l) {
      link = l;
      connect(modem.attachment);
    },
    receive(data) {
      void pipe?.write(data);
    },
    close() {
      pipe?.close();
      pipe = null;
      link = null;
    },
    dispose() {
      offAttach();
      offDetach();
      this.close();
    },
  };
}
