import type { PriImage } from './profiles/types.ts';

/**
 * What the module forgets on every reset: echo, error mode, radio function, the protected-
 * command unlock, URC settings, PDP contexts and the carrier configuration it booted with.
 */
export interface PdpContext {
  type: string;
  apn: string;
}

export interface SessionState {
  echo: boolean;
  cmee: 0 | 1 | 2;
  cfun: 0 | 1 | 4;
  unlocked: boolean;
  cregN: 0 | 1 | 2;
  ceregN: 0 | 1 | 2;
  contexts: Map<number, PdpContext>;
  /** cid → IPv4 address of an active context. */
  active: Map<number, string>;
  selrat: string;
  bandIndex: string;
  /** Carrier configuration loaded at this boot (null: none for the running firmware). */
  loadedPri: PriImage | null;
  /** Low-power-mode voters, as `AT!PCINFO?` prints them. */
  imswitchLpm: boolean;
  /** Clock time at which the module finishes (re)registering after boot, PIN or CFUN=1. */
  radioReadyAt: number;
  /** Clock time of the boot, for "Current Time" in `!GSTATUS?`. */
  bootedAt: number;
}

export function freshSession(now: number, cmee: 0 | 1 | 2): SessionState {
  return {
    echo: true,
    cmee,
    cfun: 1,
    unlocked: false,
    cregN: 0,
    ceregN: 0,
    contexts: new Map([
      [1, { type: 'IPV4V6', apn: '' }],
      [2, { type: 'IPV4V6', apn: 'ims' }],
    ]),
    active: new Map(),
    selrat: '00',
    bandIndex: '00',
    loadedPri: null,
    imswitchLpm: false,
    radioReadyAt: now,
    bootedAt: now,
  };
}
