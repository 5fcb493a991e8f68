/**
 * The app's view of the modem connection: the session-layer state machine, mirrored into a
 * rune so components re-render on every transition. No protocol logic lives here.
 */
import { ModemConnection, type ConnectionState } from '../../session/connection/modem-connection.ts';
import { deviceApis, DEVICE_FILTERS } from '../../platform/device-apis.ts';
import { recordAppSessions } from '../../session/logs/live.ts';

export const connection = new ModemConnection();

export const link = $state<{ state: ConnectionState }>({ state: connection.state });
connection.events.on('state', (s) => (link.state = s));
// Every session is logged as it happens (IndexedDB, batched), for the Sessions page and exports.
recordAppSessions(connection);

export async function connectModem(): Promise<void> {
  const { serial } = deviceApis();
  if (!serial) return;
  await connection.connect(serial, { filters: [...DEVICE_FILTERS] });
}

export async function disconnectModem(): Promise<void> {
  await connection.disconnect();
}
