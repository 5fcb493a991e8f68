import { describe, expect, it } from 'vitest';
import { BusTimeline, busNote, parseBusNote, summarizeBus } from './bus-timeline.ts';

describe('the bus timeline', () => {
  it('keeps one span per appearance and identity, open while up', () => {
    const t = new BusTimeline();
    t.begin(0);
    t.appeared('app', 1_000);
    t.appeared('app', 1_010); // another port of the same device
    t.vanished('app', 3_000);
    t.appeared('download', 7_000);
    const d = t.data(10_000);
    expect(d).toEqual({
      start: 0,
      end: 10_000,
      spans: [
        { identity: 'app', from: 1_000, to: 3_000 },
        { identity: 'download', from: 7_000, to: null },
      ],
    });
    expect(t.isUp('download')).toBe(true);
    expect(summarizeBus(d)).toEqual([
      { identity: 'app', appearances: 1, meanUpMs: 2_000, upNow: false },
      { identity: 'download', appearances: 1, meanUpMs: null, upNow: true },
    ]);
  });

  it('forgets what is older than its horizon and keeps at most maxSpans', () => {
    const t = new BusTimeline({ horizonMs: 60_000, maxSpans: 3 });
    for (let i = 0; i < 10; i++) {
      t.appeared('app', i * 10_000);
      t.vanished('app', i * 10_000 + 2_000);
    }
    const d = t.data(100_000);
    expect(d.start).toBe(40_000);
    expect(d.spans.map((s) => s.from)).toEqual([70_000, 80_000, 90_000]);
  });

  it('goes into a journal note and back', () => {
    const t = new BusTimeline();
    t.begin(5_000);
    t.appeared('app', 6_000);
    t.vanished('app', 8_500);
    t.appeared('download', 20_000);
    const note = busNote(t.data(30_000));
    expect(note.startsWith('bus-timeline ')).toBe(true);
    expect(parseBusNote(note)).toEqual({
      start: 0,
      end: 25_000,
      spans: [
        { identity: 'app', from: 1_000, to: 3_500 },
        { identity: 'download', from: 15_000, to: null },
      ],
    });
    expect(parseBusNote('an ordinary note')).toBeNull();
    expect(parseBusNote('bus-timeline {"ms":1,"s":[["x",0,1]]}')).toBeNull();
  });
});
