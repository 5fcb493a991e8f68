/**
 * The image last written to a module in this session — an update's or a rescue's — once the
 * write check let it through for that module (the first bytes went out). A later rescue of the
 * same module offers it again instead of asking for the file a second time: a module that loops
 * again after a rescue needs the same known-good image. Memory only: a reload forgets it.
 *
 * "The same module" is the model the flows know it by: in download mode the module answers no
 * AT, so its serial number is not there to compare.
 */
import type { FlowImage } from '../../session/flows/flow-image.ts';

let last: { readonly image: FlowImage; readonly model: string | null } | null = null;

/** A write of `image` to the module `model` started (the write check passed). */
export function rememberWritten(image: FlowImage, model: string | null): void {
  last = { image, model };
}

/** The image to offer again for `model`, or null (none yet, refused, or another model's). */
export function writtenImageFor(model: string | null): FlowImage | null {
  if (!last || last.image.verdict !== 'ok') return null;
  if (model && last.model && model !== last.model) return null;
  return last.image;
}

/** For tests: forget. */
export function forgetWritten(): void {
  last = null;
}
