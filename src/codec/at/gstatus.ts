/**
 * `AT!GSTATUS?`: a block of `Label: value` pairs, one or two per line, separated by tabs or
 * runs of spaces; the layout differs per chipset family (9x30 PCC/SCC, 9x50 SSC1–4, SDX55
 * ENDC, RC76 mitigation levels, WCDMA fields), so pairs are found by label, never by
 * position (at-knowledge §5). `---`/`--` mean "no measurement" and become null.
 */
import { afterPrefix, num } from './fields.ts';

export interface GStatus {
  /** Every pair as printed, label → value (first occurrence wins). */
  readonly fields: Readonly<Record<string, string>>;
  readonly mode: string | null;
  readonly systemMode: string | null;
  readonly psState: string | null;
  readonly emmState: string | null;
  readonly rrcState: string | null;
  readonly lteBand: string | null;
  readonly lteBandwidth: string | null;
  readonly lteRxChannel: number | null;
  /** 4294967295 (0xFFFFFFFF) means no uplink; kept as printed. */
  readonly lteTxChannel: number | null;
  readonly wcdmaBand: string | null;
  readonly rssi: number | null;
  readonly rsrp: number | null;
  readonly rsrq: number | null;
  readonly sinr: number | null;
  readonly txPower: number | null;
  readonly temperature: number | null;
  readonly tac: string | null;
  readonly cellId: string | null;
}

const LABEL = /^([A-Za-z][A-Za-z0-9 ()/.#_+-]{0,40}?)\s*:\s*(.*)$/;

export function parseGstatusPairs(lines: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of lines) {
    const line = (afterPrefix(raw, '!GSTATUS') ?? raw).trim();
    if (!line) continue;
    let label: string | null = null;
    let value: string[] = [];
    const flush = () => {
      if (label !== null && !(label in fields)) fields[label] = value.join(' ').trim();
      label = null;
      value = [];
    };
    for (const seg of line.split(/\t+| {2,}/)) {
      const s = seg.trim();
      if (!s) continue;
      const m = LABEL.exec(s);
      if (m) {
        flush();
        label = m[1]!.trim();
        if (m[2]) value.push(m[2]);
      } else if (label !== null) {
        value.push(s);
      }
    }
    flush();
  }
  return fields;
}

export function parseGstatus(lines: readonly string[]): GStatus | null {
  const fields = parseGstatusPairs(lines);
  const keys = Object.keys(fields);
  const known = ['Mode', 'System mode', 'PS state', 'Current Time', 'Temperature', 'EMM state', 'LTE band'];
  if (!keys.some((k) => known.includes(k))) return null;
  const get = (...names: string[]): string | null => {
    for (const n of names) {
      const hit = keys.find((k) => k.toLowerCase() === n.toLowerCase());
      if (hit !== undefined) {
        const v = fields[hit]!;
        return /^-{2,}$|^—$/.test(v) || v === '' ? null : v;
      }
    }
    return null;
  };
  const n = (...names: string[]) => num(get(...names) ?? undefined);
  return {
    fields,
    mode: get('Mode'),
    systemMode: get('System mode'),
    psState: get('PS state'),
    emmState: get('EMM state'),
    rrcState: get('RRC state'),
    lteBand: get('LTE band'),
    lteBandwidth: get('LTE bw'),
    lteRxChannel: n('LTE Rx chan'),
    lteTxChannel: n('LTE Tx chan'),
    wcdmaBand: get('WCDMA band'),
    rssi: n('PCC RxM RSSI', 'RxM RSSI C0', 'RSSI (dBm)', 'RSSI'),
    rsrp: n('PCC RxM RSRP', 'RSRP (dBm)', 'RSRP'),
    rsrq: n('RSRQ (dB)', 'RSRQ'),
    sinr: n('SINR (dB)', 'SINR'),
    txPower: n('Tx Power', 'TX Power'),
    temperature: n('Temperature'),
    tac: get('TAC'),
    cellId: get('Cell ID'),
  };
}

/** No uplink channel (0xFFFFFFFF): the module is not attached. */
export const NO_CHANNEL = 4294967295;
