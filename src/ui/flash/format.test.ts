import { describe, expect, it, vi } from 'vitest';

// messages.ts reads the active language from a Svelte rune; the tables do not need it.
vi.mock('../i18n/locale.svelte.ts', () => ({ LOCALES: ['en', 'fr'], getLocale: () => 'en', setLocale: () => undefined }));
import { errorKeys, fmtDuration, linkErrorKeys } from './format.ts';
import { flashMessages } from './messages.ts';

const CODES = [
  'emergency-mode', 'no-download-protocol', 'silent-module', 'payload-below-sector', 'protocol-mismatch', 'image-refused', 'wrong-product', 'image-read-failed', 'timeout',
  'device-refused', 'device-error', 'reply-crc', 'bad-reply', 'sequence-mismatch', 'unexpected-data', 'device-lost', 'transport', 'cancelled',
] as const;

describe('flash panel texts', () => {
  it.each(CODES)('%s has a title and next steps in both languages', (code) => {
    const k = errorKeys(code);
    for (const lang of ['en', 'fr'] as const) {
      expect(flashMessages.tables[lang][k.title].length).toBeGreaterThan(3);
      expect(flashMessages.tables[lang][k.steps].split('|').every((s) => s.trim().length > 10)).toBe(true);
    }
  });

  it('claim failures get the platform’s own steps', () => {
    expect(linkErrorKeys('claim-failed', 'linux-qcserial').steps).toBe('tr_claim_linux_steps');
    expect(linkErrorKeys('claim-failed', 'windows-winusb').steps).toBe('tr_claim_windows_steps');
    expect(flashMessages.tables.en.tr_claim_linux_steps).toMatch(/qcserial\/unbind/);
    expect(flashMessages.tables.en.tr_claim_windows_steps).toMatch(/Zadig/);
    expect(linkErrorKeys('io', null).title).toBe('tr_other_title');
  });

  it('formats durations for the ETA', () => {
    expect(fmtDuration(75.4)).toBe('1:15');
    expect(fmtDuration(-3)).toBe('0:00');
  });
});
