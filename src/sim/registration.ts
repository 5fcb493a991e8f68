import { carrierSuits, type RadioEnvironment, type SimCard } from './network.ts';
import type { VolatileState } from './volatile-state.ts';

/** 27.007 registration status: 0 not searching, 1 home, 2 searching, 3 denied, 5 roaming. */
export type RegStat = 0 | 1 | 2 | 3 | 5;

export interface Registration {
  /** `+CREG` (circuit-switched / combined). */
  readonly creg: RegStat;
  /** `+CEREG` (EPS). */
  readonly cereg: RegStat;
  /** A cell of the operator is selected: `+COPS?` names it, `+CSQ` measures it. */
  readonly camped: boolean;
  /** Packet-switched attach done: data calls can work. */
  readonly attached: boolean;
  /** Why not, for the virtual modem panel. */
  readonly note: string;
}

/**
 * The module's registration as a function of its state. A carrier configuration that does not
 * hold the SIM operator's settings leaves it camped (the operator shows in +COPS and +CREG)
 * but never attached for data (EMM deregistered, +CEREG searching) — the seed's first modem.
 */
export function computeRegistration(now: number, s: VolatileState, sim: SimCard, radio: RadioEnvironment): Registration {
  if (s.imswitchLpm) return { creg: 0, cereg: 0, camped: false, attached: false, note: 'low power mode (image preference mismatch)' };
  if (s.cfun !== 1) return { creg: 0, cereg: 0, camped: false, attached: false, note: `radio off (CFUN=${s.cfun})` };
  if (sim.status !== 'ready') return { creg: 0, cereg: 0, camped: false, attached: false, note: `SIM ${sim.status}` };
  if (!radio.coverage) return { creg: 2, cereg: 2, camped: false, attached: false, note: 'no signal' };
  if (now < s.radioReadyAt) return { creg: 2, cereg: 2, camped: false, attached: false, note: 'searching' };
  const home = radio.operator.mcc === sim.home.mcc && radio.operator.mnc === sim.home.mnc;
  const stat: RegStat = home ? 1 : 5;
  const carrier = s.loadedPri?.carrier ?? 'NONE';
  if (!carrierSuits(carrier, sim)) {
    return { creg: stat, cereg: 2, camped: true, attached: false, note: `${carrier} carrier configuration does not suit ${sim.home.name}: attach keeps failing` };
  }
  return { creg: stat, cereg: stat, camped: true, attached: true, note: home ? 'registered, home network' : 'registered, roaming' };
}
