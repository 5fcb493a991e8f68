/**
 * Module identity from `ATI` (Manufacturer, Model, Revision, IMEI, FSN, …), `AT+CGMR`
 * (bare revision) and `AT+CGSN` (IMEI). Labels are matched by name so extra lines
 * (`QTI baseline:` on RC76, `MEID:`/`ESN:` on 9x30) and missing ones are both fine.
 */
import { labelled, afterPrefix } from './fields.ts';
import { looksLikeRevision, parseRevision, type FirmwareRevision } from './revision.ts';

export interface ModuleIdentity {
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly revision: FirmwareRevision | null;
  readonly imei: string | null;
  readonly imeiSv: string | null;
  readonly fsn: string | null;
  readonly meid: string | null;
  readonly qtiBaseline: string | null;
  readonly gcap: string | null;
}

export function parseAti(lines: readonly string[]): ModuleIdentity | null {
  let manufacturer: string | null = null;
  let model: string | null = null;
  let revision: FirmwareRevision | null = null;
  let imei: string | null = null;
  let imeiSv: string | null = null;
  let fsn: string | null = null;
  let meid: string | null = null;
  let qti: string | null = null;
  let gcap: string | null = null;
  for (const line of lines) {
    const g = afterPrefix(line, '+GCAP');
    if (g !== null) {
      gcap = g;
      continue;
    }
    const kv = labelled(line);
    if (!kv) continue;
    const label = kv[0];
    // qmicli quotes its values (`Revision: 'SWI9X07H_…'`).
    const value = kv[1].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
    switch (label.toLowerCase()) {
      case 'manufacturer':
        manufacturer = value || manufacturer;
        break;
      case 'model':
        model = value || model;
        break;
      case 'revision':
      case 'firmware revision': // mmcli
        // `AT!PRIID?` also prints `Revision: 002.072` (the PRI revision): only firmware strings count.
        if (looksLikeRevision(value)) revision = parseRevision(value);
        break;
      case 'imei':
        imei = digits(value) ?? imei;
        break;
      case 'imei sv':
        imeiSv = value || null;
        break;
      case 'fsn':
        fsn = value || null;
        break;
      case 'meid':
        meid = value || null;
        break;
      case 'qti baseline':
        qti = value || null;
        break;
    }
  }
  if (!manufacturer && !model && !revision && !imei) return null;
  return { manufacturer, model, revision, imei, imeiSv, fsn, meid, qtiBaseline: qti, gcap };
}

/** `AT+CGMR` → the revision line (bare, or `+CGMR:`-prefixed on some firmware). */
export function parseCgmr(lines: readonly string[]): FirmwareRevision | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CGMR') ?? afterPrefix(line, 'Revision') ?? line;
    const r = parseRevision(body);
    if (r) return r;
  }
  return null;
}

/** `AT+CGSN` → IMEI (bare digits, `+CGSN: <imei>` or quoted). */
export function parseCgsn(lines: readonly string[]): string | null {
  for (const line of lines) {
    const body = afterPrefix(line, '+CGSN') ?? afterPrefix(line, 'IMEI') ?? line;
    const d = digits(body);
    if (d) return d;
  }
  return null;
}

/** 14–16 digits (an IMEI, optionally with check or SV digit), quotes tolerated. */
function digits(text: string): string | null {
  const m = /^"?(\d{14,16})"?$/.exec(text.trim());
  return m ? m[1]! : null;
}
