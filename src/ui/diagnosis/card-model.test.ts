import { describe, expect, it, vi } from 'vitest';

vi.mock('../i18n/locale.svelte.ts', () => ({ LOCALES: ['en', 'fr'], getLocale: () => 'en', setLocale: () => undefined }));

import { buildSnapshot } from '../../codec/at/snapshot.ts';
import * as T from '../../codec/at/transcripts.fixture.ts';
import { cardSections } from './card-model.ts';

const ok = { kind: 'ok' } as const;
const snap = buildSnapshot({
  ati: { command: 'ATI', lines: T.ATI_RC7620_R8, final: ok },
  impref: { command: 'AT!IMPREF?', lines: T.IMPREF_SEED, final: ok },
  image: { command: 'AT!IMAGE?', lines: T.IMAGE_SEED, final: ok },
  cpin: { command: 'AT+CPIN?', lines: ['+CPIN: READY'], final: ok },
  iccid: { command: 'AT+CCID', lines: ['+CCID: 8933014512345678901'], final: ok },
  cimi: { command: 'AT+CIMI', lines: ['208011234567890'], final: ok },
  cfun: { command: 'AT+CFUN?', lines: ['+CFUN: 1'], final: ok },
  gstatus: { command: 'AT!GSTATUS?', lines: T.GSTATUS_RC76_NOT_ATTACHED, final: ok },
  cops: { command: 'AT+COPS?', lines: ['+COPS: 0,0,"Orange F",7'], final: ok },
  cereg: { command: 'AT+CEREG?', lines: ['+CEREG: 0,2'], final: ok },
  cgdcont: { command: 'AT+CGDCONT?', lines: ['+CGDCONT: 1,"IPV4V6","","0.0.0.0",0,0,0,0'], final: ok },
});

const value = (sections: ReturnType<typeof cardSections>, id: string, label: string) =>
  sections.find((s) => s.id === id)!.rows.find((r) => r.label === label)?.value;

describe('snapshot card', () => {
  it('masks identifiers by default and reveals them on request', () => {
    const masked = cardSections(snap, false);
    expect(value(masked, 'identity', 'IMEI')).toBe('•••••••••••3456');
    expect(value(masked, 'sim', 'ICCID')).toBe('•••••••••••••••8901');
    expect(value(masked, 'sim', 'IMSI')).toBe('•••••••••••7890');
    const shown = cardSections(snap, true);
    expect(value(shown, 'identity', 'IMEI')).toBe('352653090123456');
  });
  it('shows the seed facts', () => {
    const s = cardSections(snap, false);
    expect(value(s, 'identity', 'Release')).toBe('Release 8');
    expect(value(s, 'carrier', 'Running')).toBe('SIERRA_000.057_000');
    expect(value(s, 'carrier', 'Stored images')).toBe('SIERRA, GENERIC');
    expect(value(s, 'network', 'Registration')).toBe('searching');
    expect(value(s, 'network', 'Data attach')).toContain('Not attached');
    expect(value(s, 'data', 'APN (context 1)')).toBe('empty (network default) (IPV4V6)');
    expect(value(s, 'radio', 'Functionality')).toBe('1 — full');
  });
});
