/**
 * Starting a guided flow on the app's selected modem, with everything around it that is session
 * work rather than screen work: the AT port handed over from the console's connection to the
 * flow (and back when it ends), the per-module Web Lock (the same name as a batch on that
 * module, so the two exclude each other), the journal the flow records into (the modem's own
 * recorder when several are connected, held open across the module's resets), and — while the
 * module is off its application firmware — the wake lock and the leave-page warning. The write
 * itself holds the write job's guards. The UI store only mirrors the flow.
 *
 *   const launch = await launchFlow({ kind: 'update', image }, deps);
 *   if (launch.kind === 'started') { launch.flow.events.on('state', …); await launch.run(); }
 */
import { hex4, usbPairFor } from '../../knowledge/preflight/usb-identities.ts';
import { serialPortLabel } from '../../transport/web-serial.ts';
import type { ConnectionState } from '../connection/modem-connection.ts';
import type { FleetMember } from '../connection/modem-fleet.ts';
import type { PortDescriber } from '../link/port-role.ts';
import { recordGuidedFlow } from '../logs/flow-recorder.ts';
import type { JournalRecorder } from '../logs/recorder.ts';
import { NO_PLATFORM, type WritePlatform } from '../write/platform.ts';
import type { FlowClock } from './clock.ts';
import type { FlowImage } from './flow-image.ts';
import { GuidedFlow, type FlowView } from './guided-flow.ts';
import { holdWakeLock, lockDevice, type DeviceLock } from './guards.ts';
import type { FlowRecord, FlowStore } from './persistence.ts';
import type { FlowKind, Phase } from './phases.ts';

/** The app's "selected modem" (SelectedConnection) as far as a flow needs it. */
export interface FlowSelection {
  readonly state: ConnectionState;
  readonly member: FleetMember | null;
  disconnect(): Promise<void>;
  attach(port: SerialPort): Promise<void>;
}

export interface LaunchDeps {
  readonly serial: Serial;
  readonly usb: USB | null;
  readonly selection: FlowSelection;
  readonly store: FlowStore;
  /** The recorder of a modem's connection (live.ts recorderOf), and the app's own for the rest. */
  readonly recorderOf: (connection: object) => JournalRecorder | null;
  readonly recorder: JournalRecorder;
  /** What other tabs see holding the lock (the page title). */
  readonly label: string;
  readonly platform?: WritePlatform;
  readonly clock?: FlowClock;
  readonly describePort?: PortDescriber | null;
  readonly lock?: (key: string, label: string) => Promise<DeviceLock>;
}

export interface LaunchOptions {
  readonly kind: FlowKind;
  readonly image?: FlowImage | null;
  readonly targetCarrier?: string;
  readonly resume?: FlowRecord | null;
  readonly model?: string | null;
}

export type Launch =
  | { readonly kind: 'blocked'; readonly holder: string | null }
  /** `run()` runs the flow to its end (subscribe to `flow.events` first) and lets go of what the launch took. */
  | { readonly kind: 'started'; readonly flow: GuidedFlow; readonly model: string | null; run(): Promise<FlowView> };

/** Off the application firmware: a sleeping laptop or a closed tab would leave the module there. */
const DOWNLOAD_PHASES: readonly Phase[] = ['enter-download', 'wait-download', 'flash', 'wait-app', 'catch', 'tp1'];

/**
 * The selected modem's AT port, handed over from the console's connection to the flow. With
 * several modems connected, the fleet knows which port is whose; ports all look alike
 * (same VID:PID), so the label is only a fallback.
 */
async function takeAtPort(serial: Serial, selection: FlowSelection): Promise<SerialPort | null> {
  const s = selection.state;
  if (s.kind !== 'connected') return null;
  let port = selection.member?.port ?? null;
  if (!port) {
    const ports = await serial.getPorts();
    const open = ports.filter((p) => p.readable !== null);
    port = open.length === 1 ? open[0]! : (ports.find((p) => serialPortLabel(p) === s.port) ?? null);
  }
  await selection.disconnect();
  return port;
}

/**
 * The Web Lock name for a module without an identity: its application-mode USB identity.
 * WebSerial shows only VID:PID, so two identical modules share a key (a second tab waits for either).
 */
function deviceKey(usb: { vendorId: number; productId: number } | null, model: string | null): string {
  const pair = usbPairFor(model, usb);
  const pid = usb && pair.app.includes(usb.productId) ? usb.productId : pair.app.length === 1 ? pair.app[0] : null;
  return pid === null || pid === undefined ? 'sierra-module' : `${hex4(pair.vendorId)}:${hex4(pid)}`;
}

export async function launchFlow(o: LaunchOptions, deps: LaunchDeps): Promise<Launch> {
  const { selection } = deps;
  const model = selection.state.kind === 'connected' ? selection.state.identity.model : (o.model ?? null);
  // one journal across the hand-over of the port and the module's resets, in the selected
  // modem's own recorder when several modems are connected
  const member = selection.member;
  const memberKey = member?.key ?? null;
  const recorder = (member && deps.recorderOf(member.connection)) ?? deps.recorder;
  const earlyLog = recorder.current;
  const releaseEarly = earlyLog?.hold() ?? (() => undefined);
  const atPort = o.kind === 'rescue' || o.resume ? null : await takeAtPort(deps.serial, selection);
  const info = atPort?.getInfo();
  // The same lock name as a batch update (modem:<IMEI>), so the two exclude each other on one
  // module; without an identity (rescue, resume) the module's USB identity is all there is.
  const key = memberKey
    ? `modem:${memberKey}`
    : deviceKey(info?.usbVendorId !== undefined ? { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 } : (o.resume?.usb ?? null), model);
  const lock = await (deps.lock ?? lockDevice)(key, `${o.kind} — ${deps.label}`);
  if (lock.kind === 'held') {
    if (atPort) await selection.attach(atPort);
    releaseEarly();
    return { kind: 'blocked', holder: lock.holder };
  }
  const platform = deps.platform ?? NO_PLATFORM;
  const log = earlyLog ?? recorder.begin(model ? { model } : {});
  const flow = new GuidedFlow({
    kind: o.kind,
    env: {
      serial: deps.serial,
      usb: deps.usb,
      store: deps.store,
      journal: log,
      writePlatform: platform,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.describePort ? { describePort: deps.describePort } : {}),
    },
    atPort,
    image: o.image ?? null,
    ...(o.targetCarrier ? { targetCarrier: o.targetCarrier } : {}),
    resume: o.resume ?? null,
    model,
  });
  const stopRecording = recordGuidedFlow(log, flow);
  const offSnapshot = flow.events.on('snapshot', (snap) => log.snapshot(snap));
  releaseEarly();
  const stopGuards = guardOffFirmware(flow, platform);
  const run = async (): Promise<FlowView> => {
    try {
      const end = await flow.run();
      if (end.status === 'done' && flow.finalPort && selection.state.kind === 'idle') await selection.attach(flow.finalPort);
      return end;
    } finally {
      stopGuards();
      offSnapshot();
      stopRecording();
      lock.release();
    }
  };
  return { kind: 'started', flow, model, run };
}

/** The wake lock and the leave-page warning while the module is off its application firmware. */
function guardOffFirmware(flow: GuidedFlow, platform: WritePlatform): () => void {
  let releaseWake: (() => void) | null = null;
  const off = (v: FlowView) => DOWNLOAD_PHASES.includes(v.phase) && v.status !== 'done';
  const offUnload = platform.onBeforeUnload?.((e) => {
    if (flow.active && off(flow.state)) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  const offState = flow.events.on('state', (v) => {
    const held = DOWNLOAD_PHASES.includes(v.phase) && (v.status === 'running' || v.status === 'needs-user');
    if (held && !releaseWake) releaseWake = holdWakeLock({ wakeLock: platform.wakeLock, document: platform.document });
    if (!held && releaseWake) {
      releaseWake();
      releaseWake = null;
    }
  });
  return () => {
    offState();
    releaseWake?.();
    offUnload?.();
  };
}
