/**
 * Issue 17, rows "Import of a session file claiming sizeBytes: 1e15" and "Two tabs: retention or
 * Delete all in tab B": imports are judged on what they hold, and a live session belongs to the
 * tab recording it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportJson } from './export-json.ts';
import { ImportError, importJournal, MAX_IMPORT_BYTES, parseJournalExport, readImportText } from './import-json.ts';
import { sampleJournal } from './sample-journal.fixture.ts';
import { JournalRecorder } from './recorder.ts';
import type { Environment } from './schema.ts';
import { JournalStore } from './store.ts';

const ENV: Environment = { appVersion: '0.1.0', userAgent: 't', browser: null, os: null, language: 'en', timeZone: null, virtualModem: true };

/** Web Locks shared by the "tabs" of one test, as the browser shares them across an origin's tabs. */
class FakeLocks {
  readonly #held = new Map<string, number>();
  async request(name: string, cb: () => Promise<void>): Promise<void> {
    this.#held.set(name, (this.#held.get(name) ?? 0) + 1);
    try {
      await cb();
    } finally {
      const n = this.#held.get(name)! - 1;
      if (n) this.#held.set(name, n);
      else this.#held.delete(name);
    }
  }
  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.#held.keys()].map((name) => ({ name, mode: 'exclusive', clientId: 'tab' })), pending: [] };
  }
  asManager(): LockManager {
    return this as unknown as LockManager;
  }
}

function claiming(patch: Record<string, unknown>, id = 'claim'): string {
  const doc = JSON.parse(exportJson(sampleJournal(id, 5000), { appVersion: '0.1.0' }));
  Object.assign(doc.session, patch);
  return JSON.stringify(doc);
}

async function storeWith(name: string, n: number, locks: LockManager | null = null, from = 0): Promise<JournalStore> {
  const store = await JournalStore.open(name, locks);
  for (let i = 0; i < n; i++) await store.add(sampleJournal(`old${i}`, from + i));
  return store;
}

describe('imports trust nothing', () => {
  it('a file claiming sizeBytes 1e15 deletes no other session: sizes are computed from its bytes', async () => {
    const store = await storeWith('trust-1', 5);
    await store.setRetention({ maxSessions: 100, maxBytes: 10 * 1024 * 1024 });
    await importJournal(store, claiming({ sizeBytes: 1e15 }));
    const ids = (await store.list()).map((m) => m.id).sort();
    expect(ids).toEqual(['claim', 'old0', 'old1', 'old2', 'old3', 'old4']);
    const meta = (await store.meta('claim'))!;
    expect(meta.sizeBytes).toBeGreaterThan(1024);
    expect(meta.sizeBytes).toBeLessThan(100_000);
  });

  it('a file claiming sizeBytes 0 and zero counts is stored with its real size and counts', async () => {
    const data = parseJournalExport(claiming({ sizeBytes: 0, counts: { events: 0, commands: 0, errors: 0 }, raw: { keptBytes: 0, droppedBytes: 0, capBytes: 0 } }));
    const truth = sampleJournal();
    expect(data.meta.sizeBytes).toBeGreaterThan(1024);
    expect(data.meta.counts.events).toBe(truth.events.length);
    expect(data.meta.counts.commands).toBe(truth.events.filter((e) => e.kind === 'at-command').length);
    expect(data.meta.raw.keptBytes).toBe(truth.raw.reduce((n, r) => n + r.bytes.length, 0));
  });

  it('refuses a file over the limit before reading any of it, and one whose size lied while streaming', async () => {
    let read = false;
    const huge = { size: MAX_IMPORT_BYTES + 1, stream: () => ((read = true), new Blob([]).stream()) };
    await expect(readImportText(huge)).rejects.toMatchObject({ code: 'too-large' });
    expect(read).toBe(false);
    const liar = { size: 10, stream: () => new Blob([new Uint8Array(5000)]).stream() };
    await expect(readImportText(liar, 1000)).rejects.toBeInstanceOf(ImportError);
    const ok = new Blob([exportJson(sampleJournal(), { appVersion: '0.1.0' })]);
    expect(parseJournalExport(await readImportText(ok)).events.length).toBe(sampleJournal().events.length);
  });

  it('says an imported masked export is masked', async () => {
    const masked = parseJournalExport(exportJson(sampleJournal(), { appVersion: '0.1.0' }));
    expect(masked.meta.identifiersMasked).toBe(true);
    const clear = parseJournalExport(exportJson(sampleJournal(), { appVersion: '0.1.0', includeIdentifiers: true }));
    expect(clear.meta.identifiersMasked).toBeUndefined();
    // Re-exported "with identifiers", it still says they are masked: they are.
    expect(JSON.parse(exportJson(masked, { appVersion: '0.1.0', includeIdentifiers: true })).redacted).toBe(true);
  });
});

describe('sessions never lost to another tab', () => {
  it('retention and "Delete all" in tab B skip the session tab A is recording, and say so; A keeps all 11 events', async () => {
    const locks = new FakeLocks();
    const name = 'two-tabs';
    // Tab A records a session of 11 events.
    const recorderA = new JournalRecorder({ store: () => JournalStore.open(name, locks.asManager()), environment: () => ENV, locks: locks.asManager(), flushMs: 5 });
    const log = recorderA.begin({ model: 'RC7620-1' });
    for (let i = 0; i < 5; i++) log.note(`before ${i}`);
    await recorderA.flush();
    // Tab B: its own store connection, older sessions, a strict retention, then "Delete all".
    // (They are newer than A's, so A's is the first retention would drop.)
    const storeB = await storeWith(name, 3, locks.asManager(), Date.now() + 1000);
    const retention = await storeB.enforceRetention(new Set(), { maxSessions: 1, maxBytes: 1e9 });
    expect(retention.held).toEqual([log.id]);
    expect(retention.removed).not.toContain(log.id);
    const all = await storeB.deleteAll(new Set());
    expect(all.held).toBe(1);
    expect((await storeB.list()).map((m) => m.id)).toEqual([log.id]);
    // Tab A writes on: nothing of its session went missing.
    for (let i = 0; i < 6; i++) log.note(`after ${i}`);
    await recorderA.flush();
    const back = await storeB.get(log.id);
    expect(back!.events).toHaveLength(11);
    // Once tab A ends the session (its lock is released), tab B may delete it.
    recorderA.endCurrent({ connected: false });
    await recorderA.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect((await storeB.deleteAll()).deleted).toBe(1);
  });
});
