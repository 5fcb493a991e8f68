/**
 * Demo mode: loads the virtual modem on demand (it is not in the initial bundle) and makes it
 * the app's WebSerial/WebUSB. The bench is also exposed as `window.__bootholdBench`, the hook
 * e2e tests and curious users use to pull the virtual cable or inject faults.
 */
import { useRealDevices, useVirtualDevices } from '../../platform/device-apis.ts';
import type { VirtualBench } from '../../sim/index.ts';

export const demo = $state<{
  bench: VirtualBench | null;
  scenario: string | null;
  /** How many times faster than life the virtual world runs (`?simSpeed=`); 1 normally. */
  speed: number;
  loading: boolean;
  /** Waiting for the virtual module's AT port (it boots for a few seconds, like a real one). */
  booting: boolean;
  error: string | null;
}>({
  bench: null,
  scenario: null,
  speed: 1,
  loading: false,
  booting: false,
  error: null,
});

declare global {
  interface Window {
    __bootholdBench?: VirtualBench;
  }
}

export interface DemoOptions {
  /** Runs the modules' own delays (boot, attach, re-enumeration) this many times faster. */
  readonly speed?: number;
}

export async function startDemo(scenario = 'healthy', options: DemoOptions = {}): Promise<VirtualBench | null> {
  demo.loading = true;
  demo.error = null;
  try {
    const sim = await import('../../sim/index.ts');
    demo.bench?.dispose?.();
    if (!sim.isScenarioId(scenario)) throw new Error(`Unknown virtual modem scenario "${scenario}".`);
    const speed = options.speed && Number.isFinite(options.speed) && options.speed > 0 ? options.speed : 1;
    const bench = sim.startVirtualBench({ scenario, ...(speed !== 1 ? { timeScale: 1 / speed } : {}) });
    useVirtualDevices({ serial: bench.serial, usb: bench.usb });
    window.__bootholdBench = bench;
    demo.bench = bench;
    demo.scenario = scenario;
    demo.speed = speed;
    return bench;
  } catch (e) {
    demo.error = e instanceof Error ? e.message : String(e);
    return null;
  } finally {
    demo.loading = false;
  }
}

/**
 * Resolves once the virtual module's AT port has enumerated and answers (it boots for a few
 * seconds, like a real one), or false after `timeoutMs` (a boot-looping module never gets there).
 */
export async function whenAtReady(bench: VirtualBench, timeoutMs = 30_000): Promise<boolean> {
  demo.booting = true;
  try {
    return await atReady(bench, timeoutMs);
  } finally {
    demo.booting = false;
  }
}

function atReady(bench: VirtualBench, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ready = () => bench.snapshots().some((s) => s.atReady);
    if (ready()) return resolve(true);
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, timeoutMs);
    const off = bench.events.on('change', () => {
      if (!ready()) return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
}

export function stopDemo(): void {
  demo.bench?.dispose?.();
  demo.bench = null;
  demo.scenario = null;
  demo.speed = 1;
  delete window.__bootholdBench;
  useRealDevices();
}
