/**
 * `AT!IMAGE?`: the firmware and PRI slot tables (`TYPE SLOT STATUS LRU FAILURES UNIQUE_ID
 * BUILD_ID`), the slot counts and the active firmware slot. Slot 255 as the active slot
 * means no valid firmware is selected (at-knowledge §0 fact 2).
 */
export interface ImageSlot {
  readonly type: 'FW' | 'PRI';
  readonly slot: string;
  /** `GOOD`, `EMPTY`, or whatever else the module prints. */
  readonly status: string;
  readonly uniqueId: string | null;
  readonly buildId: string | null;
  /** From the build id `<fw version>_<CARRIER>`: `?` placeholders become null. */
  readonly fwVersion: string | null;
  readonly carrier: string | null;
}

export interface ImageTable {
  readonly slots: readonly ImageSlot[];
  readonly maxFwImages: number | null;
  readonly maxPriImages: number | null;
  /** Null when not printed; 255 means "none". */
  readonly activeFwSlot: number | null;
}

// TYPE and STATUS are printed in capitals; SLOT is a small number or `FF` (PRI rows).
const ROW = /^(FW|PRI)\s+([0-9A-Fa-f]{1,3})\s+([A-Z][A-Z_]*)(?=\s|$)(.*)$/;

export function parseImageTable(lines: readonly string[]): ImageTable | null {
  const slots: ImageSlot[] = [];
  let maxFw: number | null = null;
  let maxPri: number | null = null;
  let active: number | null = null;
  let seen = false;
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Max FW images:\s*(\d+)/i.exec(line))) {
      maxFw = Number(m[1]);
      seen = true;
    } else if ((m = /^Max PRI images:\s*(\d+)/i.exec(line))) {
      maxPri = Number(m[1]);
      seen = true;
    } else if ((m = /^Active FW image is at slot\s*(\d+)/i.exec(line))) {
      active = Number(m[1]);
      seen = true;
    } else if ((m = ROW.exec(line)) && !/^TYPE\b/i.test(line)) {
      seen = true;
      // After STATUS: LRU and failure counters (numbers), then UNIQUE_ID and BUILD_ID.
      const rest = m[4]!.trim().split(/\s+/).filter(Boolean);
      while (rest.length > 0 && /^\d+$/.test(rest[0]!)) rest.shift();
      const uniqueId = rest[0] ?? null;
      const buildId = rest[1] ?? null;
      const [fw, ...carrierParts] = (buildId ?? '').split('_');
      const carrier = carrierParts.join('_');
      slots.push({
        type: m[1]!.toUpperCase() as 'FW' | 'PRI',
        slot: m[2]!,
        status: m[3]!.toUpperCase(),
        uniqueId,
        buildId,
        fwVersion: fw && fw !== '?' ? fw : null,
        carrier: carrier && carrier !== '?' ? carrier : null,
      });
    }
  }
  return seen ? { slots, maxFwImages: maxFw, maxPriImages: maxPri, activeFwSlot: active } : null;
}
