/**
 * `AT!IMPREF?` (9x30 and later) and `AT!GOBIIMPREF?` (9x15): which firmware and carrier
 * configuration the module prefers versus which it runs, plus the mismatch lines it prints
 * when they differ (at-knowledge §9, §0 fact 1). Engineering samples may print empty
 * `current` fields; they are kept as null rather than failing the parse.
 */
export interface ImageSelection {
  readonly fwVersion: string | null;
  /** `GENERIC`, `SIERRA`, `ATT`, `ORANGE-EU`, … */
  readonly carrier: string | null;
  /** `GENERIC_002.026_000` */
  readonly config: string | null;
  readonly subpriIndex: string | null;
}

export type ImageMismatch = 'fw-version' | 'carrier-name' | 'config-name';

export interface ImagePreference {
  readonly preferred: ImageSelection;
  readonly current: ImageSelection;
  /** Mismatch lines printed by the module, in order. */
  readonly mismatches: readonly ImageMismatch[];
}

const FIELD = /^(preferred|current)\s+(fw version|carrier name|config name|subpri index)\s*:?\s*(.*)$/i;
const MISMATCH = /^(fw version|carrier name|config name)\s+mismatch\b/i;

export function parseImagePreference(lines: readonly string[]): ImagePreference | null {
  const sel = { preferred: blank(), current: blank() };
  const mismatches: ImageMismatch[] = [];
  let seen = false;
  for (const raw of lines) {
    const line = raw.trim();
    const f = FIELD.exec(line);
    if (f) {
      seen = true;
      const which = f[1]!.toLowerCase() as 'preferred' | 'current';
      const value = f[3]!.trim() || null;
      const key = f[2]!.toLowerCase();
      const target = sel[which];
      if (key === 'fw version') target.fwVersion = value;
      else if (key === 'carrier name') target.carrier = value;
      else if (key === 'config name') target.config = value;
      else target.subpriIndex = value;
      continue;
    }
    const m = MISMATCH.exec(line);
    if (m) {
      seen = true;
      const kind = m[1]!.toLowerCase().replace(' name', '-name').replace('fw version', 'fw-version') as ImageMismatch;
      if (!mismatches.includes(kind)) mismatches.push(kind);
    }
  }
  return seen ? { preferred: sel.preferred, current: sel.current, mismatches } : null;
}

function blank(): { fwVersion: string | null; carrier: string | null; config: string | null; subpriIndex: string | null } {
  return { fwVersion: null, carrier: null, config: null, subpriIndex: null };
}
