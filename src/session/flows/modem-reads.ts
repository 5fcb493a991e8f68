/**
 * The few facts the flows read and compare over AT: firmware, carrier images (preferred,
 * current, stored), APN profiles. Built from the same parsers as the diagnosis.
 */
import { parseAti } from '../../codec/at/identity.ts';
import { parseImagePreference, type ImagePreference } from '../../codec/at/image-preference.ts';
import { parseImageTable } from '../../codec/at/image-table.ts';
import { parseCgdcont, type PdpContext } from '../../codec/at/network.ts';
import type { AtSession } from '../at/at-session.ts';
import { isAtError } from '../at/errors.ts';
import type { FlowClock } from './clock.ts';
import { sleep } from './clock.ts';
import { FlowError } from './errors.ts';
import { l } from '../../text/localized.ts';

export interface ModemFacts {
  readonly model: string | null;
  readonly revision: string | null;
  readonly platform: string | null;
  readonly firmwareVersion: string | null;
  readonly imei: string | null;
  readonly impref: ImagePreference | null;
  /** Carrier packages stored on the module as `<fw>_<CARRIER>` (AT!IMAGE?). */
  readonly storedPris: readonly string[];
  readonly pdp: readonly PdpContext[];
}

async function lines(session: AtSession, command: string): Promise<readonly string[] | null> {
  try {
    const r = await session.send(command, { timeoutMs: 10_000 });
    return r.final.kind === 'ok' ? r.lines : null;
  } catch (e) {
    if (isAtError(e) && (e.code === 'timeout' || e.code === 'aborted')) return null;
    throw e;
  }
}

export async function readFacts(session: AtSession): Promise<ModemFacts> {
  const ati = parseAti((await lines(session, 'ATI')) ?? []);
  // 9x15 modules only know the Gobi-era query (as the diagnosis and readCurrentCarrier do)
  const impref = parseImagePreference((await lines(session, 'AT!IMPREF?')) ?? []) ?? parseImagePreference((await lines(session, 'AT!GOBIIMPREF?')) ?? []);
  const table = parseImageTable((await lines(session, 'AT!IMAGE?')) ?? []);
  const pdp = parseCgdcont((await lines(session, 'AT+CGDCONT?')) ?? []) ?? [];
  return {
    model: ati?.model ?? null,
    revision: ati?.revision?.full ?? null,
    platform: ati?.revision?.platform ?? null,
    firmwareVersion: ati?.revision?.version ?? impref?.current.fwVersion ?? null,
    imei: ati?.imei ?? null,
    impref,
    storedPris: (table?.slots ?? []).filter((s) => s.type === 'PRI' && s.buildId).map((s) => s.buildId!.toUpperCase()),
    pdp,
  };
}

/** Whether a carrier package for `carrier` is stored for firmware `fw`. */
export function hasCarrierPackage(facts: ModemFacts, carrier: string, fw: string | null): boolean {
  const c = carrier.toUpperCase();
  return facts.storedPris.some((id) => id.endsWith(`_${c}`) && (fw === null || id.startsWith(`${fw}_`)));
}

/**
 * Sends bare `AT` until the module answers (its AT server starts a moment after the port
 * enumerates and drops what arrives before). Throws `at-silent` after `limitMs` on `clock`.
 */
export async function waitForAtAnswer(session: AtSession, clock: FlowClock, limitMs: number, signal?: AbortSignal): Promise<void> {
  const start = clock.now();
  while (clock.now() - start < limitMs) {
    const ac = new AbortController();
    const onAbort = () => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = clock.setTimeout(() => ac.abort(new Error('probe')), 1000);
    try {
      const r = await session.send('AT', { signal: ac.signal, timeoutMs: 600_000 });
      if (r.final.kind === 'ok') return;
      await sleep(clock, 500, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      if (isAtError(e) && (e.code === 'device-lost' || e.code === 'closed')) throw new FlowError('at-silent', l('The AT port went away while waiting for an answer.', 'Le port AT a disparu pendant l’attente d’une réponse.'));
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
  throw new FlowError('at-silent', l(`The AT port did not answer within ${Math.round(limitMs / 1000)} s.`, `Le port AT n’a pas répondu en ${Math.round(limitMs / 1000)}\u00a0s.`));
}
