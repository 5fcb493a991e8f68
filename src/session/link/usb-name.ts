/**
 * The model a USB device names itself by. Sierra modules put the model in their USB product
 * string in both modes ("Sierra Wireless RC7620", "EM7455"; the download mode of the RC76xx
 * keeps the application string): in download mode, where no AT port answers, it is the only
 * word the module itself says about which product line it is. Some download devices name only
 * their line: the EM9291 shows "EM92xx" (Sierra forum thread 32102) — a line, never a model.
 */
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';
import { familyOfModel, lineOfModel } from '../../knowledge/profiles/models.ts';

/** A line wildcard such as `EM92XX`: a model number whose last two digits are `xx`. */
const LINE_WORD = /^([A-Z]{2}\d{2})XX$/;

function words(name: string): string[] {
  return name.split(/[\s,;()]+/).map((w) => w.trim().toUpperCase()).filter(Boolean);
}

/** The first word of `name` that is a known model number, upper-cased; null when none is. */
export function modelFromUsbName(name: string | null | undefined): string | null {
  if (!name) return null;
  for (const w of words(name)) if (!LINE_WORD.test(w) && familyOfModel(w)) return w;
  return null;
}

/**
 * The product line a line wildcard in `name` stands for ("EM92xx" → EM929x): the one line every
 * known model number it covers belongs to; null when it covers none or several ("EM74xx" holds
 * EM/MC74xx models and the 9x50 EM7411), or when `name` has no wildcard.
 */
export function lineFromUsbName(name: string | null | undefined): ProductLine | null {
  if (!name) return null;
  for (const w of words(name)) {
    const m = LINE_WORD.exec(w);
    if (!m) continue;
    const lines = new Set<ProductLine>();
    for (let d = 0; d < 100; d++) {
      const line = lineOfModel(`${m[1]}${String(d).padStart(2, '0')}`);
      if (line) lines.add(line);
    }
    if (lines.size === 1) return [...lines][0]!;
  }
  return null;
}
