/**
 * After the reset: what the module says it runs now, compared with what was written. The path
 * supplies how to reach the module's application port (a granted serial port, `--verify-port`,
 * the flow's link); this file reads it over AT and decides. Where no port can be reached the
 * outcome is "written, not verified", never "done".
 */
import { parseAti } from '../../codec/at/identity.ts';
import { decodeFirmwareVersion } from '../../knowledge/firmware/version-string.ts';
import type { ImageTarget } from '../../knowledge/compatibility.ts';
import { AtSession } from '../at/at-session.ts';
import { readCurrentCarrier } from '../at/current-carrier.ts';
import type { Transport } from '../../transport/transport.ts';

export interface ReadBackFacts {
  readonly model: string | null;
  /** `AA.BB.CC.DD` (decoded from the revision when only the whole string was read). */
  readonly firmwareVersion: string | null;
  readonly carrier: string | null;
  /** The revision as printed, for the journal. */
  readonly revision: string | null;
}

/**
 * The path's way to the module after its reset: resolves with the facts read over its AT port,
 * or null when no port could be reached in time (the module did not come back where this path
 * can see it). It must honour `signal` (the job's cancel and its own time limit).
 */
export type ReadBack = (signal: AbortSignal) => Promise<ReadBackFacts | null>;

export type Verification =
  | { readonly kind: 'verified'; readonly after: ReadBackFacts }
  /** The module came back with another version or carrier than the image: the write did not take. */
  | { readonly kind: 'mismatch'; readonly after: ReadBackFacts; readonly field: 'firmware' | 'carrier'; readonly expected: string; readonly found: string }
  /** No application port could be reached (no readBack on this path, or it did not come back). */
  | { readonly kind: 'not-verified'; readonly reason: 'no-port' | 'not-back' | 'silent' };

/** Compares the read-back with what the image declares (only what both sides say is compared). */
export function compareReadBack(declared: readonly ImageTarget[], after: ReadBackFacts): Verification {
  const fw = declared.map((d) => d.firmwareVersion).find((v): v is string => !!v) ?? null;
  const carrier = declared.map((d) => d.carrier).find((v): v is string => !!v) ?? null;
  if (fw && after.firmwareVersion && fw !== after.firmwareVersion) {
    return { kind: 'mismatch', after, field: 'firmware', expected: fw, found: after.firmwareVersion };
  }
  if (carrier && after.carrier && carrier.toUpperCase() !== after.carrier.toUpperCase()) {
    return { kind: 'mismatch', after, field: 'carrier', expected: carrier, found: after.carrier };
  }
  if (!after.firmwareVersion && !after.carrier) return { kind: 'not-verified', reason: 'silent' };
  return { kind: 'verified', after };
}

/**
 * Reads model, revision and carrier over an application-mode AT port. Sends bare `AT` until the
 * module answers (its AT server starts a moment after the port enumerates). Null when it never
 * answers before `signal`.
 */
export async function readFactsOver(transport: Transport, signal: AbortSignal, options: { firstAnswerMs?: number } = {}): Promise<ReadBackFacts | null> {
  const session = new AtSession(transport);
  const giveUpAt = Date.now() + (options.firstAnswerMs ?? Infinity);
  try {
    let answered = false;
    while (!signal.aborted && !answered && Date.now() < giveUpAt) {
      try {
        const r = await session.send('AT', { timeoutMs: 1000, signal });
        answered = r.final.kind === 'ok';
      } catch {
        if (signal.aborted || session.state !== 'open') return null;
      }
      if (!answered) await new Promise((r) => setTimeout(r, 300));
    }
    if (!answered) return null;
    const ati = await session.send('ATI', { timeoutMs: 5000, signal }).catch(() => null);
    const id = ati && ati.final.kind === 'ok' ? parseAti(ati.lines) : null;
    const revision = id?.revision?.full ?? null;
    const carrier = await readCurrentCarrier(session, { signal, timeoutMs: 5000 });
    return {
      model: id?.model ?? null,
      firmwareVersion: id?.revision?.version ?? (revision ? decodeFirmwareVersion(revision).firmware : null),
      carrier,
      revision,
    };
  } finally {
    await session.close().catch(() => undefined);
  }
}
