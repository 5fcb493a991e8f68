/**
 * Waiting for a module to come back after it left the bus. A granted port or device fires
 * `connect`; one that needs a new grant (download mode has no USB serial number, so Chrome's
 * grant does not survive the re-enumeration) never does, and only the user's pick in the
 * chooser — a user gesture — brings it in. Both paths end here, matched by identity and timing.
 */
import type { FlowClock } from '../flows/clock.ts';

export type WaitOutcome<T> = { readonly kind: 'found'; readonly device: T } | { readonly kind: 'timeout' } | { readonly kind: 'aborted' };

/**
 * Resolves with the first granted serial port matching `accept` that was not in `before`
 * (already connected ones are checked first), or `timeout` after `timeoutMs` on `clock`.
 */
export function waitForSerialPort(
  serial: Serial,
  accept: (port: SerialPort) => boolean,
  options: { readonly clock: FlowClock; readonly timeoutMs: number; readonly before?: ReadonlySet<SerialPort>; readonly signal?: AbortSignal },
): Promise<WaitOutcome<SerialPort>> {
  return waitFor<SerialPort>(
    (fn) => {
      const h = (ev: Event) => fn(ev.target as SerialPort);
      serial.addEventListener('connect', h);
      return () => serial.removeEventListener('connect', h);
    },
    () => serial.getPorts(),
    (p) => !options.before?.has(p) && accept(p),
    options,
  );
}

/** The same for WebUSB devices (a policy grant or a serial number makes `connect` fire). */
export function waitForUsbDevice(
  usb: USB,
  accept: (device: USBDevice) => boolean,
  options: { readonly clock: FlowClock; readonly timeoutMs: number; readonly before?: ReadonlySet<USBDevice>; readonly signal?: AbortSignal },
): Promise<WaitOutcome<USBDevice>> {
  return waitFor<USBDevice>(
    (fn) => {
      const h = (ev: Event) => fn((ev as USBConnectionEvent).device);
      usb.addEventListener('connect', h);
      return () => usb.removeEventListener('connect', h);
    },
    () => usb.getDevices(),
    (d) => !options.before?.has(d) && accept(d),
    options,
  );
}

function waitFor<T>(
  listen: (fn: (item: T) => void) => () => void,
  current: () => Promise<T[]>,
  ok: (item: T) => boolean,
  options: { readonly clock: FlowClock; readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<WaitOutcome<T>> {
  return new Promise((resolve) => {
    let done = false;
    let timer: unknown = null;
    let off: () => void = () => undefined;
    const finish = (o: WaitOutcome<T>) => {
      if (done) return;
      done = true;
      off();
      if (timer !== null) options.clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    off = listen((item) => {
      if (ok(item)) finish({ kind: 'found', device: item });
    });
    const onAbort = () => finish({ kind: 'aborted' });
    if (options.signal?.aborted) {
      finish({ kind: 'aborted' });
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    timer = options.clock.setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    void current().then(
      (items) => {
        const hit = items.find(ok);
        if (hit) finish({ kind: 'found', device: hit });
      },
      () => undefined,
    );
  });
}
