/**
 * The app's view of the modems: a session-layer fleet (one member per modem, keyed by IMEI,
 * else FSN), mirrored into runes so components re-render on every transition. `connection` and
 * `link` keep meaning "the selected modem" for every page written for one modem. No protocol
 * logic lives here.
 */
import { ModemFleet, type FleetMember } from '../../session/connection/modem-fleet.ts';
import type { ConnectionState } from '../../session/connection/modem-connection.ts';
import { deviceApis, DEVICE_FILTERS, onDeviceApisChange } from '../../platform/device-apis.ts';
import { recordModemSessions, startAppRecording } from '../../session/logs/live.ts';
import { ModuleStateMachine, type ModuleState } from '../../session/link/module-state.ts';
import { BusTimeline, type BusTimelineData } from '../../session/link/bus-timeline.ts';
import { isBusy } from './busy.svelte.ts';

export const fleet = new ModemFleet();

/** The selected modem, with ModemConnection's state/events/attach/disconnect. */
export const connection = fleet.selection;

export const link = $state<{ state: ConnectionState }>({ state: connection.state });
connection.events.on('state', (s) => (link.state = s));

/** One card's worth of a member (plain data, so the cards re-render on each change). */
export interface MemberView {
  readonly id: string;
  readonly key: string | null;
  readonly model: string | null;
  readonly revision: string | null;
  readonly imei: string | null;
  readonly fsn: string | null;
  readonly state: ConnectionState['kind'];
  readonly error: string | null;
  readonly selected: boolean;
}

export const fleetView = $state<{ members: MemberView[]; connected: number; selectedId: string | null }>({ members: [], connected: 0, selectedId: null });

function view(m: FleetMember): MemberView {
  const s = m.state;
  const id = s.kind === 'connected' ? s.identity : m.identity;
  return {
    id: m.id,
    key: m.key,
    model: id?.model ?? null,
    revision: id?.revision ?? null,
    imei: id?.imei ?? null,
    fsn: id?.fsn ?? null,
    state: s.kind,
    error: s.kind === 'idle' ? (s.lastError?.code ?? null) : null,
    selected: fleet.selected === m,
  };
}

fleet.events.on('change', (members) => {
  // a member shows as a card once the modem said who it is
  fleetView.members = members.filter((m) => m.key !== null).map(view);
  fleetView.connected = members.filter((m) => m.state.kind === 'connected').length;
  fleetView.selectedId = fleet.selected?.id ?? null;
});
// Every modem's sessions are logged as they happen (IndexedDB, batched), for the Sessions page and exports.
startAppRecording();
fleet.events.on('added', (m) => recordModemSessions(m.connection));

// ---- the module watcher ------------------------------------------------------------------
// The app follows the selected modem on the bus instead of leaving the user to guess: its own
// AT!RESET is expected (no red "went away"), a granted port coming back is reconnected without a
// chooser, a port that opens but does not answer yet is asked again while the module starts, and
// a port that comes and goes in seconds is named a boot loop with the rescue offered.

/** What the watcher tells the user now (ui/link/ModuleNotice.svelte words it). */
export type WatchNotice =
  /** The app sent AT!RESET (or AT!BOOTHOLD): the module left as asked; reconnecting when it is back. */
  | { readonly kind: 'resetting'; readonly command: string }
  /** A known port is back: opening it and waiting for AT. */
  | { readonly kind: 'reconnecting' }
  /** The port is open but the modem does not answer AT yet: asked again until `until`. */
  | { readonly kind: 'starting' }
  /** The chooser closed without a pick: the module may still be starting. */
  | { readonly kind: 'nothing-picked' }
  /** The port appeared and vanished after `upMs`: maybe a boot loop. */
  | { readonly kind: 'maybe-loop'; readonly upMs: number }
  /** Short appearances again and again: a boot loop. */
  | { readonly kind: 'loop'; readonly seen: number; readonly meanUpMs: number | null };

export const watcher = $state<{ notice: WatchNotice | null; state: ModuleState['kind']; bus: BusTimelineData | null; explained: unknown }>({
  notice: null,
  state: 'unknown',
  bus: null,
  /** The connection error a notice the user has read already explained (it does not come back as "went away"). */
  explained: null,
});

const machine = new ModuleStateMachine();
const timeline = new BusTimeline();
/** How long a port that opened keeps being asked for AT while the module starts. */
const STARTING_MS = 30_000;
/** How long the watcher reconnects a known port by itself after a reset or an empty chooser. */
const AUTO_RECONNECT_MS = 90_000;
let autoUntil = 0;
let attaching = false;
/** The modem answered (connected) during its current appearance: a healthy module, whatever its time up. */
let answeredThisTime = false;

function isModemPort(port: SerialPort): boolean {
  const id = port.getInfo().usbVendorId;
  return id !== undefined && DEVICE_FILTERS.some((f) => f.usbVendorId === id);
}

function sighted(kind: 'appeared' | 'vanished', at = Date.now()): ModuleState {
  if (kind === 'appeared' && !timeline.isUp('app')) answeredThisTime = false;
  if (kind === 'appeared') timeline.appeared('app', at);
  else timeline.vanished('app', at);
  const st = machine.feed({ type: kind, identity: 'app', at });
  watcher.state = st.kind;
  watcher.bus = timeline.data(at);
  return st;
}

/** The user closed the loop notice (or started the rescue): not said again until the modem answers. */
let loopHeard = false;

function say(notice: WatchNotice | null): void {
  if ((notice?.kind === 'loop' || notice?.kind === 'maybe-loop') && (loopHeard || isBusy())) return;
  watcher.notice = notice;
}

/** Connects a port that is this modem back (or new), asking AT again while the module starts. */
async function attachStarting(port: SerialPort): Promise<void> {
  if (attaching) return;
  attaching = true;
  try {
    const until = Date.now() + STARTING_MS;
    for (let first = true; ; first = false) {
      if (!first) say({ kind: 'starting' });
      const member = await fleet.attachPort(port);
      if (member?.state.kind === 'connected') {
        say(null);
        return;
      }
      const st = fleet.selection.state;
      const present = (await deviceApis().serial?.getPorts())?.includes(port) ?? false;
      // gone again: the bus watch says why (a loop, unplugged); no answer yet: it is still starting
      if (!present || Date.now() > until || !(st.kind === 'idle' && st.lastError?.code === 'no-at-answer')) {
        if (watcher.notice?.kind === 'starting' || watcher.notice?.kind === 'reconnecting') say(null);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    attaching = false;
  }
}

let watched: Serial | null = null;
let unwatch: () => void = () => undefined;

/** Listens to the current serial API (the virtual modem's replaces the browser's when it starts). */
function watchSerial(): void {
  const { serial } = deviceApis();
  if (serial === watched) return;
  unwatch();
  unwatch = () => undefined;
  watched = serial;
  if (!serial) return;
  const onConnect = (ev: Event) => {
    const port = ev.target as SerialPort;
    if (!isModemPort(port)) return;
    const st = sighted('appeared');
    if (st.kind === 'looping') say({ kind: 'loop', seen: st.seen, meanUpMs: st.meanUpMs });
    // a known modem back after its reset, or after a chooser that found nothing: reconnect without a chooser
    else if (Date.now() < autoUntil && !isBusy() && fleet.selection.state.kind !== 'connected') {
      autoUntil = 0;
      say({ kind: 'reconnecting' });
      void attachStarting(port);
    }
  };
  const onDisconnect = (ev: Event) => {
    const port = ev.target as SerialPort;
    if (!isModemPort(port)) return;
    const answered = answeredThisTime;
    const st = sighted('vanished');
    if (answered && st.kind !== 'resetting') return; // it was working: a plain "went away"
    if (st.kind === 'resetting') {
      autoUntil = Date.now() + AUTO_RECONNECT_MS;
      if (watcher.notice?.kind !== 'resetting') say({ kind: 'resetting', command: lastReset ?? 'AT!RESET' });
    } else if (st.kind === 'looping') say({ kind: 'loop', seen: st.seen, meanUpMs: st.meanUpMs });
    else if (st.kind === 'gone' && st.upMs !== null && st.upMs < 8_000 && !isBusy()) say({ kind: 'maybe-loop', upMs: st.upMs });
  };
  serial.addEventListener('connect', onConnect);
  serial.addEventListener('disconnect', onDisconnect);
  unwatch = () => {
    serial.removeEventListener('connect', onConnect);
    serial.removeEventListener('disconnect', onDisconnect);
  };
}

/** The last command that makes the module leave the bus, sent on the selected modem's own session. */
let lastReset: string | null = null;
const RESET = /^(AT!RESET|AT\+CFUN=1,1|AT!BOOTHOLD)\r?$/i;
let offTx: (() => void) | null = null;
let txSession: unknown = null;
connection.events.on('state', (s) => {
  if (s.kind === 'connected') {
    answeredThisTime = true;
    loopHeard = false;
    say(null);
  }
  // the selection may pass from idle straight to connected (it mirrors the fleet's changes)
  if ((s.kind === 'identifying' || s.kind === 'connected') && s.session !== txSession) {
    txSession = s.session;
    sighted('appeared'); // the port is up; the machine and the timeline take it once
    if (s.kind === 'connected') answeredThisTime = true;
    offTx?.();
    const decoder = new TextDecoder();
    offTx = s.session.events.on('tx', (t) => {
      const line = decoder.decode(t.bytes).trim();
      if (!RESET.test(line)) return;
      lastReset = line.toUpperCase();
      machine.feed({ type: 'expect-exit', why: /BOOTHOLD/i.test(line) ? 'boothold' : 'reset', at: Date.now() });
      // announced before the port goes: the notice is there the moment it does
      watcher.state = machine.state.kind;
    });
  }
});
watchSerial();
onDeviceApisChange(watchSerial);

/** "Rescue": the notice is gone once the user acts on it. */
export function dismissNotice(): void {
  if (watcher.notice?.kind === 'loop' || watcher.notice?.kind === 'maybe-loop') loopHeard = true;
  const s = fleet.selection.state;
  if (watcher.notice && s.kind === 'idle') watcher.explained = s.lastError;
  say(null);
}

/**
 * "Connect modem": while the module restarts as asked, nothing to choose — say so and let the
 * watcher reconnect it. Otherwise Chrome's chooser → the modem's member (a new card, or the card
 * it already has), selected; a chooser closed without a pick says what to do instead of nothing.
 */
export async function connectModem(): Promise<void> {
  const { serial } = deviceApis();
  if (!serial) return;
  if (watcher.notice?.kind === 'resetting' || watcher.notice?.kind === 'reconnecting' || watcher.notice?.kind === 'starting') {
    // the click answers: the notice stays on screen (and is announced again)
    const n = watcher.notice;
    say(null);
    queueMicrotask(() => say(n));
    return;
  }
  say(null);
  let picked: SerialPort | null = null;
  let closedEmpty = false;
  await fleet.connectAnother(
    {
      requestPort: async (o) => {
        try {
          picked = await serial.requestPort(o);
          return picked;
        } catch (e) {
          closedEmpty = e instanceof DOMException && e.name === 'NotFoundError';
          throw e;
        }
      },
    },
    { filters: [...DEVICE_FILTERS] },
  );
  const after = fleet.selection.state;
  const port: SerialPort | null = picked;
  if (after.kind === 'connected') return;
  if (closedEmpty) {
    // nothing picked: the module may still be starting; a modem this page knows reconnects by itself
    autoUntil = Date.now() + AUTO_RECONNECT_MS;
    say({ kind: 'nothing-picked' });
    return;
  }
  if (after.kind === 'idle' && port && after.lastError) {
    // picked while up: that appearance counts (the bus watch saw no connect for a port granted just now)
    const present = (await serial.getPorts()).includes(port);
    if (present && after.lastError.code === 'no-at-answer') {
      say({ kind: 'starting' });
      void attachStarting(port);
    }
  }
}

// A port granted in the chooser was up when picked: the watcher counts that appearance (the bus
// watch saw no connect for it). The machine and the timeline take a port already up once.
connection.events.on('state', (s) => {
  if (s.kind === 'opening') sighted('appeared');
});

export async function disconnectModem(): Promise<void> {
  await connection.disconnect();
}

export function selectModem(id: string): void {
  fleet.select(id);
}

export async function disconnectMember(id: string): Promise<void> {
  await fleet.disconnect(id);
}

export async function removeMember(id: string): Promise<void> {
  await fleet.remove(id);
}
