/**
 * The firmware revision string Sierra modules print in `ATI` (`Revision:`) and `AT+CGMR`:
 * `<PLATFORM>_<AA.BB.CC.DD> <build-id> <builder> <yyyy/mm/dd> <hh:mm:ss>` (at-knowledge §4.1).
 * Terminals often cut it at 80 columns, so everything after the version is optional.
 */
export interface FirmwareRevision {
  /** The first token as printed, e.g. `SWI9X07H_00.08.24.02`. */
  readonly firmware: string;
  /** `SWI9X07H`; null for non-Sierra-platform schemes (`K1_0_2_…`, `RHL85xx.…`). */
  readonly platform: string | null;
  /** `00.08.24.02`; null when the string does not carry one. */
  readonly version: string | null;
  readonly buildId: string | null;
  readonly builder: string | null;
  /** `2022/03/21` when complete. */
  readonly date: string | null;
  readonly time: string | null;
  /** The whole string as printed (trimmed). */
  readonly full: string;
}

const SWI = /^(SWI[0-9A-Z]+)_(\d{2}\.\d{2}\.\d{2}\.\d{2})(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\d{4}\/\d{2}\/\d{2}))?(?:\s+(\d{2}:\d{2}:\d{2}))?/;

/** Whether text looks like a firmware revision (not, e.g., a PRI revision `002.072`). */
export function looksLikeRevision(text: string): boolean {
  const t = text.trim();
  return SWI.test(t) || /^K\d_\d_\d_\d\w+/.test(t) || /^RHL\d+\w*\.\d/.test(t);
}

export function parseRevision(text: string): FirmwareRevision | null {
  const t = text.trim();
  const m = SWI.exec(t);
  if (m) {
    return {
      firmware: `${m[1]}_${m[2]}`,
      platform: m[1]!,
      version: m[2]!,
      buildId: m[3] ?? null,
      builder: m[4] ?? null,
      date: m[5] ?? null,
      time: m[6] ?? null,
      full: t,
    };
  }
  if (!looksLikeRevision(t)) return null;
  const first = t.split(/\s+/)[0]!;
  return { firmware: first, platform: null, version: null, buildId: null, builder: null, date: null, time: null, full: t };
}
