/**
 * Records the app's modem connection: a session starts when a port is being opened, takes the
 * identity the modem gave, follows the AT session while connected and ends on disconnect or
 * loss (unless a flow holds it open across the modem's reset).
 */
import type { ConnectionState, ModemConnection } from '../connection/modem-connection.ts';
import { recordAtSession } from './at-recorder.ts';
import type { JournalRecorder } from './recorder.ts';

export function recordConnection(recorder: JournalRecorder, connection: Pick<ModemConnection, 'events' | 'state'>): () => void {
  let detachAt: (() => void) | null = null;
  let previous: ConnectionState['kind'] = connection.state.kind;
  let port: string | null = null;

  const onState = (s: ConnectionState): void => {
    const was = previous;
    previous = s.kind;
    switch (s.kind) {
      case 'choosing':
        return;
      case 'opening':
      case 'identifying': {
        port = s.port;
        const log = recorder.begin({ port: s.port });
        log.append({ kind: 'connection', phase: s.kind, port: s.port });
        if (s.kind === 'identifying') {
          detachAt?.();
          detachAt = recordAtSession(log, s.session, { reportLoss: false });
        }
        return;
      }
      case 'connected': {
        port = s.port;
        const log = recorder.begin({ port: s.port });
        log.device({
          port: s.port,
          ...(s.identity.manufacturer ? { manufacturer: s.identity.manufacturer } : {}),
          ...(s.identity.model ? { model: s.identity.model } : {}),
          ...(s.identity.revision ? { firmware: s.identity.revision } : {}),
          ...(s.identity.imei ? { imei: s.identity.imei } : {}),
        });
        log.append({ kind: 'connection', phase: 'connected', port: s.port });
        // Same AT session as while identifying: keep recording it rather than attach twice.
        if (!detachAt) detachAt = recordAtSession(log, s.session, { reportLoss: false });
        return;
      }
      case 'idle': {
        const log = recorder.current;
        detachAt?.();
        detachAt = null;
        if (!log || was === 'idle' || was === 'choosing') return;
        const err = s.lastError;
        if (err) {
          log.error('connection', err.code, err.message, err.detail);
          log.append({ kind: 'connection', phase: was === 'connected' ? 'lost' : 'failed', port });
        } else {
          log.append({ kind: 'connection', phase: 'disconnected', port });
        }
        recorder.endCurrent({ connected: false });
        return;
      }
    }
  };
  const off = connection.events.on('state', onState);
  return () => {
    off();
    detachAt?.();
  };
}
