/**
 * "Connect another modem", answered every time. The fleet's own connect says nothing when the
 * chooser is closed, when the port picked belongs to a modem already connected (it just selects
 * that card, which with one modem on the desk looks like nothing happened), or when the browser
 * refuses to show the chooser; this wraps the chooser to learn which of those it was and keeps
 * one message for the strip to show, by key, so a language switch re-renders it.
 */
import type { FleetMember } from '../../session/connection/modem-fleet.ts';
import { maskIdentifier } from '../../session/connection/modem-fleet.ts';
import { deviceApis, DEVICE_FILTERS } from '../../platform/device-apis.ts';
import { fleet, link } from '../app-state/connection.svelte.ts';

export type AnotherKey =
  | 'another_cancelled'
  | 'another_already'
  | 'another_added'
  | 'another_failed'
  | 'another_busy'
  | 'another_noSerial'
  | 'another_refused';

export interface AnotherNote {
  readonly key: AnotherKey;
  readonly tone: 'ok' | 'info' | 'error';
  readonly params: Readonly<Record<string, string>>;
  /** Changes on every click, so a repeated answer is announced again. */
  readonly n: number;
}

export const another = $state<{ note: AnotherNote | null }>({ note: null });

let clicks = 0;
function answer(key: AnotherKey, tone: AnotherNote['tone'], params: Record<string, string> = {}): void {
  another.note = { key, tone, params, n: ++clicks };
}

function modemName(m: FleetMember): string {
  const id = m.identity;
  return `${id?.model ?? '?'} ${maskIdentifier(id?.imei ?? id?.fsn ?? null) ?? ''}`.trim();
}

const BUSY: ReadonlySet<string> = new Set(['choosing', 'opening', 'identifying']);

/** The click: the chooser, then exactly one answer (added, already connected, closed, refused, failed). */
export async function connectAnother(): Promise<void> {
  const { serial } = deviceApis();
  if (!serial) return answer('another_noSerial', 'error');
  if (BUSY.has(link.state.kind)) return answer('another_busy', 'info', { state: link.state.kind });
  another.note = null;
  const before = new Set(fleet.connected.map((m) => m.id));
  let pickError: unknown = null;
  let target: FleetMember | null = null;
  const picker = {
    requestPort: async (o?: SerialPortRequestOptions) => {
      // the fleet selected the member this connection goes into before asking for a port
      target = fleet.selected;
      try {
        return await serial.requestPort(o);
      } catch (e) {
        pickError = e;
        throw e;
      }
    },
  };
  let result: FleetMember | null = null;
  try {
    result = await fleet.connectAnother(picker, { filters: [...DEVICE_FILTERS] });
  } catch (e) {
    pickError ??= e;
  }
  if (pickError !== null) {
    const name = (pickError as { name?: string }).name;
    if (name === 'NotFoundError' || name === 'AbortError') return answer('another_cancelled', 'info');
    return answer('another_refused', 'error', { why: (pickError as Error).message ?? String(pickError) });
  }
  if (result && before.has(result.id)) return answer('another_already', 'info', { modem: modemName(result) });
  if (result && result.state.kind === 'connected') return answer('another_added', 'ok', { modem: modemName(result) });
  const t = target as FleetMember | null;
  const error = t && t.state.kind === 'idle' ? t.state.lastError : null;
  return answer(error ? 'another_failed' : 'another_cancelled', error ? 'error' : 'info');
}
