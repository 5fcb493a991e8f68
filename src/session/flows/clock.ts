/**
 * Time for the flows. The app uses the real clock; unit tests pass the virtual modem's
 * VirtualClock (same shape) so a 120-second wait for a device is tested without waiting.
 */
export interface FlowClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const realFlowClock: FlowClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
};

/**
 * Real time whose waits run `speed` times faster: the virtual modem's `simSpeed` shortens its
 * boots and resets, and the flows' timeouts shrink with them, so a 120 s "no device" case takes
 * 6 s at speed 20. `now()` stays the wall clock, so log times and durations remain true.
 */
export function acceleratedFlowClock(speed: number): FlowClock {
  if (!(speed > 0)) throw new RangeError('The speed must be positive.');
  return { ...realFlowClock, setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms) / speed) };
}

/** Resolves after `ms` on `clock`; rejects with the signal's reason when aborted. */
export function sleep(clock: FlowClock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(id);
      reject(signal?.reason);
    };
    const id = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
