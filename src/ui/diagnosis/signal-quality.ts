/**
 * Signal quality bands for the gauge. LTE rules of thumb from at-knowledge.md §5 (not
 * Sierra-specified): RSRP ≥ −80 excellent, −80…−90 good, −90…−100 fair, < −100 poor;
 * SINR ≥ 20 excellent, 13…20 good, 0…13 fair, < 0 poor. Without LTE measurements the
 * +CSQ RSSI is banded with our own thresholds (−70/−85/−100 dBm).
 */
export type SignalLevel = 'excellent' | 'good' | 'fair' | 'poor' | 'none';

const ORDER: readonly SignalLevel[] = ['poor', 'fair', 'good', 'excellent'];

export function rsrpLevel(rsrp: number | null): SignalLevel {
  if (rsrp === null) return 'none';
  return rsrp >= -80 ? 'excellent' : rsrp >= -90 ? 'good' : rsrp >= -100 ? 'fair' : 'poor';
}

export function sinrLevel(sinr: number | null): SignalLevel {
  if (sinr === null) return 'none';
  return sinr >= 20 ? 'excellent' : sinr >= 13 ? 'good' : sinr >= 0 ? 'fair' : 'poor';
}

export function rssiLevel(rssi: number | null): SignalLevel {
  if (rssi === null) return 'none';
  return rssi >= -70 ? 'excellent' : rssi >= -85 ? 'good' : rssi >= -100 ? 'fair' : 'poor';
}

/** The overall level is the worse of the measurements present (a strong but noisy cell is not "excellent"). */
export function overallLevel(m: { rsrp: number | null; sinr: number | null; rssi: number | null }): SignalLevel {
  const levels = m.rsrp !== null || m.sinr !== null ? [rsrpLevel(m.rsrp), sinrLevel(m.sinr)] : [rssiLevel(m.rssi)];
  const present = levels.filter((l) => l !== 'none');
  if (present.length === 0) return 'none';
  return present.reduce((a, b) => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b));
}

/** Filled bars out of 4, so the gauge reads without colour. */
export function bars(level: SignalLevel): number {
  return level === 'none' ? 0 : ORDER.indexOf(level) + 1;
}
