/**
 * "Open as virtual modem": a transcript (pasted, or a recorded session turned back into one)
 * becomes the app's virtual modem, a replay of the customer's module (src/sim/replay). The
 * virtual modem is loaded on demand, as in demo mode, and takes the demo's place: the rest of
 * the app (connect, check, switch carrier, update) sees it as it sees any virtual module.
 */
import { useVirtualDevices } from '../../platform/device-apis.ts';
import { demo } from '../app-state/demo.svelte.ts';

export const replay = $state<{ opening: boolean; error: string | null }>({ opening: false, error: null });

export type OpenResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'empty' | 'failed'; readonly message: string };

export async function openReplay(text: string): Promise<OpenResult> {
  replay.opening = true;
  replay.error = null;
  try {
    const [sim, rep] = await Promise.all([import('../../sim/index.ts'), import('../../sim/replay/index.ts')]);
    const scenario = rep.replayFromText(text);
    if (scenario.summary.recordedCommands === 0 && scenario.summary.fromText.length === 0) return { ok: false, reason: 'empty', message: '' };
    demo.bench?.dispose?.();
    const speed = demo.speed;
    const bench = sim.startVirtualBench({ replay: scenario, ...(speed !== 1 ? { timeScale: 1 / speed } : {}) });
    useVirtualDevices({ serial: bench.serial, usb: bench.usb });
    window.__bootholdBench = bench;
    demo.bench = bench;
    // not one of the named scenarios: "Try the virtual modem" starts the healthy one again
    demo.scenario = null;
    return { ok: true };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    replay.error = message;
    return { ok: false, reason: 'failed', message };
  } finally {
    replay.opening = false;
  }
}
