/**
 * The real client against our virtual modem: qmi-firmware-update (libqmi-utils) flashes a
 * generated multi-part image into `boothold sim --stdio` through run-libqmi-peer.sh, in both
 * protocols, and then fails with each injected fault. Needs root, libqmi-utils, socat and gcc
 * (CI installs them); skipped with the reason otherwise.
 *
 * Runs are concurrent (each one mostly waits: libqmi sleeps 2 s before Sahara, QDL costs a
 * 5 s Sahara probe). Faults that make libqmi wait 100 s or more (ignore-reset: 10 × 10 s;
 * no ack for a chunk: 120 s; no answer after the raw data: 300 s) are left out on purpose; the
 * engine's own fault table covers those phases against the in-memory modem.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadEngine } from '../../src/session/download/engine.ts';
import { goldenImageBytes, imageFromBytes } from '../../src/session/download/image.fixture.ts';
import { FAST_TIMINGS } from '../../src/session/download/timings.ts';
import { connectDownloadDevice } from '../../src/sim/download/memory.ts';
import { firstDifference, splitFirehoseHost, splitQdlHost } from './support/trace.ts';
import type { SimReport } from '../../src/cli/sim.ts';
import { BOOTHOLD, PEER_SCRIPT, peerUnavailable } from './support/paths.ts';
import { runCommand } from './support/run.ts';

const unavailable = peerUnavailable();
if (unavailable) console.warn(`libqmi peer tests skipped: ${unavailable}`);

interface PeerRun {
  readonly protocol: 'firehose' | 'qdl';
  readonly image: 'small' | 'multi';
  readonly fault?: string;
  /** The module family's download device (`boothold sim --profile`); default rc7620. */
  readonly profile?: string;
  /** qmi-firmware-update's `error:` line. */
  readonly error?: RegExp;
  /** What the module boots next. */
  readonly boot: 'application' | 'boot-loop' | 'unchanged';
}

// A hangup reaches libqmi as poll()'s HUP or as EIO from read(), whichever it sees first: both
// are the module leaving the bus, and which one wins is timing.
const RUNS: readonly PeerRun[] = [
  { protocol: 'firehose', image: 'multi', boot: 'application' },
  { protocol: 'qdl', image: 'multi', boot: 'application' },
  // A slow link (with back-pressure) still completes with the real client.
  { protocol: 'firehose', image: 'multi', fault: 'slow:1000000', boot: 'application' },
  { protocol: 'qdl', image: 'multi', fault: 'slow:2000000', boot: 'application' },
  { protocol: 'firehose', image: 'multi', fault: 'nak@chunk:3', error: /couldn't teardown download: unexpected firehose response received: value=NAK, rawmode=false/, boot: 'boot-loop' },
  { protocol: 'firehose', image: 'small', fault: 'nak@program', error: /couldn't prepare download: unexpected firehose response received: value=NAK/, boot: 'unchanged' },
  { protocol: 'firehose', image: 'multi', fault: 'error@data', error: /couldn't teardown download: unexpected firehose response received: value=NAK, rawmode=false/, boot: 'boot-loop' },
  { protocol: 'firehose', image: 'small', fault: 'unplug-after:2000', error: /couldn't teardown download: couldn't read response: (HUP detected|Input\/output error)/, boot: 'boot-loop' },
  { protocol: 'firehose', image: 'multi', fault: 'power-loss-after:400000', error: /error downloading image: couldn't (write in session|teardown download)/, boot: 'boot-loop' },
  { protocol: 'firehose', image: 'small', fault: 'unplug@ping', error: /unsupported download protocol/, boot: 'unchanged' },
  { protocol: 'qdl', image: 'multi', fault: 'nak@chunk:1', error: /couldn't write in session: operation returned an error status: 1/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'multi', fault: 'error@chunk:1', error: /couldn't write in session: Write verify failed/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'small', fault: 'wrong-seq@chunk:0', error: /received ack for chunk #1 instead of chunk #0/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'small', fault: 'bad-crc@chunk:0', error: /couldn't write in session: error unframing message: crc check failed/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'small', fault: 'silence@open', error: /couldn't open session: timed out waiting for the response/, boot: 'unchanged' },
  { protocol: 'qdl', image: 'small', fault: 'nak@close', error: /couldn't close session: operation returned an error status: 1/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'multi', fault: 'unplug-after:1500000', error: /couldn't write in session/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'multi', fault: 'power-loss-after:1500000', error: /couldn't write in session/, boot: 'boot-loop' },
  { protocol: 'qdl', image: 'small', fault: 'sdp:silent', error: /unsupported download protocol/, boot: 'unchanged' },
  { protocol: 'qdl', image: 'small', fault: 'garbage@hello', error: /unsupported download protocol/, boot: 'unchanged' },
  // Device timing (boothold recovers all of these; see src/session/download/timing-faults.test.ts).
  // libqmi has no recovery for a missed hello: after its 5 s listen it sends the QDL probe,
  // gets no HDLC answer, and gives up.
  { protocol: 'firehose', image: 'small', fault: 'hello-consumed', error: /unsupported download protocol/, boot: 'unchanged' },
  { protocol: 'firehose', image: 'small', fault: 'command-mode', error: /unsupported download protocol/, boot: 'unchanged' },
  { protocol: 'firehose', image: 'small', fault: 'already-firehose', error: /unsupported download protocol/, boot: 'unchanged' },
  { protocol: 'firehose', image: 'small', fault: 'hello-delay:6000', error: /unsupported download protocol/, boot: 'unchanged' },
  // Where libqmi copes: it answers a repeated hello, ignores <log> and unknown documents, and
  // moves to the next QDL version on a hello reply of another length.
  { protocol: 'firehose', image: 'small', fault: 'hello-repeat:1000', boot: 'application' },
  { protocol: 'firehose', image: 'small', fault: 'chatty', boot: 'application' },
  { protocol: 'qdl', image: 'small', fault: 'short-qdl-hello', boot: 'application' },
  // The families added as data, each on its own download device: libqmi flashes the 9x15 over
  // QDL (its 1.18 tool was written for the 9x15) and the SDX55/SDX65/9x06 over Sahara/Firehose;
  // the SDX55 gives no FLASH variables, so libqmi takes its defaults (its commit 342eb5ad).
  // Our engine is compared with libqmi's bytes on each.
  { protocol: 'qdl', image: 'small', profile: 'mc7304', boot: 'application' },
  { protocol: 'qdl', image: 'small', profile: 'mc7354', boot: 'application' },
  { protocol: 'firehose', image: 'small', profile: 'em9191', boot: 'application' },
  { protocol: 'firehose', image: 'small', profile: 'em9293', boot: 'application' },
  { protocol: 'firehose', image: 'small', profile: 'wp7702', boot: 'application' },
];

describe.skipIf(unavailable !== null)('qmi-firmware-update (libqmi) against boothold sim --stdio', () => {
  let dir = '';
  const images: Record<'small' | 'multi', { path: string; bytes: Uint8Array }> = { small: { path: '', bytes: new Uint8Array() }, multi: { path: '', bytes: new Uint8Array() } };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'boothold-peer-'));
    for (const [name, bytes] of [['small', goldenImageBytes()], ['multi', goldenImageBytes(2_500_000)]] as const) {
      const path = join(dir, `${name}.spk`);
      writeFileSync(path, bytes);
      images[name] = { path, bytes };
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.concurrent.each(RUNS.map((r) => [`${r.profile ? `${r.profile} ` : ''}${r.protocol} ${r.image} ${r.fault ?? 'no fault'}`, r] as const))('%s', async (_name, r) => {
    const tag = `${r.profile ? `${r.profile}-` : ''}${r.protocol}-${r.image}-${(r.fault ?? 'none').replace(/[^a-z0-9]+/gi, '_')}`;
    const report = join(dir, `${tag}.json`);
    const sim = ['node', BOOTHOLD, 'sim', '--stdio', '--protocol', r.protocol, '--report', report, ...(r.profile ? ['--profile', r.profile] : []), ...(r.fault ? ['--fault', r.fault] : [])];
    const res = await runCommand('bash', [PEER_SCRIPT, '--timeout', '60', '--quiet', '--trace', join(dir, tag), images[r.image].path, '--', ...sim], { timeoutMs: 90_000 });
    const log = readFileSync(join(dir, tag, 'qmi-firmware-update.log'), 'utf8');
    const errorLine = log.split('\n').find((l) => l.startsWith('error:')) ?? '';
    // The peer script gives the simulator 2 s to go after the hangup; on a loaded machine the
    // report can land just after that.
    for (let i = 0; i < 100 && !existsSync(report); i++) await new Promise((r) => setTimeout(r, 50));
    const sim_ = JSON.parse(readFileSync(report, 'utf8')) as SimReport;
    const context = `libqmi exit ${res.code}, ${errorLine || 'no error line'}; sim: ${JSON.stringify(sim_.boot)}\n${res.stderr.slice(-1500)}`;

    if (!r.error) {
      expect(res.code, context).toBe(0);
      expect(log).toMatch(/firmware update operation finished successfully/);
      // The virtual flash holds exactly the image, and its parts as the image has them.
      const img = images[r.image].bytes;
      expect(sim_.images).toHaveLength(1);
      expect(sim_.images[0]).toMatchObject({ complete: true, writtenSize: img.length, sha256: createHash('sha256').update(img).digest('hex') });
      expect(sim_.images[0]!.parts?.children.map((c) => [c.type, c.size, c.children.map((g) => g.type)])).toEqual([
        ['BOOT', 964, ['QPAR', 'SBL1']],
        ['MODM', r.image === 'small' ? 700 : 2_500_400, ['DSP2']],
        ['FILE', 450, ['NVUP']],
      ]);
      if (!r.fault) {
        // Same image, same module answers: Boothold's engine sends what libqmi just sent.
        const h2d: Uint8Array[] = [];
        const { transport } = connectDownloadDevice({ protocol: r.protocol, ...(r.profile ? { profile: r.profile } : {}), onHostBytes: (d) => h2d.push(d.slice()) });
        await new DownloadEngine({ transport, images: [imageFromBytes(img)], timings: FAST_TIMINGS }).run();
        const ours = Buffer.concat(h2d);
        const theirs = readFileSync(join(dir, tag, 'h2d.bin'));
        const split = r.protocol === 'qdl' ? splitQdlHost : splitFirehoseHost;
        const diff = firstDifference(split(ours), split(theirs));
        if (diff) console.error(`[${tag}] first difference from libqmi:\n${diff}`);
        expect(diff).toBeNull();
        expect(ours.equals(theirs)).toBe(true);
      }
    } else {
      expect(res.code, context).toBe(1);
      expect(errorLine, context).toMatch(r.error!);
      console.info(`[${tag}] libqmi: ${errorLine}`);
    }
    expect(sim_.boot.mode, context).toBe(r.boot);
    if (r.profile) expect(sim_.profile, context).toBe(r.profile);
  });
});
