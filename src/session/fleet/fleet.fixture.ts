/** Test scaffolding: every modem on a virtual bench connected into one fleet, in bench order. */
import { ModemFleet } from '../connection/modem-fleet.ts';
import type { VirtualBench } from '../../sim/index.ts';
import { benchUntil } from '../../sim/bench.fixture.ts';

export async function connectWholeBench(bench: VirtualBench): Promise<ModemFleet> {
  await benchUntil(bench, () => bench.snapshots().every((s) => s.atReady));
  const fleet = new ModemFleet();
  for (const m of bench.modems) {
    // the chooser picks this modem's AT port, as a user would one by one
    bench.picker.next = (c) => c.findIndex((x) => x.modemId === m.id && x.function === 'at');
    await fleet.connectAnother(bench.serial);
  }
  return fleet;
}
