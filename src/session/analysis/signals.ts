/**
 * Non-error facts in logs: USB (re-)enumeration with VID/PID, success and failure banners,
 * "device not found", download-mode announcements, hang-ups, and whether a line has the shape
 * of a tool or kernel log at all (so a crash log or an lsusb listing reads as a log).
 */
import type { LogSignal } from '../../knowledge/rules/types.ts';

export interface LineFacts {
  readonly signals: LogSignal['kind'][];
  readonly usb: { readonly vid: number; readonly pid: number } | null;
  /** The line is log output (lsusb, crash record, boot log, lite-fw trace), whichever tool. */
  readonly logShape: boolean;
  /** The line starts a run of a firmware tool (its banner or its command line). */
  readonly toolRun: boolean;
}

const NONE: LineFacts = { signals: [], usb: null, logShape: false, toolRun: false };

const QUICK =
  /fwupdate|Connecting to service|Installing|install|Zephyr|Error in download|allowed|Invalid image|find|detect|usb|Port|ppp:|Legato|Vendor=|Mode:|power state|SIM not inserted|sim-missing|Waiting for|HDLC|hello-rsp|QCOM|device creation|creating device|litefw|rcvd|sent|Connect:|IP address|authentication|<(?:dbg|inf|wrn|err)>|<(?:info|debug|warn)>|Exiting|Flashing|Open transport|ModelID|Model ID|select one of|crash state|idVendor|ID [0-9a-f]{4}:|success|succeed|fail|locate|no device|QDL|download|BOOT and HOLD|WDSI|WFWUPD|NO CARRIER|busy|ModemManager|hangup|HUP|loop|Bus \d|CRASH|VER=|version|Descriptor|^\[\d+\]|^[BDS] - |Firehose|sahara|reboot|restart|modems? (?:were )?found|Modem\/\d/i;

const SUCCESS =
  /firmware update operation finished successfully|\+WDSI:\s*16\b|FW download (?:success|succeeded|completed)|Firmware (?:image )?download (?:success|succeeded|completed)|Final Firmware update succeeded|update (?:completed|finished|succeeded) successfully|Firmware update successful/i;

export function factsOfLine(line: string): LineFacts {
  if (!QUICK.test(line)) return NONE;
  const signals: LogSignal['kind'][] = [];
  let usb: { vid: number; pid: number } | null = null;
  let m: RegExpExecArray | null;
  if ((m = /idVendor=([0-9a-f]{4}),\s*idProduct=([0-9a-f]{4})/i.exec(line))) {
    usb = { vid: parseInt(m[1]!, 16), pid: parseInt(m[2]!, 16) };
  } else if ((m = /\bID ([0-9a-f]{4}):([0-9a-f]{4})\b/i.exec(line))) {
    usb = { vid: parseInt(m[1]!, 16), pid: parseInt(m[2]!, 16) };
  } else if ((m = /\bVendor=([0-9a-f]{4})\s+ProdID=([0-9a-f]{4})\b/i.exec(line))) {
    // usb-devices / /sys/kernel/debug/usb/devices: "P:  Vendor=1199 ProdID=9071 Rev= 0.06"
    usb = { vid: parseInt(m[1]!, 16), pid: parseInt(m[2]!, 16) };
  }
  if (/\busb \S+: new (?:full|high|super|low)[- ]?speed\b.*USB device/i.test(line)) signals.push('usb-attach');
  if (/\busb \S+: USB disconnect\b/i.test(line)) signals.push('usb-detach');
  if (/Modem is (?:already )?in QDL mode|download mode detected|Switching to streaming mode|entered (?:boot|download) mode|^BOOT and HOLD Mode\b|QDLoader 9008|Qualcomm HS-USB QDLoader|received hello-rsp|QCOM high speed protocol/i.test(line)) signals.push('download-mode');
  if (SUCCESS.test(line)) signals.push('update-succeeded');
  if (/(?:^|\] )qdl device creation failed|^error: error creating device:|HDLC trailing control character not found|^litefw_DownloadFW failed|^FW download failed/i.test(line.trim())) signals.push('update-failed');
  else if (/^Firmware download failed\.?$|\+WDSI:\s*15\b|Package installation result fails|fail switch to Firehose mode|^error: unsupported download protocol|Device not responsive in download mode/i.test(line.trim())) signals.push('update-failed');
  if (/not allowed to write|write failed: Not allowed|Invalid image type|downgrade (?:is )?not (?:allowed|permitted)/i.test(line)) signals.push('image-refused');
  if (/(?:could(?:n'?t| not)|can(?:no|')t|unable to) (?:find|locate|detect)\b.{0,40}\b(?:modems?|devices?)\b|Unable to locate the device|no (?:matching )?devices? (?:found|detected)|couldn'?t find (?:the )?(?:device|modem)|No modems were found/i.test(line)) signals.push('device-not-found');
  if (/BOOT and HOLD mode in \d+ seconds|not coming up in BOOT/i.test(line)) signals.push('boot-and-hold-timeout');
  if (/^NO CARRIER$/i.test(line.trim())) signals.push('no-carrier');
  if (/\bSIM not inserted\b|failed reason:\s*'?sim-missing|\bsim-missing\b/i.test(line) && !/^\+CME ERROR/i.test(line.trim())) signals.push('sim-not-inserted');
  if (/Waiting for (?:the )?modem (?:in|to (?:enter|come up in)) boot ?hold mode/i.test(line)) signals.push('boothold-wait');
  if (/endpoint hangup/i.test(line)) signals.push('endpoint-hangup');
  if (/\bHUP detected\b/i.test(line)) signals.push('hangup');
  if (/\b(?:boot[- ]?loop(?:s|ing)?|(?:reboot|restart|reset)(?:s|ing)? (?:in (?:a )?)?loop|(?:result|stuck|keeps?) in (?:a )?loop|keeps? (?:rebooting|restarting|resetting))\b/i.test(line)) signals.push('loop-reported');
  if (/\b(?:fdt2?(?:\.exe)?|qmi-firmware-update|fwdwl-lite\S*|fw-download-tool\S*|lite-fw-download\S*)\s+(?:-|\S+\.(?:cwe|nvu|spk))|^FDT version:|^Application version:/i.test(line)) signals.push('update-started');
  const logShape =
    /^(?:rcvd|sent) \[(?:LCP|IPCP|IPV6CP|PAP|CHAP|CCP)\b|^Connect: ppp\d|^(?:local|remote) IP address|^(?:PAP|CHAP) authentication|<(?:dbg|inf|wrn|err)> \w+:|<(?:info|debug|warn|error)>\s|^litefw_|^Exiting Application|^Waiting for modem|^Error in modem crash state|^mbim open|^Open transport|^ModelID:|^Model ID\s*:|^Please select one of the following options|^Flashing \S+ onto|operation finished successfully|^\w+\[\d+\]:|^P:\s+Vendor=|^T:\s+Bus=|^\/:\s+Bus \d+\.Port|^\|__ Port \d+|^ppp: \[|^Legato: =|^fwupdate\s+\S|^Connecting to service|^Installing & Reboot|install not possible|^\*\*\* Booting Zephyr OS|^Bus \d{3} Device \d{3}: ID [0-9a-f]{4}:[0-9a-f]{4}|^(?:Device|Configuration|Interface|Endpoint) Descriptor:|^\d{5},\d{4}\/\d{2}\/\d{2} [\d:.]+,|\bCRASH=|^[BDS] - \d* ?-? ?\S|^\[\d+\]\[\d+\]|QC_IMAGE_VERSION_STRING|^idVendor\s+0x|^iProduct\s+\d/i.test(line);
  const toolRun = /^FDT version:|^Application version:|^(?:sudo\s+)?(?:\S*\/)?qmi-firmware-update\s+-/i.test(line.trim());
  return signals.length === 0 && !usb && !logShape && !toolRun ? NONE : { signals, usb, logShape, toolRun };
}
