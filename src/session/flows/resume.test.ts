import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GuidedFlow } from './guided-flow.ts';
import { IdbFlowStore, probablyInDownloadMode, resumePhase, type FlowRecord } from './persistence.ts';
import { drive, grantAtPort, r9Image, rig } from './rig.fixture.ts';
import { imageRef } from './flow-image.ts';

describe('flow persistence and resume', () => {
  it('stores, reloads and clears the record in IndexedDB', async () => {
    const store = new IdbFlowStore('test-flows-1');
    expect(await store.load()).toBeNull();
    const rec: FlowRecord = { id: 'f1', kind: 'update', phase: 'flash', progress: 0.43, image: imageRef(r9Image(1000)), before: null, model: 'RC7620-1', usb: { vendorId: 0x1199, productId: 0x68c0 }, targetCarrier: null, startedAt: 1, updatedAt: 2 };
    await store.save(rec);
    const back = await store.load();
    expect(back).toMatchObject({ id: 'f1', phase: 'flash', progress: 0.43, model: 'RC7620-1' });
    expect(probablyInDownloadMode(back!)).toBe(true);
    expect(resumePhase({ ...rec, phase: 'verify' })).toBe('wait-app');
    await store.clear();
    expect(await store.load()).toBeNull();
    await store.close();
  });

  it('a flash interrupted by a reload continues in download mode and finishes', async () => {
    const r = rig('seed');
    const port = await grantAtPort(r);
    const first = new GuidedFlow({ kind: 'update', env: r.env, atPort: port, image: r9Image() });
    void first.run();
    await drive(r.clock, () => first.state.prompt?.kind === 'confirm-image');
    first.confirm();
    await drive(r.clock, () => first.state.prompt?.kind === 'reconnect');
    await drive(r.clock, () => r.bench.modem().mode === 'download' && r.bench.modem().attachment !== null);
    // the page goes away here: its flow object is gone, the record stays
    const record = r.store.record!;
    expect(record.phase).toBe('wait-download');
    first.events.clear();
    const second = new GuidedFlow({ kind: record.kind, env: r.env, resume: record, image: null });
    expect(second.state.phase).toBe('wait-download');
    expect(second.state.image?.firmwareVersion).toBe('00.08.24.02');
    void second.run();
    await drive(r.clock, () => second.state.prompt?.kind === 'reconnect');
    r.bench.picker.next = 'auto';
    void second.reconnect();
    await drive(r.clock, () => second.state.prompt?.kind === 'choose-image');
    second.provideImage(r9Image());
    await drive(r.clock, () => second.state.status === 'done' || second.state.status === 'failed');
    expect(second.state.failure).toBeNull();
    expect(second.state.verify?.ok).toBe(true);
    r.bench.dispose();
  });
});
