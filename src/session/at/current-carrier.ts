/**
 * The carrier configuration a module runs now, asked the way the diagnosis asks it
 * (`AT!IMPREF?`, and `AT!GOBIIMPREF?` on modules that only know the older command). Both work
 * without `AT!ENTERCND` (at-knowledge §5), so reading it changes nothing on the module. The
 * image inspector compares it with the carrier an image carries before anything is written.
 */
import { parseImagePreference } from '../../codec/at/image-preference.ts';
import type { AtSession } from './at-session.ts';

const COMMANDS = ['AT!IMPREF?', 'AT!GOBIIMPREF?'] as const;

/** The current carrier name (e.g. `GENERIC`), or null when the module does not say. */
export async function readCurrentCarrier(session: AtSession, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string | null> {
  for (const command of COMMANDS) {
    try {
      const r = await session.send(command, { timeoutMs: options.timeoutMs ?? 5_000, ...(options.signal ? { signal: options.signal } : {}) });
      if (r.final.kind !== 'ok') continue;
      const carrier = parseImagePreference(r.lines)?.current.carrier ?? null;
      if (carrier) return carrier;
    } catch {
      // A timeout or a closed port: the comparison is skipped, the inspection still runs.
      return null;
    }
  }
  return null;
}
