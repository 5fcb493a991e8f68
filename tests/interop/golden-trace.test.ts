/**
 * The bytes Boothold's engine sends, against the golden trace recorded from the real
 * qmi-firmware-update for the same image and the same module answers. Message by message;
 * the first difference is printed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../../src/session/download/engine.ts';
import { goldenImageBytes, imageFromBytes } from '../../src/session/download/image.fixture.ts';
import { FAST_TIMINGS } from '../../src/session/download/timings.ts';
import { connectDownloadDevice } from '../../src/sim/download/memory.ts';
import { GOLDEN, goldenUnavailable } from './support/paths.ts';
import { firstDifference, splitFirehoseHost, splitQdlHost } from './support/trace.ts';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe.skipIf(goldenUnavailable() !== null)('host byte stream vs libqmi golden traces', () => {
  it('the diff names the first differing message and byte', () => {
    const golden = new Uint8Array(readFileSync(resolve(GOLDEN, 'qdl', 'h2d.bin')));
    const bent = golden.slice();
    bent[170] = bent[170]! ^ 0x01; // inside the open-unframed request
    expect(firstDifference(splitQdlHost(bent), splitQdlHost(golden))).toMatch(/^message #\d+ \(frame 0x25 vs golden frame 0x25\) differs at byte 3/);
  });

  it('the generated test image is the golden image', () => {
    const golden = readFileSync(resolve(GOLDEN, 'test-image.spk'));
    expect(Buffer.from(goldenImageBytes()).equals(golden)).toBe(true);
  });

  it.each(['firehose', 'qdl'] as const)('%s: same messages as qmi-firmware-update, and the module answers as the golden run', async (protocol) => {
    const h2d: Uint8Array[] = [];
    const d2h: Uint8Array[] = [];
    const { transport } = connectDownloadDevice({ protocol, onHostBytes: (d) => h2d.push(d.slice()), onDeviceBytes: (d) => d2h.push(d.slice()) });
    await new DownloadEngine({ transport, images: [imageFromBytes(goldenImageBytes(), 'test-image.spk')], timings: FAST_TIMINGS }).run();

    const split = protocol === 'qdl' ? splitQdlHost : splitFirehoseHost;
    const ours = concat(h2d);
    const golden = new Uint8Array(readFileSync(resolve(GOLDEN, protocol, 'h2d.bin')));
    const diff = firstDifference(split(ours), split(golden));
    if (diff) console.error(`[${protocol}] first difference from libqmi:\n${diff}`);
    expect(diff).toBeNull();
    expect(Buffer.from(ours).equals(Buffer.from(golden))).toBe(true);

    // The virtual modem's answers equal the reference simulator's in the golden run.
    const ourD2h = Buffer.from(concat(d2h));
    const goldenD2h = readFileSync(resolve(GOLDEN, protocol, 'd2h.bin'));
    expect(ourD2h.equals(goldenD2h)).toBe(true);
  });
});
