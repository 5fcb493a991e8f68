/**
 * The model a USB device names itself by. Sierra modules put the model in their USB product
 * string in both modes ("Sierra Wireless RC7620", "EM7455"; the download mode of the RC76xx
 * keeps the application string): in download mode, where no AT port answers, it is the only
 * word the module itself says about which product line it is.
 */
import { familyOfModel } from '../../knowledge/profiles/models.ts';

/** The first word of `name` that is a known model number, upper-cased; null when none is. */
export function modelFromUsbName(name: string | null | undefined): string | null {
  if (!name) return null;
  for (const word of name.split(/[\s,;()]+/)) {
    const w = word.trim().toUpperCase();
    if (w && familyOfModel(w)) return w;
  }
  return null;
}
