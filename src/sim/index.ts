/**
 * The virtual modem: simulated Sierra Wireless modules and the fake WebSerial/WebUSB built on
 * them. Lazy-loaded by the app's demo mode; used directly by unit tests, e2e tests and
 * `boothold sim`.
 */
import { VirtualBench, followFunction, type BenchOptions } from './bench.ts';
import { RealClock, type Clock } from './clock.ts';
import type { DeviceEndpoint } from '../transport/device-endpoint.ts';
import { Rng } from './rng.ts';
import { scenario as scenarioInfo, type ScenarioId } from './scenarios.ts';
import { VirtualModem } from './virtual-modem.ts';
import type { ReplayScenario } from './replay/index.ts';

export { VirtualBench, followFunction, type BenchOptions, type AddModemOptions, type PortDescription, type BenchEvents } from './bench.ts';
export { VirtualModem, type ModemMode, type VirtualModemState, type ModemEvents } from './virtual-modem.ts';
export { SCENARIOS, SCENARIO_IDS, isScenarioId, scenario, scenarioForProfile, type ScenarioId, type ScenarioInfo } from './scenarios.ts';
export { Picker, type PickerChoice, type PickerCandidate, type PickerRecord } from './picker.ts';
export { parseLinkFaults, describeFault, type LinkFault, type LinkFaultKind } from './faults.ts';
export { RealClock, ScaledClock, VirtualClock, type Clock } from './clock.ts';
export { FakeSerial, FakeSerialPort } from './fake-web-serial.ts';
export { FakeUSB, FakeUSBDevice } from './fake-web-usb.ts';
export { PROFILES, type ModuleProfile, type ProfileId } from './profiles/index.ts';
export type { Attachment, AttachMode } from './attachment.ts';
export type { FlashState, FlashHealth } from './flash.ts';

/** Starts a bench with one module in `scenario` (default `healthy`). */
export function startVirtualBench(options: BenchOptions = {}): VirtualBench {
  return new VirtualBench(options);
}

export interface AtEndpointOptions {
  readonly scenario?: ScenarioId;
  /** A replayed customer's modem (src/sim/replay) instead of a scenario. */
  readonly replay?: ReplayScenario;
  readonly seed?: number;
  readonly clock?: Clock;
  /** Which function the endpoint talks to across re-enumerations (default `'at'`). */
  readonly function?: 'at' | 'download' | 'follow';
  readonly log?: (line: string) => void;
}

export interface SimEndpoint {
  /** Wire stdin to `endpoint.receive` and `link.send` to stdout. */
  readonly endpoint: DeviceEndpoint;
  readonly modem: VirtualModem;
  /** Resolves when the AT port answers (or the download port is up, for `'download'`). */
  readonly ready: Promise<void>;
  dispose(): void;
}

/**
 * One virtual module behind a single DeviceEndpoint, for `boothold sim --stdio --at`: the
 * module boots (with its realistic delays), and the endpoint follows its AT port across resets.
 */
export function createAtEndpoint(options: AtEndpointOptions = {}): SimEndpoint {
  const clock = options.clock ?? new RealClock();
  const replay = options.replay;
  const setup = replay ? replay.build() : scenarioInfo(options.scenario ?? 'healthy').build();
  const modem = new VirtualModem({
    id: 'modem-1',
    profile: setup.profile,
    scenario: replay ? 'replay' : (options.scenario ?? 'healthy'),
    ...(replay ? { replay } : {}),
    flash: setup.flash,
    sim: setup.sim,
    radio: setup.radio,
    clock,
    seed: options.seed ?? new Rng(Date.now()).int(1, 0x7fffffff),
    ...(setup.tp1Held ? { tp1Held: true } : {}),
    ...(setup.cfun !== undefined ? { firstBootCfun: setup.cfun } : {}),
  });
  const fn = options.function ?? 'at';
  const endpoint = followFunction(modem, fn);
  const offLog = options.log ? modem.events.on('log', options.log) : () => undefined;
  const ready = new Promise<void>((resolve) => {
    const check = () => {
      const s = modem.snapshot();
      if ((fn !== 'download' && s.atReady) || (fn !== 'at' && s.mode === 'download' && s.usb)) {
        off();
        resolve();
      }
    };
    const off = modem.events.on('change', check);
    queueMicrotask(check);
  });
  modem.start();
  return {
    endpoint,
    modem,
    ready,
    dispose() {
      endpoint.dispose();
      offLog();
      modem.pullCable();
    },
  };
}
