import { describe, expect, it, vi } from 'vitest';

vi.mock('../i18n/locale.svelte.ts', () => ({ getLocale: () => 'en', setLocale: () => undefined }));

import type { BatchRow } from '../../session/fleet/batch-record.ts';
import { queuedRow } from '../../session/fleet/batch-update.ts';
import { RateMeter, batchJobSource, batchOutcome } from './batch-job.ts';

function row(id: string, over: Partial<BatchRow>): BatchRow {
  return { ...queuedRow(id, { key: null, model: 'RC7620-1', imei: `3520990000000${id}`, fsn: null }), ...over };
}

describe('the batch as a job', () => {
  it('measures the rate over the last seconds, and starts again when the bytes go back (the next modem)', () => {
    const meter = new RateMeter(4_000);
    expect(meter.add(0, 0)).toBeNull();
    expect(meter.add(1_000, 100_000)).toBeCloseTo(100_000);
    expect(meter.add(2_000, 300_000)).toBeCloseTo(150_000);
    expect(meter.add(3_000, 0)).toBeNull();
  });

  it('names the modem updating now, its share of the bytes, and the one Stop', () => {
    let t = 0;
    let rows = [row('1', { status: 'ok', phase: 'done' }), row('2', { status: 'running', phase: 'flash', progress: 0.25 }), row('3', {})];
    const stop = vi.fn();
    const source = batchJobSource({ rows: () => rows, imageName: 'R9.spk', imageSize: 1_000_000, stop, now: () => t });
    let r = source.read();
    expect(r.title).toBe('Batch update — R9.spk');
    expect(r.stage).toBe(1);
    expect(r.stages).toHaveLength(3);
    expect(r.doing).toBe('Modem 2 of 3: RC7620-1 ••••••••••0002 — Write the firmware');
    expect(r.transfer).toEqual({ bytesDone: 250_000, bytesTotal: 1_000_000, bytesPerSecond: null, etaSeconds: null });
    expect(r.handsOff).toBe(true);
    t = 1_000;
    rows = [rows[0]!, row('2', { status: 'running', phase: 'flash', progress: 0.5 }), rows[2]!];
    r = source.read();
    expect(r.transfer?.bytesPerSecond).toBeCloseTo(250_000);
    expect(r.transfer?.etaSeconds).toBeCloseTo(2);
    expect(r.status).toBe('Batch update: 1 of 3 modems in progress');
    r.stop?.run();
    expect(stop).toHaveBeenCalledOnce();
  });

  it('ends done when every modem is updated or skipped, failed when one failed, stopped when the operator stopped it', () => {
    expect(batchOutcome([row('1', { status: 'ok' }), row('2', { status: 'skipped' })], false)).toBe('done');
    expect(batchOutcome([row('1', { status: 'ok' }), row('2', { status: 'failed' })], false)).toBe('failed');
    expect(batchOutcome([row('1', { status: 'ok' })], true)).toBe('stopped');
  });
});
