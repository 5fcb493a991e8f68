/**
 * The three flows as explicit transition tables. A phase either moves to its successor, waits
 * for the user, or fails into a state that names the phase "try again" re-enters.
 */
export type FlowKind = 'update' | 'carrier' | 'rescue';

export type Phase =
  | 'start'
  | 'check-image'
  | 'snapshot'
  | 'enter-download'
  | 'wait-download'
  | 'flash'
  | 'wait-app'
  | 'verify'
  | 'restore'
  | 'read-carrier'
  | 'set-carrier'
  | 'reset'
  | 'check'
  | 'watch'
  | 'catch'
  | 'tp1'
  | 'done';

export const TRANSITIONS: Readonly<Record<FlowKind, Partial<Record<Phase, Phase>>>> = {
  update: {
    start: 'check-image',
    'check-image': 'snapshot',
    snapshot: 'enter-download',
    'enter-download': 'wait-download',
    'wait-download': 'flash',
    flash: 'wait-app',
    'wait-app': 'verify',
    verify: 'restore',
    restore: 'done',
  },
  carrier: {
    start: 'read-carrier',
    'read-carrier': 'set-carrier',
    'set-carrier': 'reset',
    reset: 'wait-app',
    'wait-app': 'verify',
    verify: 'restore',
    restore: 'check',
    check: 'done',
  },
  rescue: {
    start: 'watch',
    watch: 'catch',
    catch: 'wait-download',
    tp1: 'wait-download',
    'wait-download': 'flash',
    flash: 'wait-app',
    'wait-app': 'verify',
    verify: 'done',
  },
};

/** The phases of a flow in order, for the UI's step list. */
export function phasesOf(kind: FlowKind): Phase[] {
  const out: Phase[] = [];
  let p: Phase | undefined = 'start';
  while (p && p !== 'done') {
    out.push(p);
    p = TRANSITIONS[kind][p];
  }
  if (kind === 'rescue') out.splice(out.indexOf('wait-download'), 0, 'tp1');
  return out.filter((x) => x !== 'start');
}
