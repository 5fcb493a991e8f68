/**
 * ModemManager's `mmcli -m N` table, as Linux users paste it: after noise stripping its rows
 * read `label: value`. The identity rows feed the AT parsers directly (`model`, `firmware
 * revision`, `imei`); this picks up the operator, which AT shows in +COPS.
 */
import type { OperatorSelection, Registration } from '../../codec/at/network.ts';

export function mmcliOperator(lines: readonly string[]): OperatorSelection | null {
  let name: string | null = null;
  let id: string | null = null;
  for (const line of lines) {
    const m = /^operator (name|id)\s*:\s*'?([^']*?)'?\s*$/i.exec(line);
    if (!m || !m[2] || m[2] === '--') continue;
    if (m[1]!.toLowerCase() === 'name') name = m[2];
    else id = m[2];
  }
  if (name) return { mode: 0, format: 0, operator: name, act: null };
  if (id && /^\d{5,6}$/.test(id)) return { mode: 0, format: 2, operator: id, act: null };
  return null;
}

/** mmcli's 3GPP `registration:` / Status `state:` words as 27.007 registration states. */
const MM_REGISTRATION: Readonly<Record<string, number>> = { idle: 0, home: 1, searching: 2, denied: 3, unknown: 4, roaming: 5 };

export function mmcliRegistration(lines: readonly string[]): Registration | null {
  let stat: number | null = null;
  for (const line of lines) {
    const m = /^registration\s*:\s*'?([a-z-]+)'?\s*$/i.exec(line);
    if (m && m[1]!.toLowerCase() in MM_REGISTRATION) stat = MM_REGISTRATION[m[1]!.toLowerCase()]!;
  }
  return stat === null ? null : { domain: 'cs', urcMode: null, stat, area: null, cellId: null, act: null };
}
