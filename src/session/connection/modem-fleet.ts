/**
 * Several modems at once. A serial port says only VID:PID — two RC7620s look alike, and the
 * same module comes back as a new port object after a reset — so a member is bound to what the
 * modem says about itself over AT: its IMEI, else its FSN. A connection that identifies as a
 * module the fleet already knows reattaches to that member (same card, same logs, same lock)
 * instead of creating a second one.
 *
 *   const fleet = new ModemFleet();
 *   await fleet.connectAnother(navigator.serial);   // picker → open → ATI → member
 *   fleet.select(member.id); await fleet.remove(member.id);
 *   fleet.selection                                  // "the selected modem" as one ModemConnection-like object
 */
import { Emitter } from '../../core/emitter.ts';
import { serialPortLabel } from '../../transport/web-serial.ts';
import {
  ModemConnection,
  type ConnectOptions,
  type ConnectionEvents,
  type ConnectionState,
  type ModemIdentityLine,
  type SerialPicker,
} from './modem-connection.ts';
import { maskDeviceId } from '../../codec/at/redact.ts';

/** `imei:<15 digits>` or `fsn:<serial>`; null when the modem gave neither. */
export type ModemKey = `imei:${string}` | `fsn:${string}`;

export function modemKey(identity: Pick<ModemIdentityLine, 'imei' | 'fsn'>): ModemKey | null {
  const imei = identity.imei?.trim();
  if (imei) return `imei:${imei}`;
  const fsn = identity.fsn?.trim();
  return fsn ? `fsn:${fsn}` : null;
}

/**
 * An IMEI or FSN as cards show it (screens get photographed): Boothold's one masking style, the
 * same as the identity panel and exports — the last four stay (they are on the module's label), the rest is `•`.
 */
export function maskIdentifier(value: string | null): string | null {
  if (!value) return null;
  return maskDeviceId(value);
}

export class FleetMember {
  /** Stable for the member's life (cards, DOM ids); the key may arrive later. */
  readonly id: string;
  readonly connection = new ModemConnection();
  #key: ModemKey | null = null;
  #identity: ModemIdentityLine | null = null;
  #port: SerialPort | null = null;

  constructor(id: string) {
    this.id = id;
  }

  /** IMEI (else FSN) once the modem has answered ATI. */
  get key(): ModemKey | null {
    return this.#key;
  }
  /** The last identity the modem gave (kept while it is away, e.g. during a reset). */
  get identity(): ModemIdentityLine | null {
    return this.#identity;
  }
  /** The AT port the member was last attached through (null when adopted from a transport). */
  get port(): SerialPort | null {
    return this.#port;
  }
  get state(): ConnectionState {
    return this.connection.state;
  }

  /** @internal the fleet records what it learnt */
  bind(identity: ModemIdentityLine, key: ModemKey | null): void {
    this.#identity = identity;
    this.#key = key;
  }
  /** @internal */
  setPort(port: SerialPort | null): void {
    this.#port = port;
  }
}

export interface FleetEvents extends Record<string, unknown> {
  /** Any change to the list, a member's state, or the selection. */
  change: readonly FleetMember[];
  /** A member was created (the app starts recording its sessions). */
  added: FleetMember;
  removed: FleetMember;
  /** A connection identified as a member already known: it went back to that member. */
  reattached: FleetMember;
  selected: FleetMember | null;
}

export class ModemFleet {
  readonly events = new Emitter<FleetEvents>();
  /** The selected member seen as one connection (what every single-modem page reads). */
  readonly selection: SelectedConnection;
  readonly #members: FleetMember[] = [];
  readonly #offs = new Map<FleetMember, () => void>();
  #selected: FleetMember | null = null;
  #count = 0;

  constructor() {
    this.selection = new SelectedConnection(this);
  }

  get members(): readonly FleetMember[] {
    return this.#members;
  }

  get selected(): FleetMember | null {
    return this.#selected;
  }

  /** Members whose modem is connected now. */
  get connected(): readonly FleetMember[] {
    return this.#members.filter((m) => m.state.kind === 'connected');
  }

  get(id: string): FleetMember | null {
    return this.#members.find((m) => m.id === id) ?? null;
  }

  byKey(key: ModemKey): FleetMember | null {
    return this.#members.find((m) => m.key === key) ?? null;
  }

  select(id: string | null): void {
    const m = id === null ? null : this.get(id);
    if (id !== null && !m) return;
    if (m === this.#selected) return;
    this.#selected = m;
    this.events.emit('selected', m);
    this.#changed();
  }

  /**
   * Asks the picker for a port and connects it: a new member, or the member that modem already
   * has. A cancelled picker changes nothing. Resolves with the member now holding the modem.
   */
  async connectAnother(serial: SerialPicker, options: ConnectOptions = {}): Promise<FleetMember | null> {
    if (options.port) return this.attachPort(options.port, options);
    const target = this.#blank();
    this.select(target.id);
    let owner: FleetMember | null = null;
    const picker: SerialPicker = {
      requestPort: async (o) => {
        const port = await serial.requestPort(o);
        owner = this.#members.find((m) => m !== target && m.port === port && m.state.kind !== 'idle') ?? null;
        // picking a modem that is already connected selects it: nothing to open
        if (owner) throw new DOMException('Already connected.', 'NotFoundError');
        target.setPort(port);
        return port;
      },
    };
    await target.connection.connect(picker, options);
    if (owner) {
      const o: FleetMember = owner;
      this.#afterFailure(target);
      this.select(o.id);
      return o;
    }
    return this.#settle(target);
  }

  /** Connects a port already granted (getPorts(), a flow's final port). */
  async attachPort(port: SerialPort, options: ConnectOptions = {}, into?: FleetMember): Promise<FleetMember | null> {
    const owner = this.#members.find((m) => m.port === port && m.state.kind !== 'idle');
    if (owner) {
      if (into && into !== owner && into.key === null) this.#drop(into);
      this.select(owner.id);
      return owner;
    }
    const target = into ?? this.#blank();
    target.setPort(port);
    await target.connection.attach(port, options);
    return this.#settle(target);
  }

  /** Adopts a transport (Node, tests): same identification and keying. */
  async adopt(transport: Parameters<ModemConnection['adopt']>[0], options: ConnectOptions = {}): Promise<FleetMember | null> {
    const target = this.#blank();
    target.setPort(null);
    await target.connection.adopt(transport, options);
    return this.#settle(target);
  }

  /** Disconnects a member and forgets it. */
  async remove(id: string): Promise<void> {
    const m = this.get(id);
    if (!m) return;
    await m.connection.disconnect();
    this.#drop(m);
  }

  /** Disconnects a member but keeps its card (it reattaches when it is connected again). */
  async disconnect(id: string): Promise<void> {
    await this.get(id)?.connection.disconnect();
  }

  /** After connect/attach: bind the identity, or hand the port to the member that modem already is. */
  async #settle(target: FleetMember): Promise<FleetMember | null> {
    const s = target.state;
    if (s.kind !== 'connected') return this.#afterFailure(target);
    const key = modemKey(s.identity);
    const known = key ? this.byKey(key) : null;
    if (!known || known === target) {
      target.bind(s.identity, key);
      this.#changed();
      return target;
    }
    // the same module again (reset, re-enumeration, picked twice): it belongs to `known`
    const port = target.port;
    await target.connection.disconnect();
    if (target.key === null) this.#drop(target);
    if (known.state.kind !== 'idle' || !port) {
      this.select(known.id);
      return known;
    }
    known.setPort(port);
    this.select(known.id);
    await known.connection.attach(port);
    const after = stateOf(known);
    if (after.kind === 'connected') known.bind(after.identity, modemKey(after.identity) ?? key);
    this.events.emit('reattached', known);
    this.#changed();
    return known;
  }

  /** A connection that never identified leaves no card; the selection goes back to a real member. */
  #afterFailure(target: FleetMember): null {
    if (target.key === null && this.#members.length > 1) {
      const error = target.state.kind === 'idle' ? target.state.lastError : null;
      this.#drop(target);
      if (error) this.selection.showError(error);
    }
    return null;
  }

  /** The member a new connection starts in: the one blank member (never identified), or a new one. */
  #blank(): FleetMember {
    const free = this.#members.find((m) => m.key === null && m.state.kind === 'idle');
    if (free) return free;
    const m = new FleetMember(`modem-${++this.#count}`);
    this.#members.push(m);
    this.#offs.set(
      m,
      m.connection.events.on('state', (s) => {
        if (s.kind === 'connected' && m.key !== null) {
          const key = modemKey(s.identity);
          if (key === m.key) m.bind(s.identity, key);
        }
        this.#changed();
      }),
    );
    this.events.emit('added', m);
    this.#changed();
    return m;
  }

  #drop(m: FleetMember): void {
    const i = this.#members.indexOf(m);
    if (i < 0) return;
    this.#members.splice(i, 1);
    this.#offs.get(m)?.();
    this.#offs.delete(m);
    if (this.#selected === m) {
      this.#selected = this.connected[0] ?? this.#members[0] ?? null;
      this.events.emit('selected', this.#selected);
    }
    this.events.emit('removed', m);
    this.#changed();
  }

  #changed(): void {
    this.events.emit('change', this.#members);
  }
}

/**
 * "The selected modem" with ModemConnection's face (state, events, connect, attach, disconnect),
 * so the pages and flows written for one modem keep working: they talk to whichever member is
 * selected, and see its state change when the selection changes.
 */
export class SelectedConnection {
  readonly events = new Emitter<ConnectionEvents>();
  readonly #fleet: ModemFleet;
  #state: ConnectionState = { kind: 'idle', lastError: null };

  constructor(fleet: ModemFleet) {
    this.#fleet = fleet;
    fleet.events.on('change', () => this.#sync());
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The selected member's connection, if any. */
  get member(): FleetMember | null {
    return this.#fleet.selected;
  }

  /** Picker → the member for that modem (new or reattached), which becomes selected. */
  async connect(serial: SerialPicker, options: ConnectOptions = {}): Promise<void> {
    await this.#fleet.connectAnother(serial, options);
  }

  /** A port handed back (e.g. by a finished flow): its modem's member, selected. */
  async attach(port: SerialPort, options: ConnectOptions = {}): Promise<void> {
    const m = this.#fleet.selected;
    const into = m && m.state.kind === 'idle' ? m : undefined;
    await this.#fleet.attachPort(port, options, into);
  }

  async disconnect(): Promise<void> {
    await this.#fleet.selected?.connection.disconnect();
  }

  /** @internal a failed connection whose blank member was dropped: keep its error on screen. */
  showError(error: Extract<ConnectionState, { kind: 'idle' }>['lastError']): void {
    if (this.#fleet.selected?.state.kind === 'connected') return;
    this.#emit({ kind: 'idle', lastError: error });
  }

  #sync(): void {
    const s = this.#fleet.selected?.state ?? { kind: 'idle', lastError: null };
    if (s !== this.#state) this.#emit(s);
  }

  #emit(s: ConnectionState): void {
    this.#state = s;
    this.events.emit('state', s);
  }
}

/** The label a member's port shows (for cards). */
export function memberPortLabel(m: FleetMember): string | null {
  const s = m.state;
  if (s.kind === 'opening' || s.kind === 'identifying' || s.kind === 'connected') return s.port;
  return m.port ? serialPortLabel(m.port) : null;
}

/** Read through a call so the compiler does not carry an earlier narrowing across an await. */
function stateOf(m: FleetMember): ConnectionState {
  return m.state;
}
