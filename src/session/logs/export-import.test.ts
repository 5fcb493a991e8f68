import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportFileName, exportJson, toExport } from './export-json.ts';
import { ImportError, importJournal, parseJournalExport } from './import-json.ts';
import { sampleJournal } from './sample-journal.fixture.ts';
import { JournalStore } from './store.ts';

describe('JSON export', () => {
  it('is versioned and masks IMEI, ICCID, IMSI and phone numbers everywhere by default', () => {
    const json = exportJson(sampleJournal(), { appVersion: '0.1.0', now: () => 0 });
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ schema: 'boothold.session-log', version: 1, redacted: true, exportedBy: { app: 'Boothold', version: '0.1.0' } });
    expect(json).not.toMatch(/359234567890123|89330123456789012345|208011234567890|33612345678/);
    expect(doc.session.device.imei).toBe('•••••••••••0123');
    expect(doc.session.device.iccid).toBe('••••••••••••••••2345');
    expect(doc.session.device.imsi).toBe('•••••••••••7890');
    expect(doc.events[2].lines[0]).toBe('•••••••••••0123');
    expect(doc.events[3].line).toContain('+•••••••5678');
    // The IMEI is split across two raw reads: both halves are masked, lengths kept.
    const raw = doc.raw.map((r: { data: string }) => atob(r.data)).join('');
    expect(raw).toBe('\r\n***********0123\r\n\r\nOK\r\n');
  });

  it('keeps identifiers only when the user opts out of redaction', () => {
    const doc = toExport(sampleJournal(), { appVersion: '0.1.0', includeIdentifiers: true });
    expect(doc.redacted).toBe(false);
    expect(doc.session.device.imei).toBe('359234567890123');
  });

  it('names files by date and model', () => {
    expect(exportFileName(sampleJournal(), 'json')).toMatch(/^boothold-session-2026-11-2\d-\d{4}-RC7620-1\.json$/);
  });
});

describe('JSON import', () => {
  const good = () => exportJson(sampleJournal(), { appVersion: '0.1.0' });

  it('keeps the state a flow left (before → after) through export and import; a malformed one is refused', () => {
    const s = sampleJournal();
    const flowState = { flow: 'update', at: s.meta.startedAt + 5, before: { firmware: 'A', carrier: 'SIERRA' }, after: { firmware: 'B', carrier: null }, findingsBefore: true };
    const withState = { ...s, meta: { ...s.meta, flowState } };
    const back = parseJournalExport(exportJson(withState, { appVersion: '0.1.0' }), { now: () => 1 });
    expect(back.meta.flowState).toEqual(flowState);
    // older files have none: still read
    expect(parseJournalExport(good()).meta.flowState).toBeUndefined();
    const bad = JSON.parse(exportJson(withState, { appVersion: '0.1.0' }));
    bad.session.flowState.after = 'B';
    expect(() => parseJournalExport(JSON.stringify(bad))).toThrow(ImportError);
  });

  it('reads back what the export wrote, marked imported', () => {
    const data = parseJournalExport(exportJson(sampleJournal(), { appVersion: '0.1.0', includeIdentifiers: true }), { now: () => 42 });
    const original = sampleJournal();
    // Counts and sizes are recomputed from what the file holds (the fixture's are made up).
    const { counts, raw, sizeBytes, ...rest } = data.meta;
    const { counts: _c, raw: _r, sizeBytes: _s, ...originalRest } = original.meta;
    expect(rest).toEqual({ ...originalRest, origin: 'imported', importedAt: 42 });
    expect(counts).toEqual({ events: original.events.length, commands: original.events.filter((e) => e.kind === 'at-command').length, errors: original.events.filter((e) => e.kind === 'error').length });
    expect(raw.keptBytes).toBe(original.raw.reduce((n, r) => n + r.bytes.length, 0));
    expect(sizeBytes).toBeGreaterThan(1024);
    expect(data.events).toEqual(original.events);
    expect(data.raw).toEqual(original.raw);
  });

  const cases: [string, (doc: Record<string, unknown>) => unknown, string, string | null][] = [
    ['not JSON', () => '{"schema": "boothold', 'not-json', null],
    ['another JSON file', () => ({ name: 'package' }), 'not-a-session-log', null],
    ['a newer format', (d) => ({ ...d, version: 2 }), 'newer-version', 'version'],
    ['a version that never existed', (d) => ({ ...d, version: 0 }), 'unknown-version', 'version'],
    ['a missing field', (d) => ({ ...d, events: undefined }), 'invalid', 'events'],
    ['a wrong type deep inside', (d) => ({ ...d, events: [...(d.events as object[]).slice(0, 2), { ...(d.events as object[])[2], lines: ['ok', 7] }] }), 'invalid', 'events[2].lines[1]'],
    ['an unknown event kind', (d) => ({ ...d, events: [{ seq: 0, t: 0, kind: 'telemetry' }] }), 'invalid', 'events[0].kind'],
    ['an unknown finding id', (d) => ({ ...d, session: { ...(d.session as object), findings: [{ ...((d.session as { findings: object[] }).findings[0]), id: 'made-up' }] } }), 'invalid', 'session.findings[0].id'],
    ['bad base64', (d) => ({ ...d, raw: [{ seq: 99, t: 0, dir: 'rx', data: 'not base64!' }] }), 'invalid', 'raw[0].data'],
    ['a sequence number used twice', (d) => ({ ...d, raw: [{ seq: 1, t: 0, dir: 'rx', data: '' }] }), 'invalid', 'raw[0].seq'],
    ['an id that could be anything', (d) => ({ ...d, session: { ...(d.session as object), id: '../../x' } }), 'invalid', 'session.id'],
  ];
  it.each(cases)('refuses %s with a specific code and path', (_, change, code, path) => {
    const changed = change(JSON.parse(good()));
    const text = typeof changed === 'string' ? changed : JSON.stringify(changed);
    let error: unknown;
    try {
      parseJournalExport(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code, path });
  });

  it('stores a valid file whole, reports a second import as a duplicate, and stores nothing from a bad file', async () => {
    const store = await JournalStore.open('import-1');
    expect(await importJournal(store, good())).toEqual({ id: 's1', duplicate: false });
    expect(await importJournal(store, good())).toEqual({ id: 's1', duplicate: true });
    const bad = JSON.parse(good());
    bad.session.id = 's2';
    bad.events[3].kind = 'nope';
    await expect(importJournal(store, JSON.stringify(bad))).rejects.toBeInstanceOf(ImportError);
    expect((await store.list()).map((m) => m.id)).toEqual(['s1']);
    const back = await store.get('s1');
    expect(back!.events).toHaveLength(4);
    expect(back!.meta.origin).toBe('imported');
  });
});

describe('retention', () => {
  it('drops the oldest sessions beyond the count or the size, never a protected one', async () => {
    const store = await JournalStore.open('retention-1');
    for (let i = 0; i < 6; i++) {
      const s = sampleJournal(`s${i}`, 1000 * i);
      await store.add({ ...s, meta: { ...s.meta, sizeBytes: 100 } });
    }
    expect(await store.usage()).toEqual({ sessions: 6, bytes: 600 });
    expect(await store.enforceRetention(new Set(['s0']), { maxSessions: 4, maxBytes: 1e9 })).toEqual({ removed: ['s1', 's2'], held: [] });
    expect(await store.enforceRetention(new Set(), { maxSessions: 100, maxBytes: 250 })).toEqual({ removed: ['s0', 's3'], held: [] });
    expect((await store.list()).map((m) => m.id)).toEqual(['s5', 's4']);
    expect(await store.retention()).toEqual({ maxSessions: 200, maxBytes: 50 * 1024 * 1024 });
    await store.setRetention({ maxSessions: 1, maxBytes: 1e6 });
    expect(await store.enforceRetention()).toEqual({ removed: ['s4'], held: [] });
    await expect(store.setRetention({ maxSessions: 0, maxBytes: 1 })).rejects.toThrow(RangeError);
    expect(await store.deleteAll()).toEqual({ deleted: 1, held: 0 });
    expect(await store.usage()).toEqual({ sessions: 0, bytes: 0 });
  });
});
