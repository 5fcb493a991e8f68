/**
 * One modem's AT link, from "pick a port" to "identified". A small state machine the UI
 * subscribes to; it owns the transport and the AT session and tears both down together.
 */
import { Emitter } from '../../core/emitter.ts';
import { AtSession } from '../at/at-session.ts';
import { openWebSerial, serialPortLabel } from '../../transport/web-serial.ts';
import { fromPlatformError, isTransportError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { ConnectionError } from './connection-error.ts';
import { parseAti } from '../../codec/at/identity.ts';

/** Who the modem said it is (ATI), flattened to the strings the shell and logs need. */
export interface ModemIdentityLine {
  readonly manufacturer: string | null;
  readonly model: string | null;
  /** The revision string as printed, e.g. `SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54`. */
  readonly revision: string | null;
  readonly imei: string | null;
  /** Sierra's factory serial number; identifies a module when IMEI is hidden. */
  readonly fsn: string | null;
}

export type ConnectionState =
  | { readonly kind: 'idle'; readonly lastError: ConnectionError | null }
  | { readonly kind: 'choosing' }
  | { readonly kind: 'opening'; readonly port: string }
  /** The AT session exists from here on, so its first exchange (AT, ATI) can be logged too. */
  | { readonly kind: 'identifying'; readonly port: string; readonly session: AtSession }
  | {
      readonly kind: 'connected';
      readonly port: string;
      readonly identity: ModemIdentityLine;
      readonly session: AtSession;
      readonly transport: Transport;
    };

export interface ConnectionEvents extends Record<string, unknown> {
  state: ConnectionState;
}

export interface SerialPicker {
  requestPort(options?: SerialPortRequestOptions): Promise<SerialPort>;
}

export interface ConnectOptions {
  readonly filters?: SerialPortFilter[];
  /** A port already granted (getPorts()); skips the picker. */
  readonly port?: SerialPort;
  readonly identifyTimeoutMs?: number;
}

export class ModemConnection {
  readonly events = new Emitter<ConnectionEvents>();
  #state: ConnectionState = { kind: 'idle', lastError: null };

  get state(): ConnectionState {
    return this.#state;
  }

  #set(state: ConnectionState): void {
    this.#state = state;
    this.events.emit('state', state);
  }

  /**
   * Opens the picker (unless a port is given), opens the port, and asks the modem who it is.
   * A cancelled picker returns quietly to idle: it is not an error.
   */
  async connect(serial: SerialPicker, options: ConnectOptions = {}): Promise<void> {
    if (this.#state.kind !== 'idle') return;
    let port = options.port;
    if (!port) {
      this.#set({ kind: 'choosing' });
      try {
        port = await serial.requestPort(options.filters ? { filters: options.filters } : {});
      } catch (e) {
        const error = fromPlatformError(e, 'request');
        this.#set({
          kind: 'idle',
          lastError: error.code === 'picker-cancelled' ? null : asConnectionError(error),
        });
        return;
      }
    }
    await this.attach(port, options);
  }

  async attach(port: SerialPort, options: ConnectOptions = {}): Promise<void> {
    const label = serialPortLabel(port);
    this.#set({ kind: 'opening', port: label });
    let transport: Transport;
    try {
      transport = await openWebSerial(port);
    } catch (e) {
      this.#set({ kind: 'idle', lastError: asConnectionError(e) });
      return;
    }
    await this.#identify(transport, label, options.identifyTimeoutMs ?? 3000);
  }

  /** Adopts any transport (tests, Node): same identification and teardown. */
  async adopt(transport: Transport, options: ConnectOptions = {}): Promise<void> {
    await this.#identify(transport, transport.info.label, options.identifyTimeoutMs ?? 3000);
  }

  async #identify(transport: Transport, label: string, timeoutMs: number): Promise<void> {
    const session = new AtSession(transport);
    this.#set({ kind: 'identifying', port: label, session });
    void transport.ended.then((end) => {
      if (this.#state.kind === 'connected' && this.#state.transport === transport) {
        this.#set({
          kind: 'idle',
          lastError: end.reason === 'lost' ? new ConnectionError('device-lost', end.error.message, end.error.detail) : null,
        });
      }
    });
    try {
      // A bare AT first: it flushes any half-typed line and proves someone is listening.
      await session.send('AT', { timeoutMs });
      const ati = await session.send('ATI', { timeoutMs });
      const identity = parseIdentity(ati.lines);
      if (transport.state !== 'open') throw new ConnectionError('device-lost', 'The modem went away while identifying.');
      this.#set({ kind: 'connected', port: label, identity, session, transport });
    } catch (e) {
      await session.close().catch(() => undefined);
      await transport.close();
      const error =
        e instanceof ConnectionError
          ? e
          : isTransportError(e)
            ? asConnectionError(e)
            : new ConnectionError(
                'no-at-answer',
                'The port opened but the modem did not answer AT.',
                e instanceof Error ? e.message : String(e),
              );
      this.#set({ kind: 'idle', lastError: error });
    }
  }

  async disconnect(): Promise<void> {
    const s = this.#state;
    if (s.kind !== 'connected') return;
    this.#set({ kind: 'idle', lastError: null });
    await s.session.close().catch(() => undefined);
    await s.transport.close();
  }
}

function asConnectionError(e: unknown): ConnectionError {
  if (e instanceof ConnectionError) return e;
  const t = isTransportError(e) ? e : fromPlatformError(e, 'open');
  const code = t.code === 'picker-cancelled' || t.code === 'aborted' || t.code === 'closed' ? 'io' : t.code;
  return new ConnectionError(code, t.message, t.detail);
}

/** ATI on Sierra modules: `Manufacturer:`, `Model:`, `Revision:`, `IMEI:`, `FSN:` lines. */
export function parseIdentity(lines: readonly string[]): ModemIdentityLine {
  const ati = parseAti(lines);
  return {
    manufacturer: ati?.manufacturer ?? null,
    model: ati?.model ?? null,
    revision: ati?.revision?.full ?? null,
    imei: ati?.imei ?? null,
    fsn: ati?.fsn ?? null,
  };
}
