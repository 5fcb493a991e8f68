import { describe, expect, it } from 'vitest';
import { connectDownloadDevice } from '../../sim/download/memory.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { FakeOrigin, fakeTab } from './fake-platform.fixture.ts';
import { memoryJournal } from './memory-journal.fixture.ts';
import type { ModuleIdentity } from './module-identity.ts';
import { WRITE_LOCK, acquireWriteGuard, afterWrites, watchWrites } from './write-guard.ts';
import { WriteJob } from './write-job.ts';
import { writeImageOfKind } from './write-images.fixture.ts';

const rc7620: ModuleIdentity = { source: 'user', model: 'RC7620-1' };
const tick = () => new Promise((r) => setTimeout(r, 0));

async function job(o: { tab?: ReturnType<typeof fakeTab>; faults?: string; kind?: 'right-product' | 'unknown-line'; typed?: string; readBack?: ConstructorParameters<typeof WriteJob>[0]['readBack']; size?: number } = {}) {
  const { image } = await writeImageOfKind(o.kind ?? 'right-product', o.size ?? 200_000);
  const { device, transport } = connectDownloadDevice({ protocol: 'firehose', ...(o.faults ? { faults: o.faults } : {}) });
  const journal = memoryJournal();
  const j = new WriteJob({
    path: 'flash',
    images: [image],
    module: rc7620,
    transport,
    journal,
    ...(o.tab ? { platform: o.tab } : {}),
    ...(o.typed ? { typedConfirmation: o.typed } : {}),
    ...(o.readBack ? { readBack: o.readBack, readBackTimeoutMs: 300 } : {}),
    engine: { timings: FAST_TIMINGS },
    trace: { capBytes: 8192 },
  });
  return { j, device, journal, transport };
}

describe('the write job', () => {
  it('holds the write lock, the wake lock and the leave warning only while writing, and tells the other tabs', async () => {
    const origin = new FakeOrigin();
    const tab = fakeTab(origin);
    const other = fakeTab(origin);
    const seen: boolean[] = [];
    const stop = watchWrites(other, (writing) => seen.push(writing));
    const { j } = await job({ tab });
    const during: { lock: boolean; wake: number; leave: boolean }[] = [];
    // A second write in the other tab while this one runs: refused, nothing sent.
    const second = await job({ tab: other });
    let secondRun: ReturnType<WriteJob['run']> | null = null;
    j.events.on('progress', (p) => {
      if (p.phase !== 'write' || during.length) return;
      during.push({ lock: origin.isHeld(WRITE_LOCK), wake: tab.wake.held, leave: tab.tryLeave() });
      secondRun = second.j.run();
    });
    const running = j.run();
    await new Promise((r) => setTimeout(r, 5));
    while (!secondRun) await tick();
    const refused = await (secondRun as ReturnType<WriteJob['run']>);
    expect(refused).toMatchObject({ kind: 'refused', refusal: { code: 'write-busy' } });
    expect(refused.kind === 'refused' && refused.refusal.message).toMatch(/Another write is running \(flash: RC7620-1 on virtual RC7620/);
    expect(second.device.hostBytes).toBe(0);
    const outcome = await running;
    expect(outcome.kind).toBe('not-verified');
    expect(during).toEqual([{ lock: true, wake: 1, leave: true }]);
    expect({ lock: origin.isHeld(WRITE_LOCK), wake: tab.wake.held, leave: tab.tryLeave() }).toEqual({ lock: false, wake: 0, leave: false });
    await tick();
    expect(seen).toEqual([true, false]);
    stop();
  });

  it('a service-worker update asked for during a write runs only after it (and no write starts meanwhile)', async () => {
    const origin = new FakeOrigin();
    const tab = fakeTab(origin);
    const { j, device } = await job({ tab, size: 1_000_000 });
    const order: string[] = [];
    j.events.on('outcome', () => order.push('write ended'));
    const running = j.run();
    await new Promise((r) => setTimeout(r, 30));
    const update = afterWrites(fakeTab(origin), async () => {
      order.push(`update applied (written ${device.hostBytes > 1_000_000 ? 'all' : 'part'})`);
      // While the update holds the lock, a new write is refused.
      const g = await acquireWriteGuard(fakeTab(origin), 'x', 'late', 10);
      order.push(g.kind);
    });
    await running;
    await update;
    expect(order).toEqual(['write ended', 'update applied (written all)', 'busy']);
  });

  it('records the attempt as it happens: phases, the protocol messages, bounded raw bytes, outcome and next step', async () => {
    const { j, journal } = await job({ faults: 'unplug-after:100000' });
    const o = await j.run();
    expect(o).toMatchObject({ kind: 'failed', error: { code: 'device-lost', writeStarted: true } });
    const steps = journal.kinds('flow-step').map((b) => (b.kind === 'flow-step' ? `${b.step}:${b.status}` : ''));
    expect(steps.slice(0, 3)).toEqual(['check:done', 'guard:done', 'detect:started']);
    expect(steps).toContain('write:started');
    expect(steps.at(-1)).toMatch(/:failed$/);
    expect(journal.kinds('protocol').length).toBeGreaterThan(3);
    expect(journal.kinds('error').at(-1)).toMatchObject({ source: 'flash', code: 'device-lost' });
    expect(journal.kinds('note').at(-1)).toMatchObject({ text: expect.stringMatching(/^next step: .*reconnect/i) });
    expect(journal.kinds('result').at(-1)).toMatchObject({ outcome: 'failed', code: 'device-lost' });
    // Raw bytes: the protocol whole, the image payload left out, the ring bounded.
    const kept = j.trace.chunks().reduce((n, c) => n + c.bytes.length, 0);
    expect(kept).toBeLessThanOrEqual(8192 + 4096);
    expect(j.trace.omittedBytes).toBeGreaterThan(50_000);
    expect(journal.raw.chunks.some((c) => c.dir === 'rx')).toBe(true);
    expect(journal.holds).toBe(0);
  });

  it('an unknown line written on the typed model name says so in the journal', async () => {
    const refused = await job({ kind: 'unknown-line' });
    expect(await refused.j.run()).toMatchObject({ kind: 'refused', refusal: { code: 'image-line-unknown', confirmable: true, expectTyped: 'RC7620-1' } });
    const { j, journal, device } = await job({ kind: 'unknown-line', typed: 'RC7620' });
    const o = await j.run();
    expect(o.kind).toBe('not-verified');
    expect(device.hostBytes).toBeGreaterThan(200_000);
    expect(journal.kinds('note')).toContainEqual({ kind: 'note', text: 'image-line-unknown: written on the user\'s word — they typed the model name "RC7620"' });
  });

  it('reads the module back after the reset: same version → verified; another → mismatch; nothing → not verified', async () => {
    const fw = (firmwareVersion: string) => async () => ({ model: 'RC7620-1', firmwareVersion, carrier: 'GENERIC', revision: `SWI9X07H_${firmwareVersion}` });
    expect((await (await job({ readBack: fw('00.08.24.02') })).j.run()).kind).toBe('verified');
    const mismatch = await (await job({ readBack: fw('00.08.07.00') })).j.run();
    expect(mismatch).toMatchObject({ kind: 'mismatch', verification: { field: 'firmware', expected: '00.08.24.02', found: '00.08.07.00' } });
    const { j, journal } = await job({ readBack: async (signal) => new Promise((r) => signal.addEventListener('abort', () => r(null))) });
    expect(await j.run()).toMatchObject({ kind: 'not-verified', verification: { reason: 'not-back' } });
    expect(journal.kinds('note')).toContainEqual(expect.objectContaining({ text: expect.stringMatching(/^Written, not verified: the module did not come back/) }));
    expect(journal.kinds('result').at(-1)).toMatchObject({ outcome: 'problems', code: 'not-verified' });
  });

  it('cancel before the first byte stops at once', async () => {
    const { j, device } = await job();
    const p = j.run();
    expect(j.cancel()).toBe('cancelled');
    expect(await p).toMatchObject({ kind: 'failed', error: { code: 'cancelled', writeStarted: false } });
    expect(device.hostBytes).toBe(0);
  });
});
