import type { PriImage } from './profiles/types.ts';

/**
 * What the module forgets on every reset: echo, error mode, radio function, the protected-
 * command unlock, URC settings, PDP contexts and the carrier configuration it booted with.
 */
export interface PdpContext {
  type: string;
  apn: string;
}

/**
 * The V.250 settings `AT&W` saves and `ATZ` restores (the "user profile"): they survive a
 * reset, unlike the rest of the session. `AT&F` goes back to the factory values.
 */
export interface StoredAtProfile {
  readonly echo: boolean;
  /** ATV1: verbose result codes; ATV0: numeric. */
  readonly verbose: boolean;
  /** ATQ1: no result codes at all. */
  readonly quiet: boolean;
  /** AT&C: 0 DCD always on, 1 DCD follows the carrier. */
  readonly dcd: 0 | 1;
  /** AT&D: what a DTR drop does (0 ignore, 1 command mode, 2 hang up). */
  readonly dtr: 0 | 1 | 2;
  /** S-registers by number (S0 auto-answer rings, S3 CR, S4 LF, S5 BS, S7, S8, S10). */
  readonly sregs: Readonly<Record<number, number>>;
}

export const FACTORY_AT_PROFILE: StoredAtProfile = {
  echo: true,
  verbose: true,
  quiet: false,
  dcd: 1,
  dtr: 2,
  sregs: { 0: 0, 3: 13, 4: 10, 5: 8, 6: 2, 7: 50, 8: 2, 10: 14 },
};

export interface VolatileState {
  echo: boolean;
  verbose: boolean;
  quiet: boolean;
  dcd: 0 | 1;
  dtr: 0 | 1 | 2;
  sregs: Record<number, number>;
  cmee: 0 | 1 | 2;
  cfun: 0 | 1 | 4;
  unlocked: boolean;
  cregN: 0 | 1 | 2;
  cgregN: 0 | 1 | 2;
  ceregN: 0 | 1 | 2;
  /** +CSCS character set, +CMGF SMS format (0 PDU, 1 text), +CNMI routing, +CPMS memories. */
  cscs: string;
  cmgf: 0 | 1;
  cnmi: readonly number[];
  cpms: readonly [string, string, string];
  /** +CPBS: the phonebook storage selected. */
  cpbs: string;
  /** +IFC (DCE by DTE, DTE by DCE) and +IPR (0 = autobaud): accepted and reported, no effect on USB. */
  ifc: readonly [number, number];
  ipr: number;
  /** +COPS=3,<format>: 0 long name, 1 short name, 2 numeric MCC+MNC. */
  copsFormat: 0 | 1 | 2;
  /** +CMER indicator reporting on (`+CIEV` URCs would follow; the simulator sends none). */
  cmer: readonly number[];
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

/** Applies a stored (or factory) profile to the live settings, as ATZ / AT&F do. */
export function applyAtProfile(s: VolatileState, p: StoredAtProfile): void {
  s.echo = p.echo;
  s.verbose = p.verbose;
  s.quiet = p.quiet;
  s.dcd = p.dcd;
  s.dtr = p.dtr;
  s.sregs = { ...p.sregs };
}

export function storedProfileOf(s: VolatileState): StoredAtProfile {
  return { echo: s.echo, verbose: s.verbose, quiet: s.quiet, dcd: s.dcd, dtr: s.dtr, sregs: { ...s.sregs } };
}

export function freshVolatileState(now: number, cmee: 0 | 1 | 2, stored: StoredAtProfile = FACTORY_AT_PROFILE): VolatileState {
  const s: VolatileState = {
    echo: true,
    verbose: true,
    quiet: false,
    dcd: 1,
    dtr: 2,
    sregs: {},
    cmee,
    cfun: 1,
    unlocked: false,
    cregN: 0,
    cgregN: 0,
    ceregN: 0,
    cscs: 'IRA',
    cmgf: 0,
    cnmi: [1, 0, 0, 0, 0],
    cpms: ['SM', 'SM', 'SM'],
    cpbs: 'SM',
    ifc: [2, 2],
    ipr: 115200,
    copsFormat: 0,
    cmer: [0, 0, 0, 0, 0],
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
  applyAtProfile(s, stored);
  return s;
}
