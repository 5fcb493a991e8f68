/**
 * Chrome enterprise policy for fleets: pre-grants this origin the Sierra Wireless identities
 * over WebUSB and WebSerial, so no chooser appears — also after the module re-enumerates with
 * another PID or without a serial number (policy grants are keyed by IDs, not serials).
 * anchors-web-flashers §4 (d).
 */
import { ALL_SIERRA_PAIRS, SIERRA_VID } from './usb-identities.ts';

export interface PolicyOptions {
  /** The origin to allow, e.g. https://boothold.example.org (path and query are dropped). */
  readonly origin: string;
  /** `vendor`: every Sierra device (vendor id only); `exact`: the listed VID:PIDs. */
  readonly scope: 'vendor' | 'exact';
  /** Also allow the Qualcomm emergency identity 05C6:9008 (shown, never flashed). */
  readonly includeQualcommEdl?: boolean;
}

export interface UsbPolicyEntry {
  readonly devices: ReadonlyArray<{ readonly vendor_id: number; readonly product_id?: number }>;
  readonly urls: readonly string[];
}

export interface SerialPolicyEntry {
  readonly devices: ReadonlyArray<{ readonly vendor_id: number; readonly product_id?: number }>;
  readonly urls: readonly string[];
}

export interface ChromePolicy {
  readonly WebUsbAllowDevicesForUrls: readonly UsbPolicyEntry[];
  readonly SerialAllowUsbDevicesForUrls: readonly SerialPolicyEntry[];
}

export class PolicyOriginError extends Error {
  override readonly name = 'PolicyOriginError';
  constructor(readonly code: 'invalid-origin' | 'insecure-origin', message: string) {
    super(message);
  }
}

/** Normalises an origin; WebUSB/WebSerial need HTTPS (or localhost). */
export function policyOrigin(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new PolicyOriginError('invalid-origin', `Not a URL: ${input}`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new PolicyOriginError('insecure-origin', 'WebUSB and WebSerial work only on HTTPS origins (or localhost).');
  }
  return url.origin;
}

export function sierraDeviceList(scope: PolicyOptions['scope']): { vendor_id: number; product_id?: number }[] {
  if (scope === 'vendor') return [{ vendor_id: SIERRA_VID }];
  const pids = new Set<number>();
  for (const p of ALL_SIERRA_PAIRS) for (const pid of [...p.app, ...p.download]) pids.add(pid);
  return [...pids].sort((a, b) => a - b).map((product_id) => ({ vendor_id: SIERRA_VID, product_id }));
}

export function buildChromePolicy(o: PolicyOptions): ChromePolicy {
  const origin = policyOrigin(o.origin);
  const devices = sierraDeviceList(o.scope);
  const usbDevices = o.includeQualcommEdl ? [...devices, { vendor_id: 0x05c6, product_id: 0x9008 }] : devices;
  return {
    WebUsbAllowDevicesForUrls: [{ devices: usbDevices, urls: [origin] }],
    SerialAllowUsbDevicesForUrls: [{ devices, urls: [origin] }],
  };
}

/** The JSON an administrator pastes (Linux: /etc/opt/chrome/policies/managed/boothold.json). */
export function chromePolicyJson(o: PolicyOptions): string {
  return JSON.stringify(buildChromePolicy(o), null, 2);
}

export const POLICY_LOCATIONS = {
  linux: '/etc/opt/chrome/policies/managed/boothold.json (Chromium: /etc/chromium/policies/managed/)',
  windows: 'Group Policy (ADMX: Google → Google Chrome → Content settings) or HKLM\\Software\\Policies\\Google\\Chrome, the lists as JSON strings',
  macos: 'a configuration profile for com.google.Chrome (MDM)',
  chromeos: 'Google Admin console → Devices → Chrome → Settings → Users & browsers (affiliated users only for serial)',
} as const;
