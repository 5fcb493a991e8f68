/**
 * Helpers for the flows' unit tests (only *.test.ts import this): a virtual bench on a
 * virtual clock, a granted AT port, and a driver that advances time until a condition holds.
 */
import { VirtualClock } from '../../sim/clock.ts';
import { startVirtualBench, type VirtualBench } from '../../sim/index.ts';
import type { ScenarioId } from '../../sim/scenarios.ts';
import { goldenImageBytes } from '../download/image.fixture.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { flowImageFromBytes, type FlowImage } from './flow-image.ts';
import type { FlowEnv } from './guided-flow.ts';
import { MemoryFlowStore } from './persistence.ts';
import { describerFromFunctions } from '../link/port-role.ts';

export interface Rig {
  readonly bench: VirtualBench;
  readonly clock: VirtualClock;
  readonly store: MemoryFlowStore;
  readonly env: FlowEnv;
}

export function rig(scenario: ScenarioId, seed = 5): Rig {
  const clock = new VirtualClock();
  const bench = startVirtualBench({ scenario, seed, clock });
  const store = new MemoryFlowStore();
  // the bench knows which function each port is, as the app's virtual modem tells the flows
  const describePort = describerFromFunctions((p) => bench.describe(p)?.function);
  return { bench, clock, store, env: { serial: bench.serial, usb: bench.usb, clock, downloadTimings: FAST_TIMINGS, store, progressIntervalMs: 0, describePort } };
}

/** Advances virtual time in small steps (real I/O settles between them) until `cond` holds. */
export async function drive(clock: VirtualClock, cond: () => boolean, limitMs = 400_000, stepMs = 50): Promise<void> {
  const start = clock.now();
  while (!cond()) {
    if (clock.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms of virtual time`);
    await clock.advance(stepMs);
  }
}

export async function grantAtPort(r: Rig): Promise<SerialPort> {
  await drive(r.clock, () => r.bench.modem().snapshot().atReady);
  r.bench.picker.next = 'auto';
  return r.bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
}

/** Release 9 GENERIC for RC76xx, as inspection would describe it. */
export function r9Image(size = 300_000): FlowImage {
  return flowImageFromBytes(goldenImageBytes(size), 'RC76xx_Release9_GENERIC_GCF_7620.spk', {
    platform: 'SWI9X07H',
    product: '9X07',
    firmwareVersion: '00.08.24.02',
    carrier: 'GENERIC',
    sha256: 'a'.repeat(64),
  });
}
