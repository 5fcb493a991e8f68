import { describe, expect, it } from 'vitest';
import { hdlcEncode } from '../../codec/hdlc.ts';
import { encodeDloadSdp, encodeHello } from '../../codec/qdl/messages.ts';
import { encodeHelloResponse } from '../../codec/sahara/messages.ts';
import { VirtualClock } from '../clock.ts';
import { FaultSpecError, formatFault, parseFaults } from './faults.ts';
import { VirtualFlash, crc32 } from './flash.ts';
import { createDownloadDevice } from './index.ts';

function capture(protocol: 'firehose' | 'qdl', options: { faults?: string; seed?: number; clock?: VirtualClock } = {}) {
  const out: Uint8Array[] = [];
  let gone = '';
  const device = createDownloadDevice({ protocol, ...options, onUnplug: (r) => (gone = r) });
  device.open({ send: (d) => out.push(d.slice()) });
  return { device, out, gone: () => gone };
}

describe('fault plans', () => {
  it('parses kinds, phases, indexes and the reference aliases', () => {
    expect(parseFaults('nak@chunk:3, silence@open,unplug-after:5000,slow:1000,sdp:silent,qdl-version:4')).toEqual([
      { kind: 'nak', phase: 'chunk', index: 3 },
      { kind: 'silence', phase: 'open' },
      { kind: 'unplug-after', bytes: 5000 },
      { kind: 'slow', bytesPerSecond: 1000 },
      { kind: 'sdp', answer: 'silent' },
      { kind: 'qdl-version', min: 4 },
    ]);
    expect(parseFaults('nak-on-chunk:1,drop-after:60,no-hello,ignore-reset').map(formatFault)).toEqual(['nak@chunk:1', 'unplug-after:60', 'silence@hello', 'silence@reset']);
  });

  it('parses the device timing faults and refuses them in the wrong protocol', () => {
    const spec = 'hello-consumed,command-mode,already-firehose:quiet,hello-repeat:1000,hello-delay:6000,settle:2000,chatty';
    expect(parseFaults(spec).map(formatFault).join(',')).toBe(spec);
    expect(parseFaults('short-qdl-hello,already-firehose').map(formatFault)).toEqual(['short-qdl-hello', 'already-firehose']);
    expect(() => parseFaults('hello-repeat:0')).toThrow(FaultSpecError);
    expect(() => parseFaults('already-firehose:loud')).toThrow(FaultSpecError);
    expect(() => createDownloadDevice({ protocol: 'qdl', faults: 'hello-consumed' })).toThrow(/Sahara\/Firehose only/);
    expect(() => createDownloadDevice({ protocol: 'firehose', faults: 'short-qdl-hello' })).toThrow(/QDL only/);
  });

  it('a module already in Firehose or whose hello was taken says nothing at open', () => {
    expect(capture('firehose', { faults: 'already-firehose' }).out).toHaveLength(0);
    expect(capture('firehose', { faults: 'hello-consumed' }).out).toHaveLength(0);
  });

  it.each(['nak', 'nak@nowhere', 'slow:0', 'sdp:maybe', 'frobnicate', 'unplug-after:x'])('refuses %s with a typed error', (spec) => {
    expect(() => parseFaults(spec)).toThrow(FaultSpecError);
  });

  it('refuses faults that do not exist in a protocol', () => {
    expect(() => createDownloadDevice({ protocol: 'firehose', faults: 'bad-crc@ping' })).toThrow(/QDL only/);
    expect(() => createDownloadDevice({ protocol: 'firehose', faults: 'wrong-seq@chunk:0' })).toThrow(/QDL only/);
  });
});

describe('download devices', () => {
  it('Sahara module greets first, QDL module waits to be spoken to', () => {
    expect(capture('firehose').out[0]?.subarray(0, 8)).toEqual(Uint8Array.of(1, 0, 0, 0, 0x30, 0, 0, 0));
    expect(capture('qdl').out).toHaveLength(0);
  });

  it('garbage is deterministic for a seed', () => {
    const run = (seed: number) => {
      const c = capture('qdl', { faults: 'garbage@sdp', seed });
      c.device.receive(hdlcEncode(encodeDloadSdp()));
      return Array.from(c.out[0]!);
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('a slow link delays answers by their size, on the virtual clock', async () => {
    const clock = new VirtualClock();
    const c = capture('qdl', { faults: 'slow:1000', clock });
    c.device.receive(hdlcEncode(encodeDloadSdp())); // 7 bytes in → 7 ms, 5 bytes out → 5 ms
    expect(c.out).toHaveLength(0);
    await clock.advance(11);
    expect(c.out).toHaveLength(0);
    await clock.advance(1);
    expect(c.out).toHaveLength(1);
    c.device.receive(hdlcEncode(encodeHello(6)));
    await clock.advance(1000);
    expect(c.out).toHaveLength(2);
  });

  it('QDL refuses hello versions below its minimum with an error frame, like the reference module', () => {
    const c = capture('qdl');
    c.device.receive(hdlcEncode(encodeHello(4)));
    expect(Array.from(c.out[0]!)).toEqual([0x7e, 0x0d, 0x05, 0, 0, 0, 0, 0x04, 0xe4, 0x7e]);
  });

  it('answers a bad Sahara mode with END_IMAGE_TRANSFER', () => {
    const c = capture('firehose');
    c.device.receive(encodeHelloResponse(2, 2, 0, 0));
    expect(new DataView(c.out[1]!.buffer).getUint32(0, true)).toBe(0x04);
  });
});

describe('virtual flash', () => {
  it('keeps the CWE bytes only, trims protocol padding, and boots complete images', () => {
    const flash = new VirtualFlash();
    const header = new Uint8Array(400);
    header.set([...'SPKG'].map((c) => c.charCodeAt(0)), 0x10c);
    header.set([...'9X07'].map((c) => c.charCodeAt(0)), 0x110);
    new DataView(header.buffer).setUint32(0x114, 100);
    const w = flash.begin('firehose', 4096, { trimToCweSize: true });
    w.write(header);
    w.write(new Uint8Array(100).fill(7));
    w.write(new Uint8Array(3596 + 512));
    const img = w.finish();
    expect(img.writtenSize).toBe(500);
    expect(img.crc32).toBe(crc32(img.bytes()!));
    expect(img.parts).toMatchObject({ type: 'SPKG', product: '9X07', size: 100 });
    expect(flash.bootOutcome().mode).toBe('application');
  });

  it('an interrupted write leaves the boot loop until a complete image follows', () => {
    const flash = new VirtualFlash({ retainBytes: false });
    const a = flash.begin('qdl', 10_000);
    a.write(new Uint8Array(5000));
    expect(flash.bootOutcome().mode).toBe('boot-loop');
    a.abort('power lost');
    expect(flash.bootOutcome()).toEqual({ mode: 'boot-loop', reason: 'power lost' });
    const b = flash.begin('qdl', 500);
    b.write(new Uint8Array(500));
    b.finish();
    expect(flash.bootOutcome().mode).toBe('application');
  });
});
