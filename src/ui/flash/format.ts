/**
 * Pure helpers for the flash panel: message keys per error code (a Record over the closed
 * unions, so a new code without text fails the typecheck), sizes and durations.
 */
import type { DownloadErrorCode } from '../../session/download/errors.ts';
import type { TransportErrorCode } from '../../transport/errors.ts';
import type { ClaimFailureCause } from '../../transport/web-usb.ts';
import { formatBytes } from '../images/format.ts';
import type { flashMessages } from './messages.ts';

type Key = Parameters<typeof flashMessages.t>[0];

const ERROR_KEYS: Record<DownloadErrorCode, { title: Key; steps: Key }> = {
  'emergency-mode': { title: 'err_emergency_mode_title', steps: 'err_emergency_mode_steps' },
  'no-download-protocol': { title: 'err_no_download_protocol_title', steps: 'err_no_download_protocol_steps' },
  'silent-module': { title: 'err_silent_module_title', steps: 'err_silent_module_steps' },
  'payload-below-sector': { title: 'err_payload_below_sector_title', steps: 'err_payload_below_sector_steps' },
  'protocol-mismatch': { title: 'err_protocol_mismatch_title', steps: 'err_protocol_mismatch_steps' },
  'image-refused': { title: 'err_image_refused_title', steps: 'err_image_refused_steps' },
  'wrong-product': { title: 'err_wrong_product_title', steps: 'err_wrong_product_steps' },
  'image-read-failed': { title: 'err_image_read_failed_title', steps: 'err_image_read_failed_steps' },
  timeout: { title: 'err_timeout_title', steps: 'err_timeout_steps' },
  'device-refused': { title: 'err_device_refused_title', steps: 'err_device_refused_steps' },
  'device-error': { title: 'err_device_error_title', steps: 'err_device_error_steps' },
  'reply-crc': { title: 'err_reply_crc_title', steps: 'err_reply_crc_steps' },
  'bad-reply': { title: 'err_bad_reply_title', steps: 'err_bad_reply_steps' },
  'sequence-mismatch': { title: 'err_sequence_mismatch_title', steps: 'err_sequence_mismatch_steps' },
  'unexpected-data': { title: 'err_unexpected_data_title', steps: 'err_unexpected_data_steps' },
  'device-lost': { title: 'err_device_lost_title', steps: 'err_device_lost_steps' },
  transport: { title: 'err_transport_title', steps: 'err_transport_steps' },
  cancelled: { title: 'err_cancelled_title', steps: 'err_cancelled_steps' },
};

export function errorKeys(code: DownloadErrorCode): { title: Key; steps: Key } {
  return ERROR_KEYS[code];
}

export function linkErrorKeys(code: TransportErrorCode, claim: ClaimFailureCause | null): { title: Key; steps: Key } {
  switch (code) {
    case 'claim-failed':
      return {
        title: 'tr_claim_failed_title',
        steps: claim === 'linux-qcserial' ? 'tr_claim_linux_steps' : claim === 'windows-winusb' ? 'tr_claim_windows_steps' : 'tr_claim_other_steps',
      };
    case 'no-suitable-interface':
      return { title: 'tr_no_suitable_interface_title', steps: 'tr_no_suitable_interface_steps' };
    case 'permission-denied':
      return { title: 'tr_permission_denied_title', steps: 'tr_permission_denied_steps' };
    case 'port-busy':
      return { title: 'tr_port_busy_title', steps: 'tr_port_busy_steps' };
    default:
      return { title: 'tr_other_title', steps: 'tr_other_steps' };
  }
}

/** Sizes as the image pages show them (binary units, in the active language), so the same file reads the same everywhere. */
export function fmtSize(bytes: number): string {
  return formatBytes(bytes);
}

export function fmtDuration(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const m = Math.floor(t / 60);
  return `${m}:${String(t % 60).padStart(2, '0')}`;
}
