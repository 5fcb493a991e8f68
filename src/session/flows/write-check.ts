/**
 * How a flow puts its write through the write job's check: which module it is writing to (the
 * module's own identity — its AT answers in an update, its USB identity and product string in a
 * rescue — never the image's own product), and the user's typed model name where a product line
 * is unknown. A refusal becomes the flow's failure before anything is sent.
 */
import type { ModuleIdentity } from '../write/module-identity.ts';
import { checkBeforeWrite, type WriteCheck } from '../write/pre-write-check.ts';
import { renderRefusal, type WriteRefusal } from '../write/refusal.ts';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import { l } from '../../text/localized.ts';
import type { WriteImage } from '../write/write-image.ts';
import type { WritePath } from '../write/write-job.ts';
import { FlowError } from './errors.ts';
import type { FlowContext } from './flow-context.ts';

/** The module the flow is about to write, as the check compares it. */
export function moduleIdentityOf(ctx: FlowContext): ModuleIdentity {
  const before = ctx.view.before;
  const usb = ctx.downloadIdentity?.usb ?? ctx.link.seen ?? null;
  if (ctx.kind !== 'rescue' && before) {
    return { source: 'at', model: before.model, platform: before.platform, firmwareVersion: before.firmwareVersion, carrier: before.impref?.current.carrier ?? null, usb };
  }
  // download mode: what the device names itself by, else the model read over AT before it looped
  const named = ctx.downloadIdentity?.namedModel ?? null;
  if (named) return { source: 'usb', model: named, usb };
  if (ctx.link.model) return { source: 'user', model: ctx.link.model, usb };
  // a product string naming only its line ("EM92xx"): the line, with no model to compare a typed name with
  const line = ctx.downloadIdentity?.namedLine ?? null;
  if (line) return { source: 'usb', model: null, line, usb };
  return { source: 'usb', model: null, usb };
}

/** Which write path the flow is, for the journal ('batch' when a batch runs it). */
export function writePathOf(ctx: FlowContext): WritePath {
  return ctx.kind === 'rescue' ? 'rescue' : (ctx.env.writePath ?? 'update');
}

/** Records the refusal in the journal as the write job does: nothing was sent. */
function recordRefusal(ctx: FlowContext, r: WriteRefusal): void {
  const journal = ctx.env.journal;
  if (!journal) return;
  const path = writePathOf(ctx);
  journal.step(path, 'check', 'failed', r.code);
  journal.error(path, r.code, r.message, 'nothing was sent to the module');
  journal.result('failed', r.code, r.message);
}

/** The refusal as the flow's failure: another line is `wrong-product`, a busy write `device-locked`, the rest `image-refused`. */
export function refusalError(r: WriteRefusal): FlowError {
  const code = r.code === 'product-mismatch' ? 'wrong-product' : r.code === 'write-busy' ? 'device-locked' : 'image-refused';
  // the page shows the refusal in its language; the log keeps the English message
  const text = l(renderRefusal(r, (t, p) => fillTemplate(t.en, p)), renderRefusal(r, (t, p) => fillTemplate(t.fr, p)));
  return new FlowError(code, text, r.code);
}

/**
 * The pre-write check of `images` against the module; where a line is unknown, asks the user to
 * type the model name (the `type-model` prompt) until it passes or the user gives up. The typed
 * name is kept for the write job, which checks again and logs it.
 */
export async function checkWithUser(ctx: FlowContext, images: readonly WriteImage[]): Promise<Extract<WriteCheck, { ok: true }>> {
  for (;;) {
    const check = checkBeforeWrite({ images, module: moduleIdentityOf(ctx), typedConfirmation: ctx.typedModel });
    if (check.ok) {
      if (check.confirmedBy) ctx.log(`${check.confirmedBy.reason}: the user typed the model name "${check.confirmedBy.typed}"`);
      return check;
    }
    if (!check.refusal.confirmable) {
      recordRefusal(ctx, check.refusal);
      throw refusalError(check.refusal);
    }
    ctx.log(`write check: ${check.refusal.code} — asking for the model name`);
    ctx.patch({ status: 'needs-user', prompt: { kind: 'type-model', refusal: check.refusal, rejected: check.refusal.code === 'confirmation-mismatch' ? ctx.typedModel : null } });
    // anything but a typed name (the batch gives up on the row): the refusal stands
    if ((await ctx.ask(['confirm'])) !== 'confirm') {
      recordRefusal(ctx, check.refusal);
      throw refusalError(check.refusal);
    }
  }
}
