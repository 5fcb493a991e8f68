/**
 * Which program printed a log line. Several can appear in one paste (a qmi-firmware-update
 * run next to its dmesg); the analysis reports all of them, the first seen as the main one.
 */
export type LogTool = 'qmi-firmware-update' | 'qmicli' | 'fdt2' | 'fwdwl-lite' | 'dmesg' | 'journalctl' | 'modemmanager' | 'pppd';

const RULES: readonly (readonly [LogTool, RegExp])[] = [
  ['qmi-firmware-update', /qmi-firmware-update|download mode detected|sahara device creation|qdl device creation|unsupported download protocol|firmware update operation|\bQFU\b|\[\/dev\/cdc-wdm\d+\] (?:setting firmware preference|reseting|resetting)/i],
  ['qmicli', /\bqmicli\b|QMI protocol error \(\d+\)|\[\/dev\/cdc-wdm\d+\]/i],
  ['fdt2', /\bfdt2?\b(?:\.exe)?|Primary error code:|Secondary error code:|Awaiting adapter|Switching to boot & hold mode|Final firmware update failure report|Preexisting images information/i],
  ['fwdwl-lite', /fwdwl|lite-fw|fw-download-tool|FW download failed|Modem Needs (?:FW|PRI)|Modem is in QDL mode|BOOT and HOLD mode in \d+ seconds|Unable to locate the device\./i],
  ['dmesg', /^\s*\[\s*\d+\.\d+\]|\b(?:usb|qcserial|qmi_wwan|option|cdc_mbim|usbserial)\s+\d+-[\d.]+(?::[\d.]+)?:|\bGobiNet\b|\bqcserial\b|\bqmi_wwan\b/i],
  ['journalctl', /^[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+\s+kernel:/],
  ['modemmanager', /ModemManager\[\d+\]|\bmmcli\b|^\s*(?:General|Hardware|Status|3GPP|SIM|Bearer|Modes|Bands|Signal)\s+\|\s+[\w ]+:/],
  ['pppd', /\bpppd\[\d+\]|\bchat\[\d+\]|\bpppd\b/],
];

// Keywords every rule above needs: lines without any skip the eight full tests.
const ANY = /\||qmi|QFU|cdc-wdm|fdt|error code|Awaiting|boot & hold|Preexisting|failure report|fwdwl|lite-fw|fw-download|FW download|Modem Needs|QDL mode|BOOT and HOLD|locate the device|sahara|download|firmware update|\[\s*\d|usb|option|cdc_mbim|GobiNet|kernel:|ModemManager|mmcli|pppd|chat\[/i;

/**
 * Tools recognisable from one raw line (before noise stripping: timestamps identify dmesg).
 * `skip` holds tools already found, so a long log stops paying for them.
 */
export function toolsOfLine(raw: string, skip?: ReadonlySet<LogTool>): LogTool[] {
  const line = raw.length > 2048 ? raw.slice(0, 2048) : raw;
  if (!ANY.test(line)) return [];
  const out: LogTool[] = [];
  for (const [tool, re] of RULES) if (!skip?.has(tool) && re.test(line)) out.push(tool);
  return out;
}

/**
 * The tool a support engineer names for the paste: the firmware tool that ran (its log is the
 * story), then the kernel log, then helpers (qmicli next to qmi-firmware-update is a side query).
 */
const MAIN_ORDER: readonly LogTool[] = ['fdt2', 'fwdwl-lite', 'qmi-firmware-update', 'dmesg', 'journalctl', 'qmicli', 'modemmanager', 'pppd'];

export function mainTool(tools: readonly LogTool[]): LogTool | null {
  for (const t of MAIN_ORDER) if (tools.includes(t)) return t;
  return tools[0] ?? null;
}
