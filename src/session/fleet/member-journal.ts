/**
 * The journal a fleet member's work goes into: its own recorder's current session (each
 * connected modem records its own sessions, live.ts), begun with what the modem said it is when
 * none is open, so a batch's steps land in that modem's log and nowhere else.
 */
import type { FleetMember } from '../connection/modem-fleet.ts';
import type { Journal } from '../logs/journal.ts';
import { recorderOf } from '../logs/live.ts';

export function journalOfMember(member: FleetMember): Journal | null {
  const r = recorderOf(member.connection);
  if (!r) return null;
  const id = member.identity;
  return r.current ?? r.begin({ ...(id?.model ? { model: id.model } : {}), ...(id?.imei ? { imei: id.imei } : {}) });
}
