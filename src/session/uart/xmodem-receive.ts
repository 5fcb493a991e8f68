/**
 * Drives the XMODEM codec's receiver over a byte link: Boothold receiving a file (the interop
 * test feeds it from lrzsz's `sx -k`; a module could send a log this way). Payload goes to the
 * sink in order, exactly once.
 */
import { XmodemReceiver, type ReceiverStats, type XmodemReceiveFailure } from '../../codec/xmodem/index.ts';
import type { FlowClock } from '../flows/clock.ts';
import type { XmodemLink } from './xmodem-send.ts';

export type XmodemReceiveResult =
  | { readonly ok: true; readonly bytes: number; readonly stats: ReceiverStats }
  | { readonly ok: false; readonly code: XmodemReceiveFailure | 'cancelled'; readonly bytes: number; readonly stats: ReceiverStats };

export interface XmodemReceiveOptions {
  readonly clock: FlowClock;
  readonly expectedSize?: number;
  readonly signal?: AbortSignal;
}

export async function receiveXmodem(link: XmodemLink, sink: (bytes: Uint8Array) => void | Promise<void>, options: XmodemReceiveOptions): Promise<XmodemReceiveResult> {
  const rx = new XmodemReceiver(options.expectedSize !== undefined ? { expectedSize: options.expectedSize } : {});
  await link.write(rx.start());
  for (;;) {
    if (options.signal?.aborted) {
      await link.write(rx.cancel()).catch(() => undefined);
      return { ok: false, code: 'cancelled', bytes: rx.receivedBytes, stats: rx.stats };
    }
    const bytes = await link.read(rx.timeoutMs());
    const step = bytes === null ? rx.onTimeout() : rx.feed(bytes);
    for (const p of step.payloads) await sink(p);
    for (const s of step.send) await link.write(s);
    if (step.end) {
      return step.end.kind === 'done'
        ? { ok: true, bytes: rx.receivedBytes, stats: rx.stats }
        : { ok: false, code: step.end.code, bytes: rx.receivedBytes, stats: rx.stats };
    }
  }
}

/** A plain Transport as an XmodemLink (a tty with nothing else on it, e.g. lrzsz on a PTY). */
export function transportLink(t: { read(o?: { signal?: AbortSignal }): Promise<Uint8Array>; write(b: Uint8Array): Promise<void> }, clock: FlowClock): XmodemLink {
  let pending: Promise<Uint8Array> | null = null;
  return {
    write: (b) => t.write(b),
    read(timeoutMs) {
      pending ??= t.read();
      const p = pending;
      return new Promise((resolve, reject) => {
        const timer = clock.setTimeout(() => resolve(null), timeoutMs);
        p.then(
          (v) => {
            clock.clearTimeout(timer);
            if (pending === p) pending = null;
            resolve(v);
          },
          (e) => {
            clock.clearTimeout(timer);
            reject(e);
          },
        );
      });
    },
  };
}
