/**
 * The carrier switch: make the module prefer another carrier image it already stores
 * (AT!IMPREF), reset it, check it now runs that carrier, put back the APNs, and re-run the
 * check. Nothing is written to flash beyond the preference.
 *
 *   start → read-carrier → set-carrier → reset → wait-app → verify → restore → check
 */
import { runSnapshot } from '../at/snapshot.ts';
import { isAtError } from '../at/errors.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { sleep } from './clock.ts';
import { FlowError } from './errors.ts';
import type { FlowContext } from './flow-context.ts';
import type { VerifyReport } from './flow-types.ts';
import { hasCarrierPackage, readFacts } from './modem-reads.ts';
import type { Phase } from './phases.ts';
import type { FlowModule } from './runner.ts';
import { readModule, restoreApns, waitApp } from './shared-steps.ts';
import { l } from '../../text/localized.ts';

function target(ctx: FlowContext): string {
  return ctx.view.targetCarrier ?? 'GENERIC';
}

/** Already on the target (done, straight to the check), or the package must be on the module. */
async function readCarrier(ctx: FlowContext): Promise<Phase | void> {
  const before = ctx.view.before;
  const want = target(ctx);
  if (!before) return;
  if (before.impref?.current.carrier === want && before.impref.preferred.carrier === want && !before.impref.mismatches.length) {
    ctx.log(`already on ${want}`);
    const current = before.impref.current.carrier;
    ctx.patch({ after: before, verify: { expectedFirmware: null, firmware: before.firmwareVersion, expectedCarrier: want, carrier: current, preferredCarrier: current, ok: true } });
    return 'check';
  }
  if (!hasCarrierPackage(before, want, before.firmwareVersion)) {
    throw new FlowError('carrier-package-missing', l(`No ${want} carrier package for firmware ${before.firmwareVersion ?? '?'} on the module.`, `Aucun paquet opérateur ${want} pour le firmware ${before.firmwareVersion ?? '?'} sur le module.`), want);
  }
}

async function setCarrier(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  const want = target(ctx);
  const r = await session.send(`AT!IMPREF="${want}"`, { unlock: true, signal: ctx.signal });
  if (r.final.kind !== 'ok') throw new FlowError('impref-refused', l(`The module refused AT!IMPREF="${want}".`, `Le module a refusé AT!IMPREF="${want}".`), r.passwordGate === 'locked' ? 'password' : undefined);
  ctx.log(`preferred carrier set to ${want}${r.passwordGate === 'unlocked' ? ' (after AT!ENTERCND)' : ''}`);
}

async function reset(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  await ctx.link.rememberPresent();
  const r = await session.send('AT!RESET', { signal: ctx.signal }).catch((e: unknown) => {
    if (isAtError(e) && e.code === 'device-lost') return null;
    throw e;
  });
  if (r && r.final.kind !== 'ok') throw new FlowError('port-stayed', l('The module refused AT!RESET.', 'Le module a refusé AT!RESET.'));
  await ctx.portGone(session);
}

/** The module now runs and prefers the target carrier, with no mismatch left. */
async function verifyCarrier(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  const after = await readFacts(session);
  const want = ctx.view.targetCarrier;
  const current = after.impref?.current.carrier ?? null;
  const preferred = after.impref?.preferred.carrier ?? null;
  const report: VerifyReport = { expectedFirmware: null, firmware: after.firmwareVersion, expectedCarrier: want, carrier: current, preferredCarrier: preferred, ok: current === want && preferred === want && !after.impref?.mismatches.length };
  ctx.patch({ after, verify: report });
  if (!report.ok) throw new FlowError('carrier-not-applied', l(`After the reset the module runs ${current ?? '?'} (preferred ${preferred ?? '?'}).`, `Après le redémarrage, le module utilise ${current ?? '?'} (préféré\u202f: ${preferred ?? '?'}).`));
}

/** Re-runs the check (snapshot + rules) once the new carrier image is active. */
async function check(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  // the radio needs a moment after boot to register; the rules read registration state
  await sleep(ctx.clock, 8_000, ctx.signal);
  const snapshot = await runSnapshot(session, { signal: ctx.signal });
  const findings = evaluate({ snapshot, errors: [], signals: [] }).map((f) => ({ id: f.id, severity: f.severity, title: f.title }));
  ctx.patch({ findings });
  ctx.log(`check after the switch: ${findings.map((f) => f.id).join(', ') || 'no findings'}`);
}

export const carrierSwitchFlow: FlowModule<FlowContext> = {
  kind: 'carrier',
  phases: {
    start: readModule,
    'read-carrier': readCarrier,
    'set-carrier': setCarrier,
    reset,
    'wait-app': waitApp,
    verify: verifyCarrier,
    restore: restoreApns,
    check,
  },
};
