/**
 * "Update with this image": the Images page hands the file it inspected to the update flow's
 * picker, which takes it once when it mounts. A plain module variable, not a rune: nothing
 * renders from it, and it must not survive a reload (the File does not).
 */
let pending: { readonly target: string; readonly file: File } | null = null;

export function handOffImage(target: string, file: File): void {
  pending = { target, file };
}

/** The file handed to this picker, once; null when none was. */
export function takeHandedImage(target: string): File | null {
  if (pending?.target !== target) return null;
  const { file } = pending;
  pending = null;
  return file;
}
