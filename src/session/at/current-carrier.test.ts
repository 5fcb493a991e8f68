import { describe, expect, it } from 'vitest';
import { AtSession } from './at-session.ts';
import { readCurrentCarrier } from './current-carrier.ts';
import { answer, ScriptedModem } from './test-responder.fixture.ts';

const IMPREF = [
  '!IMPREF: ',
  ' preferred fw version:    00.08.24.02',
  ' preferred carrier name:  GENERIC',
  ' preferred config name:   GENERIC_002.045_001',
  ' current fw version:      00.08.24.02',
  ' current carrier name:    SIERRA',
  ' current config name:     SIERRA_002.031_000',
];

describe('readCurrentCarrier', () => {
  it('reads the current (not the preferred) carrier from AT!IMPREF?', async () => {
    const modem = new ScriptedModem((c) => (c === 'AT!IMPREF?' ? answer(IMPREF) : answer([], 'ERROR')));
    expect(await readCurrentCarrier(new AtSession(modem.transport))).toBe('SIERRA');
    expect(modem.received).toEqual(['AT!IMPREF?']);
  });

  it('falls back to AT!GOBIIMPREF? on modules that refuse AT!IMPREF?', async () => {
    const gobi = IMPREF.map((l) => l.replace('!IMPREF', '!GOBIIMPREF'));
    const modem = new ScriptedModem((c) => (c === 'AT!GOBIIMPREF?' ? answer(gobi) : answer([], 'ERROR')));
    expect(await readCurrentCarrier(new AtSession(modem.transport))).toBe('SIERRA');
    expect(modem.received).toEqual(['AT!IMPREF?', 'AT!GOBIIMPREF?']);
  });

  it('gives null, not an error, when the module stays silent', async () => {
    const modem = new ScriptedModem(() => null);
    expect(await readCurrentCarrier(new AtSession(modem.transport), { timeoutMs: 50 })).toBeNull();
  });
});
