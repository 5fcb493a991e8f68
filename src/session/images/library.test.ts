import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildCwe } from '../../codec/cwe/writer.ts';
import { goldenTestImageSpec } from '../../codec/cwe/images.fixture.ts';
import { bytesSource } from './byte-source.ts';
import { inspectSource } from './inspect.ts';
import { ImageLibrary } from './library.ts';
import type { InspectionReport } from './report.ts';

let n = 0;
function fakeStorage(usage: number, quota: number): StorageManager {
  let persisted = false;
  return {
    estimate: async () => ({ usage, quota }),
    persisted: async () => persisted,
    persist: async () => (persisted = true),
    getDirectory: async () => {
      throw new Error('unused');
    },
  } as StorageManager;
}

async function report(bytes: Uint8Array, name: string, sha: string): Promise<InspectionReport> {
  return { ...(await inspectSource(bytesSource(bytes, name))), sha256: sha };
}

describe('image library', () => {
  it('stores once per content hash, lists newest first, searches by version/carrier, deletes', async () => {
    const lib = await ImageLibrary.open({ name: `t${n++}`, storage: fakeStorage(0, 10 << 30) });
    const a = buildCwe(goldenTestImageSpec());
    const ra = await report(a, 'R9_GENERIC.spk', 'aa');
    expect(await lib.put(new Blob([a]), ra)).toBe(true);
    expect(await lib.put(new Blob([a]), { ...ra, file: 'copy.spk' })).toBe(false);
    const b = buildCwe({ ...goldenTestImageSpec(), version: '9999999_9999999_SWI9X07H_00.08.07.00_00_SIERRA_000.057_000' });
    await new Promise((r) => setTimeout(r, 2));
    await lib.put(new Blob([b]), await report(b, 'R8_SIERRA.spk', 'bb'));
    expect((await lib.list()).map((e) => e.name)).toEqual(['R8_SIERRA.spk', 'R9_GENERIC.spk']);
    expect((await lib.search('sierra')).map((e) => e.sha256)).toEqual(['bb']);
    expect((await lib.search('00.08.24 generic')).map((e) => e.sha256)).toEqual(['aa']);
    expect((await lib.search('Release 9')).map((e) => e.sha256)).toEqual(['aa']);
    expect((await lib.search('00.08.07')).map((e) => e.sha256)).toEqual(['bb']);
    const f = await lib.file('aa');
    expect(f.name).toBe('R9_GENERIC.spk');
    expect(new Uint8Array(await f.arrayBuffer())).toEqual(a);
    await lib.delete('aa');
    expect(await lib.has('aa')).toBe(false);
    await expect(lib.file('aa')).rejects.toMatchObject({ code: 'not-found' });
    expect((await lib.status()).libraryBytes).toBe(b.length);
    lib.close();
  });

  it('warns before a store that would exceed the quota, and spots private-window quotas', async () => {
    const lib = await ImageLibrary.open({ name: `t${n++}`, storage: fakeStorage(90 << 20, 100 << 20) });
    expect(await lib.checkQuota('x', 50 << 20)).toMatchObject({ kind: 'too-big', smallQuota: true });
    expect(await lib.checkQuota('x', 1 << 20)).toMatchObject({ kind: 'fits' });
    const s = await lib.status();
    expect(s).toMatchObject({ smallQuota: true, persisted: false, quota: 100 << 20 });
    expect(await lib.requestPersistence()).toBe(true);
    expect((await lib.status()).persisted).toBe(true);
    lib.close();
  });

  it('reports a duplicate before storing', async () => {
    const lib = await ImageLibrary.open({ name: `t${n++}`, storage: null });
    const a = buildCwe(goldenTestImageSpec());
    await lib.put(new Blob([a]), await report(a, 'a.spk', 'cc'));
    expect(await lib.checkQuota('cc', a.length)).toEqual({ kind: 'duplicate' });
    expect(await lib.checkQuota('dd', a.length)).toEqual({ kind: 'fits', free: null });
    lib.close();
  });
});
