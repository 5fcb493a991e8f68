/**
 * Issue 17, row "Export of a session where the console saw …": every identifier and secret of
 * that session stays out of the stored secrets and out of the export, in events and raw bytes.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './base64.ts';
import { exportJson } from './export-json.ts';
import { JournalRecorder } from './recorder.ts';
import { redactJournal } from './redaction.ts';
import type { Environment } from './schema.ts';
import { JournalStore } from './store.ts';

const ENV: Environment = { appVersion: '0.1.0', userAgent: 't', browser: null, os: null, language: 'en', timeZone: null, virtualModem: true };
const enc = (s: string) => new TextEncoder().encode(s);

/** What the console saw, as the issue lists it. */
const SEEN = {
  imeiDot: 'IMEI: 359234567890123.',
  imeiDashed: '35-209900-176148-1',
  cnum: '+CNUM: "Me","0612345678",129',
  cmt: '+CMT: "+33698765432",,"24/01/01,12:00:00+04"',
  crsm: '+CRSM: 144,0,"981003541521436587F9"',
  fsn: 'FSN: 4L0183560502A1',
  imsi: '+CIMI: 208011234567890',
  clip: '+CLIP: "+447700900123",145,,,,0',
  cmgl: '+CMGL: 1,"REC READ","0698765432",,"24/01/01,12:00:00+00"',
};
const PLANTED = ['359234567890123', '352099001761481', '0612345678', '33698765432', '981003541521436587', '4L0183560502A1', '208011234567890', '447700900123', '0698765432'];
const SECRETS = ['S3cretPw', 'Cust0mPass', '"4719"', '"5082"', '87654321,4719'];

async function recordJournal() {
  const name = `redaction-${Math.random()}`;
  const recorder = new JournalRecorder({ store: () => JournalStore.open(name), environment: () => ENV, locks: null, flushMs: 5 });
  const log = recorder.begin({ imei: '359234567890123', model: 'RC7620-1' });
  const typed = ['AT!ENTERCND="S3cretPw"', 'AT+CPIN="4719"', 'AT+CLCK="SC",1,"4719"', 'AT+CPWD="SC","4719","5082"', 'AT+CPIN=87654321,4719'];
  for (const c of typed) {
    log.append({ kind: 'at-command', command: c });
    log.raw('tx', enc(c + '\r'));
    log.raw('rx', enc(c + '\r\r\nOK\r\n'));
    log.append({ kind: 'at-response', command: c, lines: [], final: 'OK', ok: true, durationMs: 1, passwordGate: 'open' });
  }
  // A custom unlock password whose echo arrives in two reads, with a flush in between.
  log.raw('rx', enc('AT!ENTERCND="Cust0'));
  await recorder.flush();
  log.raw('rx', enc('mPass"\r\r\nOK\r\n'));
  const lines = Object.values(SEEN);
  log.append({ kind: 'at-response', command: 'ATI', lines, final: 'OK', ok: true, durationMs: 3, passwordGate: 'open' });
  // The same answers in raw bytes, split at awkward places (inside the numbers).
  const text = lines.join('\r\n') + '\r\n';
  for (let i = 0; i < text.length; i += 7) log.raw('rx', enc(text.slice(i, i + 7)));
  log.append({ kind: 'urc', line: 'RING' });
  log.result('ok');
  recorder.endCurrent({ connected: false });
  await recorder.flush();
  const store = await recorder.store();
  return (await store.get(log.id))!;
}

const rawOf = (d: { raw: readonly { bytes: Uint8Array }[] }) => d.raw.map((r) => String.fromCharCode(...r.bytes)).join('');

describe('redaction that holds', () => {
  it('masks unlock passwords and PINs before anything is stored, in events and raw bytes, even split across reads', async () => {
    const stored = await recordJournal();
    const events = stored.events.map((e) => ('command' in e ? e.command : '')).join('\n');
    const raw = rawOf(stored);
    for (const s of SECRETS) {
      expect(events).not.toContain(s);
      expect(raw).not.toContain(s);
    }
    expect(events).toContain('AT!ENTERCND="********"');
    expect(raw).toContain('AT!ENTERCND="**********"');
    // Identifiers stay in clear in the local store (the user may reveal them); only secrets go.
    expect(raw).toContain('0612345678');
  });

  it('exports none of the identifiers the session saw, in any form, by default', async () => {
    const stored = await recordJournal();
    const json = exportJson(stored, { appVersion: '0.1.0' });
    const doc = JSON.parse(json);
    const raw = doc.raw.map((r: { data: string }) => String.fromCharCode(...fromBase64(r.data))).join('');
    const all = json + raw;
    for (const id of [...PLANTED, ...SECRETS]) expect(all, id).not.toContain(id);
    // …nor its digits with their separators back in.
    expect(all).not.toMatch(/35-209900-176148-1/);
    // What support needs is still there.
    expect(all).toContain('•••••••••••0123');
    expect(doc.events.find((e: { command?: string }) => e.command === 'ATI').lines).toContain('+CNUM: "Me","••••••5678",129');
    expect(raw).toContain('+CNUM: "Me","******5678",129');
    expect(all).toContain('+•••••••5432');
    expect(all).toContain('••••••••••02A1');
    expect(raw).toContain('****************87F9');
    expect(doc.redacted).toBe(true);
  });

  it('masks an identifier seen once in clear wherever else its digits appear, whatever the spacing', () => {
    const data = {
      meta: { device: { manufacturer: null, model: null, firmware: null, imei: '352653090412884', iccid: null, imsi: null, port: null } },
      events: [{ seq: 0, t: 0, kind: 'note', text: 'customer wrote 3526 5309 0412 884 in the ticket' }],
      raw: [],
    } as unknown as Parameters<typeof redactJournal>[0];
    const r = redactJournal(data);
    expect(JSON.stringify(r)).not.toMatch(/0412 884/);
  });

  it('keeps identifiers only on an explicit choice, and the export records it', async () => {
    const stored = await recordJournal();
    const doc = JSON.parse(exportJson(stored, { appVersion: '0.1.0', includeIdentifiers: true }));
    expect(doc.redacted).toBe(false);
    expect(doc.identifiers).toBe('included');
    expect(JSON.stringify(doc)).toContain('0612345678');
    // Secrets are never included: they were masked before storage.
    expect(JSON.stringify(doc)).not.toContain('S3cretPw');
  });
});
