/**
 * The app's view of the modem connection: the session-layer state machine, mirrored into a
 * rune so components re-render on every transition. No protocol logic lives here.
 */
import { ModemConnection, type ConnectionState } from '../../session/connection/modem-connection.ts';
import { deviceApis, DEVICE_FILTERS } from '../../platform/device-apis.ts';

export const connection = new ModemConnection();

export const link = $state<{ state: ConnectionState }>({ state: connection.state });
connection.events.on('state', (s) => (link.state = s));

export async function connectModem(): Promise<void> {
  const { serial } = deviceApis();
  if (!serial) return;
  await connection.connect(serial, { filters: [...DEVICE_FILTERS] });
}

export async function disconnectModem(): Promise<void> {
  await connection.disconnect();
}
