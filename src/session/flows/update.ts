/**
 * The guided update: read the module, check the image against it, keep a snapshot (firmware,
 * carrier, APNs), send it to download mode, write the image, wait for it back, check it runs
 * what the image holds, and put back the APN profiles.
 *
 *   start → check-image → snapshot → enter-download → wait-download → flash → wait-app → verify → restore
 */
import { runSnapshot } from '../at/snapshot.ts';
import { isAtError } from '../at/errors.ts';
import { compatibilityMessage } from '../../knowledge/compatibility.ts';
import { FlowError } from './errors.ts';
import type { FlowContext } from './flow-context.ts';
import { writeImageOfFlow } from './flow-image.ts';
import { readFacts } from './modem-reads.ts';
import { checkWithUser } from './write-check.ts';
import type { FlowModule } from './runner.ts';
import { flash, readModule, restoreApns, verifyImage, waitApp, waitDownload } from './shared-steps.ts';
import { l } from '../../text/localized.ts';

/**
 * The write job's check, before the module is sent to download mode: the image must be sound and
 * for this module's product line (from its AT answers); an unknown line needs the model name
 * typed. Cautions (downgrade, other carrier, same version) are asked about.
 */
async function checkImage(ctx: FlowContext): Promise<void> {
  const img = ctx.image;
  if (!img) throw new FlowError('image-refused', l('No image was chosen.', 'Aucune image n’a été choisie.'));
  const check = await checkWithUser(ctx, [writeImageOfFlow(img)]);
  const block = check.cautions.find((f) => f.severity === 'block');
  if (block) throw new FlowError('wrong-product', l(`${img.name} is not for this module.`, `${img.name} n’est pas pour ce module.`), compatibilityMessage(block));
  const cautions = check.cautions.filter((f) => f.severity !== 'info' || f.code === 'same-version');
  if (cautions.length) {
    ctx.patch({ status: 'needs-user', prompt: { kind: 'confirm-image', findings: cautions } });
    await ctx.ask(['confirm']);
  }
}

/** The "before" snapshot: the session log keeps it, restore and verify compare with it. */
async function snapshot(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  const snap = await runSnapshot(session, { signal: ctx.signal });
  ctx.emitSnapshot(snap);
  const facts = await readFacts(session);
  ctx.log(`snapshot saved: ${facts.revision ?? '?'}; carrier ${facts.impref?.current.carrier ?? '?'}; APNs ${facts.pdp.map((p) => `${p.cid}:${p.apn || '(network)'}`).join(', ') || 'none'}; IMPREF preferred ${facts.impref?.preferred.carrier ?? '?'}`);
  ctx.log(`snapshot: ${Object.keys(snap.answers).length} answers (IMEI ${snap.imei ? 'present' : 'absent'})`);
  ctx.patch({ before: facts });
}

/** AT!BOOTHOLD (unlocking with AT!ENTERCND where the module asks), then the port must go. */
async function enterDownload(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  await ctx.link.rememberPresent();
  const r = await session.send('AT!BOOTHOLD', { unlock: true, timeoutMs: 5000, signal: ctx.signal }).catch((e: unknown) => {
    if (isAtError(e) && e.code === 'device-lost') return null; // it went at once: that is the point
    throw e;
  });
  if (r && r.final.kind !== 'ok') {
    throw new FlowError('boothold-refused', l(
        `The module answered ${r.final.kind === 'cme-error' ? `+CME ERROR: ${r.final.text}` : 'ERROR'} to AT!BOOTHOLD.`,
        `Le module a répondu ${r.final.kind === 'cme-error' ? `+CME ERROR: ${r.final.text}` : 'ERROR'} à AT!BOOTHOLD.`,
      ), r.passwordGate === 'locked' ? 'password' : undefined);
  }
  ctx.log(r?.passwordGate === 'unlocked' ? 'AT!ENTERCND unlocked AT!BOOTHOLD' : 'AT!BOOTHOLD accepted');
  await ctx.portGone(session);
}

export const updateFlow: FlowModule<FlowContext> = {
  kind: 'update',
  phases: {
    start: readModule,
    'check-image': checkImage,
    snapshot,
    'enter-download': enterDownload,
    'wait-download': waitDownload,
    flash,
    'wait-app': waitApp,
    verify: verifyImage,
    restore: restoreApns,
  },
};
