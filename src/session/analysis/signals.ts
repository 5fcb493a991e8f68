/**
 * Non-error facts in logs: USB (re-)enumeration with VID/PID, success and failure banners,
 * "device not found", download-mode announcements.
 */
import type { LogSignal } from '../../knowledge/rules/types.ts';

export interface LineFacts {
  readonly signals: LogSignal['kind'][];
  readonly usb: { readonly vid: number; readonly pid: number } | null;
}

const NONE: LineFacts = { signals: [], usb: null };

const QUICK = /usb|idVendor|ID [0-9a-f]{4}:|success|succeed|fail|locate|no device|QDL|download|BOOT and HOLD|WDSI|WFWUPD|NO CARRIER|busy|ModemManager/i;

export function factsOfLine(line: string): LineFacts {
  if (!QUICK.test(line)) return NONE;
  const signals: LogSignal['kind'][] = [];
  let usb: { vid: number; pid: number } | null = null;
  let m: RegExpExecArray | null;
  if ((m = /idVendor=([0-9a-f]{4}),\s*idProduct=([0-9a-f]{4})/i.exec(line))) {
    usb = { vid: parseInt(m[1]!, 16), pid: parseInt(m[2]!, 16) };
  } else if ((m = /\bID ([0-9a-f]{4}):([0-9a-f]{4})\b/i.exec(line))) {
    usb = { vid: parseInt(m[1]!, 16), pid: parseInt(m[2]!, 16) };
  }
  if (/\busb \S+: new (?:full|high|super|low)[- ]speed\b.*USB device/i.test(line)) signals.push('usb-attach');
  if (/\busb \S+: USB disconnect\b/i.test(line)) signals.push('usb-detach');
  if (/Modem is in QDL mode|download mode detected|Switching to streaming mode|entered (?:boot|download) mode/i.test(line)) signals.push('download-mode');
  if (
    /firmware update operation finished successfully|\+WDSI:\s*16\b|FW download (?:success|succeeded|completed)|Firmware download (?:success|succeeded|completed)|update (?:completed|finished|succeeded) successfully/i.test(
      line,
    )
  )
    signals.push('update-succeeded');
  if (/^Firmware download failed\.?$|\+WDSI:\s*15\b|Package installation result fails/i.test(line.trim())) signals.push('update-failed');
  if (/Unable to locate the device|no (?:matching )?devices? (?:found|detected)|couldn'?t find (?:the )?(?:device|modem)/i.test(line)) signals.push('device-not-found');
  if (/BOOT and HOLD mode in \d+ seconds|not coming up in BOOT/i.test(line)) signals.push('boot-and-hold-timeout');
  if (/^NO CARRIER$/i.test(line.trim())) signals.push('no-carrier');
  return signals.length === 0 && !usb ? NONE : { signals, usb };
}
