/**
 * Carries out a finding's fix over an AtSession: the command sequence in order, with the
 * ENTERCND unlock allowed when the action needs it. The user confirmed beforehand (the UI's
 * job); this module only refuses to run a writing action without that confirmation flag.
 *
 * A reset ends the session's port: an `AT!RESET` that gets OK, or whose port vanishes before
 * answering, both count as done.
 */
import type { FixAction } from '../../knowledge/rules/types.ts';
import { isAtError } from './errors.ts';
import type { AtResponse, AtSession } from './at-session.ts';

export type FixOutcome =
  | { readonly kind: 'done'; readonly responses: readonly AtResponse[]; readonly resetting: boolean }
  | { readonly kind: 'refused'; readonly command: string; readonly response: AtResponse; readonly responses: readonly AtResponse[] }
  | { readonly kind: 'failed'; readonly command: string; readonly error: string; readonly responses: readonly AtResponse[] };

export interface FixOptions {
  /** Must be true for actions that write (the user said yes). */
  readonly confirmed: boolean;
  readonly signal?: AbortSignal;
  readonly password?: string;
}

export class UnconfirmedFixError extends Error {
  override readonly name = 'UnconfirmedFixError';
}

export async function runFix(session: AtSession, action: FixAction, options: FixOptions): Promise<FixOutcome> {
  if (action.writes && !options.confirmed) throw new UnconfirmedFixError(`${action.id} writes to the modem and needs confirmation.`);
  const responses: AtResponse[] = [];
  for (const command of action.commands) {
    const isReset = /^AT!RESET$|^AT\+CFUN=1,1$/i.test(command);
    try {
      const r = await session.send(command, {
        signal: options.signal,
        unlock: action.needsUnlock ? (options.password ? { password: options.password } : true) : false,
      });
      responses.push(r);
      if (r.final.kind !== 'ok') return { kind: 'refused', command, response: r, responses };
    } catch (e) {
      if (isReset && isAtError(e) && (e.code === 'device-lost' || e.code === 'timeout')) return { kind: 'done', responses, resetting: true };
      return { kind: 'failed', command, error: isAtError(e) ? e.code : String(e), responses };
    }
  }
  return { kind: 'done', responses, resetting: action.resets };
}
