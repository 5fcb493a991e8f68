/**
 * A flow written for one modem waits for "the application port" by VID:PID. With several look-
 * alike modules on the bus, the first RC7620 AT port it sees may be another member's. This view
 * of `navigator.serial` hides the ports other members hold open (they cannot be opened twice
 * anyway) and any port `hide` names; while `mustBeMine()` holds (the flow waits for its module
 * to come back), a port is shown only once `isMine(port)` — which asks the modem who it is —
 * says yes. Two flows waiting at once each get their own module, whatever order they return in.
 */
type Listener = EventListenerOrEventListenerObject;

export interface SerialScope {
  /** Ports this flow must never see (other members' ports). */
  readonly hide: (port: SerialPort) => boolean;
  /** The flow waits for its own module now: check ports before showing them. */
  readonly mustBeMine?: () => boolean;
  readonly isMine?: (port: SerialPort) => Promise<boolean>;
}

export function scopedSerial(serial: Serial, scope: SerialScope): Serial {
  const visible = (p: SerialPort) => p.readable === null && !scope.hide(p);
  const checked = async (p: SerialPort): Promise<boolean> => {
    if (scope.hide(p)) return false;
    if (!scope.isMine || !scope.mustBeMine?.()) return visible(p);
    // not `visible`: another flow's check may have the port open for its question right now
    return scope.isMine(p).catch(() => false);
  };
  const wrapped = new Map<string, Map<Listener, EventListener>>();
  const table = (type: string) => wrapped.get(type) ?? wrapped.set(type, new Map()).get(type)!;
  const scoped = {
    getPorts: async () => {
      const ports = await serial.getPorts();
      const ok = await Promise.all(ports.map(checked));
      return ports.filter((_, i) => ok[i]);
    },
    requestPort: (options?: SerialPortRequestOptions) => serial.requestPort(options),
    addEventListener(type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      if (!listener) return;
      const deliver = (ev: Event) => (typeof listener === 'function' ? listener(ev) : listener.handleEvent(ev));
      const fn: EventListener = (ev) => {
        if (type !== 'connect') return deliver(ev);
        const port = ev.target as SerialPort;
        if (!scope.isMine || !scope.mustBeMine?.()) return visible(port) ? deliver(ev) : undefined;
        if (scope.hide(port)) return;
        // the event is dispatched again to this listener alone once the modem said who it is
        const again = new Event('connect');
        void checked(port).then((mine) => {
          if (mine && table(type).get(listener) === fn) deliver(retarget(again, port));
        });
      };
      table(type).set(listener, fn);
      serial.addEventListener(type, fn, options);
    },
    removeEventListener(type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
      if (!listener) return;
      const fn = table(type).get(listener);
      if (!fn) return;
      table(type).delete(listener);
      serial.removeEventListener(type, fn, options);
    },
  };
  return scoped as unknown as Serial;
}

/** An event whose `target` is the port (a re-delivered event is not dispatched by anyone). */
function retarget(ev: Event, port: SerialPort): Event {
  Object.defineProperty(ev, 'target', { value: port });
  return ev;
}
