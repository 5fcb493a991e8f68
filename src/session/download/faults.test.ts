/**
 * Every fault of the virtual modem's injector at every phase, both protocols: the session
 * ends in a named error with a next step and an intact log (or, where the fault cannot hurt —
 * after the images are written — in success), and the module ends in the expected state.
 */
import { describe, expect, it } from 'vitest';
import { connectDownloadDevice } from '../../sim/download/memory.ts';
import { DownloadEngine } from './engine.ts';
import { DownloadError } from './errors.ts';
import { goldenImageBytes, imageFromBytes } from './image.fixture.ts';
import { FAST_TIMINGS } from './timings.ts';

/** "code@phase/boot" or "OK(reset)/boot", per fault kind, per phase (chunk = chunk/block 1). */
const TABLE: Record<'qdl' | 'firehose', Record<string, Record<string, string>>> = {
  qdl: {
    sdp: { silence: 'silent-module@detect/unchanged', garbage: 'reply-crc@detect/unchanged', duplicate: 'unexpected-data@detect/unchanged', 'bad-crc': 'reply-crc@detect/unchanged', nak: 'device-error@detect/unchanged', error: 'device-error@detect/unchanged', unplug: 'device-lost@detect/unchanged' },
    hello: { silence: 'timeout@detect/unchanged', garbage: 'reply-crc@detect/unchanged', duplicate: 'unexpected-data@hello/unchanged', 'bad-crc': 'reply-crc@detect/unchanged', nak: 'protocol-mismatch@detect/unchanged', error: 'protocol-mismatch@detect/unchanged', unplug: 'device-lost@detect/unchanged' },
    open: { silence: 'timeout@configure/unchanged', garbage: 'reply-crc@configure/unchanged', duplicate: 'unexpected-data@write/unchanged', 'bad-crc': 'reply-crc@configure/unchanged', nak: 'device-refused@configure/unchanged', error: 'device-error@configure/unchanged', unplug: 'device-lost@configure/unchanged' },
    chunk: { silence: 'timeout@write/boot-loop', garbage: 'reply-crc@write/boot-loop', duplicate: 'unexpected-data@finalize/boot-loop', 'bad-crc': 'reply-crc@write/boot-loop', nak: 'device-refused@write/boot-loop', error: 'device-error@write/boot-loop', unplug: 'device-lost@write/boot-loop', 'wrong-seq': 'sequence-mismatch@write/boot-loop' },
    close: { silence: 'timeout@finalize/boot-loop', garbage: 'reply-crc@finalize/boot-loop', duplicate: 'OK(gone)/application', 'bad-crc': 'reply-crc@finalize/boot-loop', nak: 'device-refused@finalize/boot-loop', error: 'device-error@finalize/boot-loop', unplug: 'device-lost@finalize/boot-loop' },
    // No answer is read after reset (libqmi neither): the module's reply cannot fail the session.
    reset: { silence: 'OK(sent)/application', garbage: 'OK(gone)/application', duplicate: 'OK(gone)/application', 'bad-crc': 'OK(gone)/application', nak: 'OK(gone)/application', error: 'OK(gone)/application', unplug: 'OK(gone)/application' },
  },
  firehose: {
    // A missed or garbled hello is recovered: the QDL probe makes the module speak Sahara again.
    hello: { silence: 'silent-module@detect/unchanged', garbage: 'OK(gone)/application', duplicate: 'OK(gone)/application', nak: 'protocol-mismatch@hello/unchanged', error: 'OK(gone)/application', unplug: 'device-lost@detect/unchanged' },
    'command-ready': { silence: 'timeout@hello/unchanged', garbage: 'bad-reply@hello/unchanged', duplicate: 'OK(gone)/application', nak: 'device-error@hello/unchanged', error: 'device-error@hello/unchanged', unplug: 'device-lost@hello/unchanged' },
    execute: { silence: 'timeout@hello/unchanged', garbage: 'bad-reply@hello/unchanged', duplicate: 'bad-reply@hello/unchanged', nak: 'device-error@hello/unchanged', error: 'device-error@hello/unchanged', unplug: 'device-lost@hello/unchanged' },
    confirm: { silence: 'timeout@hello/unchanged', garbage: 'bad-reply@hello/unchanged', duplicate: 'OK(gone)/application', nak: 'device-error@hello/unchanged', error: 'device-error@hello/unchanged', unplug: 'device-lost@hello/unchanged' },
    ping: { silence: 'timeout@configure/unchanged', garbage: 'timeout@configure/unchanged', duplicate: 'unexpected-data@configure/unchanged', nak: 'device-refused@configure/unchanged', error: 'device-error@configure/unchanged', unplug: 'device-lost@configure/unchanged' },
    configure: { silence: 'timeout@configure/unchanged', garbage: 'timeout@configure/unchanged', duplicate: 'unexpected-data@configure/unchanged', nak: 'device-refused@configure/unchanged', error: 'device-error@configure/unchanged', unplug: 'device-lost@configure/unchanged' },
    storage: { silence: 'timeout@configure/unchanged', garbage: 'timeout@configure/unchanged', duplicate: 'unexpected-data@configure/unchanged', nak: 'device-refused@configure/unchanged', error: 'device-error@configure/unchanged', unplug: 'device-lost@configure/unchanged' },
    program: { silence: 'timeout@configure/unchanged', garbage: 'timeout@configure/unchanged', duplicate: 'unexpected-data@write/unchanged', nak: 'device-refused@configure/unchanged', error: 'device-error@configure/unchanged', unplug: 'device-lost@configure/unchanged' },
    // Raw blocks get no answer each, so there is nothing to duplicate.
    chunk: { silence: 'timeout@finalize/boot-loop', garbage: 'timeout@finalize/boot-loop', duplicate: 'OK(gone)/application', nak: 'device-error@write/boot-loop', error: 'device-error@write/boot-loop', unplug: 'device-lost@write/boot-loop' },
    data: { silence: 'timeout@finalize/boot-loop', garbage: 'timeout@finalize/boot-loop', duplicate: 'OK(gone)/application', nak: 'device-error@finalize/boot-loop', error: 'device-error@finalize/boot-loop', unplug: 'device-lost@write/boot-loop' },
    // libqmi ignores the reset's answer; so does the engine once every image is written.
    reset: { silence: 'OK(sent)/application', garbage: 'OK(gone)/application', duplicate: 'OK(gone)/application', nak: 'OK(sent)/application', error: 'OK(sent)/application', unplug: 'OK(gone)/application' },
  },
};

const IMAGE = goldenImageBytes(1_200_000); // two QDL chunks, many Firehose blocks

async function outcome(protocol: 'qdl' | 'firehose', faults: string) {
  const { device, transport } = connectDownloadDevice({ protocol, faults, seed: 7 });
  const engine = new DownloadEngine({ transport, images: [imageFromBytes(IMAGE)], timings: FAST_TIMINGS });
  try {
    const r = await engine.run();
    return { text: `OK(${r.reset})/${device.flash.bootOutcome().mode}`, engine, error: null };
  } catch (e) {
    const err = e as DownloadError;
    return { text: `${err.code}@${err.phase}/${device.flash.bootOutcome().mode}`, engine, error: err };
  }
}

const cases = (['qdl', 'firehose'] as const).flatMap((protocol) =>
  Object.entries(TABLE[protocol]).flatMap(([phase, row]) =>
    Object.entries(row).map(([kind, want]) => ({ protocol, fault: `${kind}@${phase}${phase === 'chunk' ? ':1' : ''}`, want })),
  ),
);

describe('fault table: engine vs virtual modem', () => {
  it.concurrent.each(cases)('$protocol $fault → $want', async ({ protocol, fault, want }) => {
    const { text, engine, error } = await outcome(protocol, fault);
    expect(text).toBe(want);
    if (error) {
      expect(error).toBeInstanceOf(DownloadError);
      expect(error.nextStep.length).toBeGreaterThan(20);
      const log = engine.log.entries;
      expect(log.length).toBeGreaterThan(1);
      expect(log.at(-1)).toMatchObject({ dir: 'error', text: expect.stringContaining(error.code) });
      // "The module stays in download mode" is said exactly when image data went out.
      if (want.endsWith('boot-loop')) expect(error.writeStarted).toBe(true);
      if (['detect', 'hello', 'configure'].includes(error.phase)) expect(error.writeStarted).toBe(false);
    }
  });

  it.each([
    ['qdl', 'unplug-after:600000', 'device-lost@write/boot-loop'],
    ['firehose', 'unplug-after:600000', 'device-lost@write/boot-loop'],
    ['qdl', 'stall-after:600000', 'timeout@write/boot-loop'],
    ['firehose', 'stall-after:600000', 'timeout@finalize/boot-loop'],
    ['qdl', 'power-loss-after:700000', 'device-lost@write/boot-loop'],
    ['firehose', 'power-loss-after:700000', 'device-lost@write/boot-loop'],
    ['qdl', 'sdp:unsupported', 'OK(gone)/application'],
    ['qdl', 'sdp:silent', 'silent-module@detect/unchanged'],
    ['qdl', 'qdl-version:4', 'OK(gone)/application'],
    ['qdl', 'qdl-version:7', 'protocol-mismatch@detect/unchanged'],
  ] as const)('%s %s → %s', async (protocol, fault, want) => {
    expect((await outcome(protocol, fault)).text).toBe(want);
  });

  it('quotes the module: QDL error text, Firehose ERROR log', async () => {
    const q = await outcome('qdl', 'error@chunk:1');
    expect(q.error?.deviceText).toMatch(/Write verify failed/);
    const f = await outcome('firehose', 'error@data');
    expect(f.error?.deviceText).toMatch(/HANDLE_PROGRAM_FAILURE/);
  });

  it('a slow link still completes', async () => {
    expect((await outcome('firehose', 'slow:50000000')).text).toBe('OK(gone)/application');
  });
});
