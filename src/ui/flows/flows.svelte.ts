/**
 * The page's handle on the guided flows: at most one flow at a time (the UI never starts two
 * on a device), mirrored into a rune. Starting one — the AT port handed over from the console,
 * the per-device Web Lock, the journal, the guards while the module is off its application
 * firmware — is session work (session/flows/flow-launch.ts); the write itself holds the write
 * job's guards. This store keeps only the busy hold the update banner reads.
 */
import { deviceApis } from '../../platform/device-apis.ts';
import type { FlowView, GuidedFlow } from '../../session/flows/guided-flow.ts';
import type { FlowImage } from '../../session/flows/flow-image.ts';
import { launchFlow, type LaunchOptions } from '../../session/flows/flow-launch.ts';
import { IdbFlowStore, type FlowRecord } from '../../session/flows/persistence.ts';
import { describerFromFunctions } from '../../session/link/port-role.ts';
import { browserPlatform } from '../../session/write/platform.ts';
import { connection } from '../app-state/connection.svelte.ts';
import { recorderOf, journalRecorder } from '../../session/logs/live.ts';
import { holdBusy } from '../app-state/busy.svelte.ts';
import { demo } from '../app-state/demo.svelte.ts';
import { acceleratedFlowClock } from '../../session/flows/clock.ts';
import { trackFlowJob } from './flow-job.ts';

export const flows = $state<{
  view: FlowView | null;
  log: { at: number; text: string }[];
  resume: FlowRecord | null;
  /** Why a flow could not start (another tab holds the device). */
  blocked: { holder: string | null } | null;
  /** The flow object is alive (its run() has not returned). */
  running: boolean;
}>({ view: null, log: [], resume: null, blocked: null, running: false });

let current: GuidedFlow | null = null;
const store = new IdbFlowStore();

/** Loads an interrupted flow's record (for the "continue?" banner). */
export async function loadResume(): Promise<void> {
  if (current) return;
  try {
    flows.resume = await store.load();
  } catch {
    flows.resume = null;
  }
}

export async function discardResume(): Promise<void> {
  flows.resume = null;
  await store.clear().catch(() => undefined);
}

export function activeFlow(): GuidedFlow | null {
  return current;
}

let last: { image: FlowImage | null; model: string | null } = { image: null, model: null };

/** The image and model of the last flow started (a failed update leads into a rescue with them). */
export function lastStart(): { image: FlowImage | null; model: string | null } {
  return last;
}

/** What the page asks for: the flow, its image and target; the launch adds the rest. */
export type StartOptions = LaunchOptions;

export async function startFlow(o: StartOptions): Promise<void> {
  if (current) return;
  const { serial, usb } = deviceApis();
  if (!serial) return;
  flows.blocked = null;
  const bench = demo.bench;
  const launch = await launchFlow(o, {
    serial,
    usb,
    selection: connection,
    store,
    recorderOf,
    recorder: journalRecorder,
    label: document.title,
    platform: browserPlatform(),
    // On the virtual modem at `simSpeed`, the flow's waits speed up with the module's delays.
    ...(bench && demo.speed !== 1 ? { clock: acceleratedFlowClock(demo.speed) } : {}),
    // the virtual modem's bench says which function each port is (a real browser cannot)
    ...(bench ? { describePort: describerFromFunctions((p) => bench.describe(p)?.function) } : {}),
  });
  if (launch.kind === 'blocked') {
    flows.blocked = { holder: launch.holder };
    return;
  }
  const flow = launch.flow;
  last = { image: o.image ?? last.image, model: launch.model ?? last.model };
  current = flow;
  flows.resume = null;
  flows.log = [];
  flows.view = flow.state;
  flows.running = true;
  const releaseBusy = holdBusy(`flow:${o.kind}`);
  const offState = flow.events.on('state', (v) => (flows.view = v));
  const offLog = flow.events.on('log', (l) => flows.log.push(l));
  // the header, the tab and the job screen follow the flow (ui/job)
  const endJob = trackFlowJob(flow, () => flows.view);
  try {
    flows.view = await launch.run();
  } finally {
    offState();
    offLog();
    endJob();
    releaseBusy();
    current = null;
    flows.running = false;
  }
}

/** Clears a finished flow's view (the page then offers the three flows again). */
export function closeFlow(): void {
  if (current) return;
  flows.view = null;
  flows.log = [];
}
