import { uplinkEarfcn, type RadioEnvironment } from './network.ts';
import type { GstatusLayout } from './profiles/types.ts';
import type { Registration } from './registration.ts';

/**
 * `AT!GSTATUS?` in the three layouts we model (at-knowledge §5): a header, then lines holding
 * one or two `Label: value` pairs separated by tabs and padding. Low-power mode prints only
 * the first two lines. No uplink shows as Tx chan 4294967295.
 */
export interface GstatusInput {
  readonly layout: GstatusLayout;
  readonly uptimeS: number;
  readonly temperatureC: number;
  readonly resetCounter: number;
  readonly online: boolean;
  readonly reg: Registration;
  readonly radio: RadioEnvironment;
  readonly dataActive: boolean;
  /** A 5G NSA module on an NR-capable cell: `System mode: ENDC` (EM9191, at-knowledge §5). */
  readonly endc?: boolean;
}

const NO_CHANNEL = '4294967295';

function pad(label: string, width: number): string {
  return label.padEnd(width, ' ');
}

function pair(l1: string, v1: string, l2: string, v2: string): string {
  return `${pad(l1 + ':', 15)}${v1}\t\t${pad(l2 + ':', 13)}${v2}`;
}

function hexDec(n: number, digits: number): string {
  return `${n.toString(16).toUpperCase().padStart(digits, '0')} (${n})`;
}

function fmtDb(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function gstatusLines(g: GstatusInput): string[] {
  const lines = ['!GSTATUS: ', pair('Current Time', String(g.uptimeS), 'Temperature', String(g.temperatureC))];
  const mode = g.online ? 'ONLINE' : 'LOW POWER MODE';
  lines.push(pair('Reset Counter', String(g.resetCounter), 'Mode', pad(mode, 15)));
  if (!g.online) return lines;

  const { reg, radio } = g;
  const lte = reg.camped;
  // 9x15 prints the 9x30 block without its carrier-aggregation line
  const x30 = g.layout === '9x30' || g.layout === '9x15';
  const sysMode = lte ? (g.layout === 'sdx55' && g.endc ? 'ENDC' : 'LTE') : 'No Service';
  lines.push(pair('System mode', pad(sysMode, 11), 'PS state', pad(reg.attached ? 'Attached' : 'Not attached', 13)));
  if (lte) {
    const c = radio.cell;
    lines.push(pair('LTE band', pad(`B${c.band}`, 7), 'LTE bw', `${c.bandwidthMhz} MHz  `));
    lines.push(pair('LTE Rx chan', String(c.earfcnDl), 'LTE Tx chan', reg.attached ? String(uplinkEarfcn(c.earfcnDl)) : NO_CHANNEL));
    if (g.layout === '9x30') {
      lines.push(`${pad('LTE CA state:', 15)}NOT ASSIGNED`);
    } else if (g.layout === '9x50') {
      lines.push(`${pad('LTE CA state:', 15)}INACTIVE`);
      for (let i = 1; i <= 4; i++) lines.push(`LTE SSC${i} state:INACTIVE`);
    } else if (g.layout === 'sdx55') {
      // SDX55 names its secondary cells SCCn and says whether each has an uplink
      lines.push(`${pad('LTE CA state:', 15)}INACTIVE`);
      lines.push(pair('LTE SCC1 state', 'INACTIVE', 'SCC1 UL Configured', 'FALSE'));
    }
    const emm = reg.attached ? `${pad('Registered', 15)}\tNormal Service ` : `${pad('Deregistered', 15)}\tAttempt To Attach`;
    lines.push(`${pad('EMM state:', 15)}${emm}`);
    lines.push(`${pad('RRC state:', 15)}${g.dataActive ? 'RRC Connected  ' : 'RRC Idle       '}`);
    if (x30) {
      lines.push(`${pad('IMS reg state:', 15)}No Srv  \t\t`);
    } else {
      lines.push(pair('IMS reg state', 'No Srv  ', 'IMS mode', 'Normal    '));
      lines.push(`${pad('IMS Srv State:', 15)}UNKNOWN SMS,UNKNOWN VoIP`);
    }
    lines.push('');
    const s = radio.signal;
    if (x30) {
      lines.push(pair('PCC RxM RSSI', String(s.rssi), 'RSRP (dBm)', String(s.rsrp)));
      lines.push(pair('PCC RxD RSSI', String(s.rssiDiv), 'RSRP (dBm)', String(s.rsrpDiv)));
    } else {
      lines.push(pair('PCC RxM RSSI', String(s.rssi), 'PCC RxM RSRP', String(s.rsrp)));
      lines.push(pair('PCC RxD RSSI', String(s.rssiDiv), 'PCC RxD RSRP', String(s.rsrpDiv)));
      if (g.layout === 'sdx55') {
        // four receive antennas (4x4 MIMO): the third and fourth are RxM1/RxD1
        lines.push(pair('PCC RxM1 RSSI', String(s.rssi + 1), 'PCC RxM1 RSRP', String(s.rsrp + 1)));
        lines.push(pair('PCC RxD1 RSSI', String(s.rssiDiv - 2), 'PCC RxD1 RSRP', String(s.rsrpDiv - 2)));
      }
    }
    lines.push(pair('Tx Power', g.dataActive ? '4' : '--', 'TAC', hexDec(c.tac, 4)));
    lines.push(pair('RSRQ (dB)', fmtDb(s.rsrq), 'Cell ID', hexDec(c.cellId, 8)));
    lines.push(`${pad('SINR (dB):', 15)}${fmtDb(s.sinr)}`);
  } else {
    lines.push(`${pad('EMM state:', 15)}${pad('Deregistered', 15)}\tNo Cell Available`);
    lines.push(`${pad('RRC state:', 15)}RRC Idle       `);
    lines.push('');
    lines.push(pair('PCC RxM RSSI', '---', x30 ? 'RSRP (dBm)' : 'PCC RxM RSRP', '---'));
    lines.push(pair('Tx Power', '--', 'TAC', '---'));
  }
  if (g.layout === 'rc76') {
    lines.push(`${pad('Modem Mitigate Level:', 24)}0\t${pad('ModemProc Mitigate Level:', 27)}0`);
  } else if (g.layout === 'sdx55') {
    lines.push(`${pad('Thermal Mitigation Level:', 26)}0`);
  }
  return lines;
}
