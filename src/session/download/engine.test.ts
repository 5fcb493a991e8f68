import { describe, expect, it } from 'vitest';
import { connectDownloadDevice } from '../../sim/download/memory.ts';
import { DownloadEngine } from './engine.ts';
import type { DownloadProgress } from './engine.ts';
import { FAST_TIMINGS } from './timings.ts';
import { goldenImageBytes, imageFromBytes } from './image.fixture.ts';

describe('download engine against the virtual modem', () => {
  it.each(['firehose', 'qdl'] as const)('%s: flashes a multi-chunk image and the flash holds it', async (protocol) => {
    const bytes = goldenImageBytes(2_500_000);
    let resetCause = '';
    const { device, transport } = connectDownloadDevice({ protocol, onReset: (_f, c) => (resetCause = c) });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(bytes)], timings: FAST_TIMINGS });
    const progress: DownloadProgress[] = [];
    engine.events.on('progress', (p) => progress.push(p));
    const result = await engine.run();
    expect(result.protocol).toBe(protocol);
    expect(result.reset).toBe('gone');
    expect(result.message).toBe('Reset sent, device gone as expected.');
    expect(resetCause).toBe('reset');
    const [img] = device.flash.images;
    expect(img?.complete).toBe(true);
    expect(Buffer.from(img!.bytes()!).equals(Buffer.from(bytes))).toBe(true);
    expect(img?.parts?.children.map((c) => c.type)).toEqual(['BOOT', 'MODM', 'FILE']);
    expect(device.flash.bootOutcome().mode).toBe('application');
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['detect', 'hello', 'configure', 'write', 'finalize', 'reset']);
    expect(progress.at(-1)?.bytesDone).toBe(bytes.length);
  });

  it.each(['firehose', 'qdl'] as const)('%s: writes two files largest first in one session', async (protocol) => {
    const small = goldenImageBytes();
    const big = goldenImageBytes(50_000);
    const { device, transport } = connectDownloadDevice({ protocol });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(small, 'a.nvu'), imageFromBytes(big, 'b.cwe')], timings: FAST_TIMINGS });
    const r = await engine.run();
    expect(r.images.map((i) => i.name)).toEqual(['b.cwe', 'a.nvu']);
    expect(device.flash.images.map((i) => i.bytes()?.length)).toEqual([big.length, small.length]);
  });

  it('refuses an image that failed inspection before sending anything', async () => {
    const { device, transport } = connectDownloadDevice({ protocol: 'qdl' });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes(), 'bad.spk', 'refused')], timings: FAST_TIMINGS });
    await expect(engine.run()).rejects.toMatchObject({ code: 'image-refused' });
    expect(device.hostBytes).toBe(0);
  });

  it('refuses an image for another product, naming both', async () => {
    const { device, transport } = connectDownloadDevice({ protocol: 'firehose' });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS, expectProducts: ['9X50'] });
    await expect(engine.run()).rejects.toMatchObject({ code: 'wrong-product', message: expect.stringMatching(/9X07.*9X50/) });
    expect(device.hostBytes).toBe(0);
  });

  it('recognises Qualcomm emergency mode and never speaks to it', async () => {
    const { device, transport } = connectDownloadDevice({
      protocol: 'firehose',
      info: { kind: 'memory', label: 'EDL', usb: { vendorId: 0x05c6, productId: 0x9008 } },
    });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS });
    await expect(engine.run()).rejects.toMatchObject({ code: 'emergency-mode', nextStep: expect.stringMatching(/emergency/) });
    expect(device.hostBytes).toBe(0);
  });

  it('cancels cleanly before writing, and only with confirmation during writing', async () => {
    const { transport } = connectDownloadDevice({ protocol: 'qdl' });
    const engine = new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes())], timings: FAST_TIMINGS });
    const run = engine.run();
    expect(engine.cancel()).toBe('cancelled');
    await expect(run).rejects.toMatchObject({ code: 'cancelled', writeStarted: false });

    const b = connectDownloadDevice({ protocol: 'firehose', faults: 'slow:20000000' });
    const e2 = new DownloadEngine({ transport: b.transport, images: [imageFromBytes(goldenImageBytes(3_000_000))], timings: FAST_TIMINGS });
    let asked = '';
    e2.events.on('progress', (p) => {
      if (p.phase === 'write' && p.bytesDone > 0 && !asked) {
        asked = e2.cancel();
        e2.cancel({ confirmed: true });
      }
    });
    await expect(e2.run()).rejects.toMatchObject({ code: 'cancelled', writeStarted: true });
    expect(asked).toBe('needs-confirmation');
  });
});
