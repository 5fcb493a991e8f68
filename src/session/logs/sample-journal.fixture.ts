/** A finished session with identifiers everywhere, for tests of exports, imports and views. */
import type { JournalData, JournalMeta } from './schema.ts';

const enc = (s: string) => new TextEncoder().encode(s);

export function sampleJournal(id = 's1', startedAt = Date.UTC(2026, 10, 25, 21, 31)): JournalData {
  const meta: JournalMeta = {
    id,
    startedAt,
    updatedAt: startedAt + 5000,
    endedAt: startedAt + 6000,
    origin: 'live',
    importedAt: null,
    outcome: 'problems',
    outcomeCode: null,
    flows: [],
    device: {
      manufacturer: 'Sierra Wireless, Incorporated',
      model: 'RC7620-1',
      firmware: 'SWI9X07Y_02.37.03.00',
      imei: '359234567890123',
      iccid: '89330123456789012345',
      imsi: '208011234567890',
      port: 'USB 1199:68C0',
    },
    environment: { appVersion: '0.1.0', userAgent: 'UA', browser: 'Chrome 131', os: 'Linux', language: 'fr', timeZone: 'Europe/Paris', virtualModem: false },
    findings: [
      {
        id: 'carrier-mismatch',
        severity: 'error',
        title: { en: 'Carrier image does not match the SIM', fr: 'L’image opérateur ne correspond pas à la SIM' },
        detail: { en: 'SIERRA image, Orange SIM', fr: 'Image SIERRA, SIM Orange' },
        nextSteps: [{ text: { en: 'Switch to GENERIC', fr: 'Passer en GENERIC' }, actionId: 'set-impref-generic' }],
        source: 'Sierra AirPrime RC76xx AT guide',
        evidence: ['AT!IMPREF?'],
      },
    ],
    counts: { events: 4, commands: 2, errors: 0 },
    raw: { keptBytes: 60, droppedBytes: 0, capBytes: 262144 },
    sizeBytes: 2000,
  };
  return {
    meta,
    events: [
      { seq: 0, t: startedAt, kind: 'connection', phase: 'connected', port: 'USB 1199:68C0' },
      { seq: 1, t: startedAt + 10, kind: 'at-command', command: 'AT+CGSN' },
      { seq: 3, t: startedAt + 20, kind: 'at-response', command: 'AT+CGSN', lines: ['359234567890123'], final: 'OK', ok: true, durationMs: 10, passwordGate: 'open' },
      { seq: 4, t: startedAt + 30, kind: 'urc', line: '+CLIP: "+33612345678",145' },
    ],
    raw: [
      { seq: 2, t: startedAt + 15, dir: 'rx', bytes: enc('\r\n3592345678') },
      { seq: 5, t: startedAt + 16, dir: 'rx', bytes: enc('90123\r\n\r\nOK\r\n') },
    ],
  };
}

