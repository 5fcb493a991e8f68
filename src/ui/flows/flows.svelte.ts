/**
 * The page's handle on the guided flows: at most one flow at a time (the UI never starts two
 * on a device), mirrored into a rune; the guards around it (busy hold for the update prompt,
 * beforeunload, wake lock while the module is off its application firmware, the per-device
 * Web Lock) and the hand-over of the AT port between the console's connection and the flow.
 */
import { deviceApis } from '../../platform/device-apis.ts';
import { serialPortLabel } from '../../transport/web-serial.ts';
import { GuidedFlow, type FlowView } from '../../session/flows/guided-flow.ts';
import type { FlowImage } from '../../session/flows/flow-image.ts';
import { holdWakeLock, lockDevice } from '../../session/flows/guards.ts';
import { IdbFlowStore, type FlowRecord } from '../../session/flows/persistence.ts';
import { hex4, usbPairFor } from '../../knowledge/preflight/usb-identities.ts';
import type { FlowKind, Phase } from '../../session/flows/phases.ts';
import { connection, link } from '../app-state/connection.svelte.ts';
import { recorderOf, journalRecorder } from '../../session/logs/live.ts';
import { recordGuidedFlow } from '../../session/logs/flow-recorder.ts';
import { holdBusy } from '../app-state/busy.svelte.ts';
import { demo } from '../app-state/demo.svelte.ts';
import { acceleratedFlowClock } from '../../session/flows/clock.ts';
import { describerFromFunctions } from '../../session/link/port-role.ts';
import { browserPlatform } from '../../session/write/platform.ts';

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

/**
 * The selected modem's AT port, handed over from the console's connection to the flow. With
 * several modems connected, the fleet knows which port is whose; ports all look alike
 * (same VID:PID), so the label is only a fallback.
 */
async function takeAtPort(): Promise<SerialPort | null> {
  const { serial } = deviceApis();
  if (!serial || link.state.kind !== 'connected') return null;
  let port = connection.member?.port ?? null;
  if (!port) {
    const label = link.state.port;
    const ports = await serial.getPorts();
    const open = ports.filter((p) => p.readable !== null);
    port = open.length === 1 ? open[0]! : (ports.find((p) => serialPortLabel(p) === label) ?? null);
  }
  await connection.disconnect();
  return port;
}

/**
 * The Web Lock name for a module: its application-mode USB identity. WebSerial shows only
 * VID:PID, so two identical modules share a key (a second tab waits for either).
 */
function deviceKey(usb: { vendorId: number; productId: number } | null, model: string | null): string {
  const pair = usbPairFor(model, usb);
  const pid = usb && pair.app.includes(usb.productId) ? usb.productId : pair.app.length === 1 ? pair.app[0] : null;
  return pid === null || pid === undefined ? 'sierra-module' : `${hex4(pair.vendorId)}:${hex4(pid)}`;
}

export interface StartOptions {
  readonly kind: FlowKind;
  readonly image?: FlowImage | null;
  readonly targetCarrier?: string;
  readonly resume?: FlowRecord | null;
  readonly model?: string | null;
}

const DOWNLOAD_PHASES: readonly Phase[] = ['enter-download', 'wait-download', 'flash', 'wait-app', 'catch', 'tp1'];

export async function startFlow(o: StartOptions): Promise<void> {
  if (current) return;
  const { serial, usb } = deviceApis();
  if (!serial && !usb) return;
  flows.blocked = null;
  const model = link.state.kind === 'connected' ? link.state.identity.model : (o.model ?? null);
  // one session log across the hand-over of the port and the module's resets, in the selected
  // modem's own recorder when several modems are connected
  const member = connection.member;
  const memberKey = member?.key ?? null;
  const recorder = (member && recorderOf(member.connection)) ?? journalRecorder;
  const earlyLog = recorder.current;
  const releaseEarly = earlyLog?.hold() ?? (() => undefined);
  const atPort = o.kind === 'rescue' || o.resume ? null : await takeAtPort();
  const info = atPort?.getInfo();
  // The same lock name as a batch update (modem:<IMEI>), so the two exclude each other on one
  // module; without an identity (rescue, resume) the module's USB identity is all there is.
  const key = memberKey
    ? `modem:${memberKey}`
    : deviceKey(info?.usbVendorId !== undefined ? { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 } : (o.resume?.usb ?? null), model);
  const lock = await lockDevice(key, `${o.kind} — ${document.title}`);
  if (lock.kind === 'held') {
    flows.blocked = { holder: lock.holder };
    if (atPort) await connection.attach(atPort);
    releaseEarly();
    return;
  }
  last = { image: o.image ?? last.image, model: model ?? last.model };
  const bench = demo.bench;
  const flowJournal = earlyLog ?? recorder.begin(model ? { model } : {});
  const flow = new GuidedFlow({
    kind: o.kind,
    // On the virtual modem at `simSpeed`, the flow's waits speed up with the module's delays.
    env: {
      serial: serial!,
      usb,
      store,
      ...(demo.bench && demo.speed !== 1 ? { clock: acceleratedFlowClock(demo.speed) } : {}),
      // the write job records the write in this session and holds the page's guards while it writes
      journal: flowJournal,
      writePlatform: browserPlatform(),
      // the virtual modem's bench says which function each port is (a real browser cannot)
      ...(bench ? { describePort: describerFromFunctions((p) => bench.describe(p)?.function) } : {}),
    },
    atPort,
    image: o.image ?? null,
    ...(o.targetCarrier ? { targetCarrier: o.targetCarrier } : {}),
    resume: o.resume ?? null,
    model,
  });
  const log = flowJournal;
  const stopRecording = recordGuidedFlow(log, flow);
  const offSnapshot = flow.events.on('snapshot', (snap) => log.snapshot(snap));
  releaseEarly();
  current = flow;
  flows.resume = null;
  flows.log = [];
  flows.view = flow.state;
  flows.running = true;
  const releaseBusy = holdBusy(`flow:${o.kind}`);
  const wake: { release: (() => void) | null } = { release: null };
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (current && flows.view && DOWNLOAD_PHASES.includes(flows.view.phase) && flows.view.status !== 'done') {
      e.preventDefault();
      e.returnValue = '';
    }
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const offState = flow.events.on('state', (v) => {
    flows.view = v;
    const writingish = DOWNLOAD_PHASES.includes(v.phase) && (v.status === 'running' || v.status === 'needs-user');
    if (writingish && !wake.release) wake.release = holdWakeLock();
    if (!writingish && wake.release) {
      wake.release();
      wake.release = null;
    }
  });
  const offLog = flow.events.on('log', (l) => flows.log.push(l));
  try {
    const end = await flow.run();
    flows.view = end;
    if (end.status === 'done' && flow.finalPort && link.state.kind === 'idle') await connection.attach(flow.finalPort);
  } finally {
    offState();
    offLog();
    offSnapshot();
    stopRecording();
    wake.release?.();
    releaseBusy();
    window.removeEventListener('beforeunload', onBeforeUnload);
    lock.release();
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
