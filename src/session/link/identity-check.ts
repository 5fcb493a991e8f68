/**
 * Who is behind a serial port that just appeared: ATI over a short-lived connection, reduced to
 * the modem's key (IMEI, else FSN). Ports all look alike (same VID:PID), so this is how a batch
 * knows its module came back and not another one. A module that just booted may not answer at
 * once: it is asked again for a while.
 */
import { ModemConnection } from '../connection/modem-connection.ts';
import { modemKey, type ModemKey } from '../connection/modem-fleet.ts';
import { realFlowClock, sleep, type FlowClock } from '../flows/clock.ts';

export async function askModemKey(port: SerialPort, clock: FlowClock = realFlowClock, attempts = 20): Promise<ModemKey | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (port.readable === null) {
      const c = new ModemConnection();
      await c.attach(port, { identifyTimeoutMs: 1500 });
      const s = c.state;
      if (s.kind === 'connected') {
        await c.disconnect();
        return modemKey(s.identity);
      }
    }
    // still booting, or briefly gone during the boot: ask again
    await sleep(clock, 500);
  }
  return null;
}

/** The same question, asked once per port object and shared by every flow waiting on it. */
export class IdentityCache {
  readonly #asked = new WeakMap<SerialPort, Promise<ModemKey | null>>();
  constructor(readonly clock: FlowClock = realFlowClock) {}

  keyOf(port: SerialPort): Promise<ModemKey | null> {
    let p = this.#asked.get(port);
    if (!p) {
      p = askModemKey(port, this.clock);
      this.#asked.set(port, p);
      // an unanswered port may answer later: only a name is remembered
      void p.then((k) => k === null && this.#asked.delete(port));
    }
    return p;
  }
}
