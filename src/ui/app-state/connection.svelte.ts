/**
 * The app's view of the modems: a session-layer fleet (one member per modem, keyed by IMEI,
 * else FSN), mirrored into runes so components re-render on every transition. `connection` and
 * `link` keep meaning "the selected modem" for every page written for one modem. No protocol
 * logic lives here.
 */
import { ModemFleet, type FleetMember } from '../../session/connection/modem-fleet.ts';
import type { ConnectionState } from '../../session/connection/modem-connection.ts';
import { deviceApis, DEVICE_FILTERS } from '../../platform/device-apis.ts';
import { recordModemSessions, startAppRecording } from '../../session/logs/live.ts';

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

/** Chrome's chooser → the modem's member (a new card, or the card it already has), selected. */
export async function connectModem(): Promise<void> {
  const { serial } = deviceApis();
  if (!serial) return;
  await fleet.connectAnother(serial, { filters: [...DEVICE_FILTERS] });
}

/** "Connect another modem": the same chooser; the fleet keeps the modems already connected. */
export const connectAnotherModem = connectModem;

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
