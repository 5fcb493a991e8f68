/**
 * The Flash page's write job when the module fails it, over both browser links, against the
 * virtual modem: unplugged mid-write and gone silent, on the EM7455 put in download mode with
 * AT!BOOTHOLD over WebSerial (Sierra QDL) and on the RC7620 held by TP1 over WebUSB (Firehose).
 * Each ends in the named error the page shows (its code, its phase, whether writing had
 * started) with the protocol log kept and the failure in the session log.
 *
 * These ran in the built app (tests/e2e/flash.test.ts) at the module's own pace, 20 s each;
 * what the page shows for an error is a function of its code and `writeStarted`
 * (ui/flash/format.ts, each code's title and steps: format.test.ts), and the e2e file keeps
 * one unplug and one silence on WebUSB to show that screen.
 */
import { describe, expect, it } from 'vitest';
import { VirtualBench } from '../../sim/bench.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { openWebUsb } from '../../transport/web-usb.ts';
import type { Transport } from '../../transport/transport.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import type { DownloadError } from '../download/errors.ts';
import { memoryJournal } from './memory-journal.fixture.ts';
import { identityForDownload } from './module-identity.ts';
import { NO_PLATFORM } from './platform.ts';
import { WriteJob } from './write-job.ts';
import { writeImageOfKind } from './write-images.fixture.ts';
import { rc7620InDownloadMode } from './virtual-rc7620.fixture.ts';
import type { ProductLine } from '../../knowledge/firmware/platforms.ts';

const until = async (ok: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

/**
 * A virtual EM7455 (50× faster boots) put in download mode as the page's user does it:
 * AT!ENTERCND then AT!BOOTHOLD on its AT port. Download faults are read when the download
 * device enumerates, so they are set before.
 */
async function em7455InDownloadMode(faults: string): Promise<VirtualBench> {
  const bench = new VirtualBench({ scenario: 'em7455', seed: 5, timeScale: 0.02 });
  await until(() => bench.snapshot().atReady, 'the AT port');
  bench.setDownloadFaults(faults);
  const at = bench.connectMemory('at');
  const dec = new TextDecoder();
  const say = async (line: string) => {
    await at.write(new TextEncoder().encode(`${line}\r`));
    let seen = '';
    while (!/\r\nOK\r\n|ERROR/.test(seen)) seen += dec.decode(await at.read({ signal: AbortSignal.timeout(5000) }));
    expect(seen).toContain('OK');
  };
  await say('AT!ENTERCND="A710"');
  await say('AT!BOOTHOLD');
  await until(() => bench.snapshot().mode === 'download' && bench.snapshot().usb !== null, 'download mode');
  expect(bench.snapshot().downloadFaults).toBe(faults);
  return bench;
}

/** The job as the page builds it: the module line the user picked (its select), no read-back (no AT port granted). */
async function flashPageRun(transport: Transport, kind: 'other-line' | 'right-product', statedLine: ProductLine) {
  const { image } = await writeImageOfKind(kind, 1_000_000);
  const journal = memoryJournal();
  const job = new WriteJob({
    path: 'flash',
    images: [image],
    module: identityForDownload({ statedLine, usb: transport.info.usb ?? null }),
    transport,
    journal,
    platform: NO_PLATFORM,
    engine: { timings: { ...FAST_TIMINGS, saharaListenMs: 1500 } },
  });
  const outcome = await job.run();
  expect(outcome.kind).toBe('failed');
  const error = (outcome as { error: DownloadError }).error;
  // "log kept": the protocol log the page offers to copy, and the failure in the session log
  expect(job.protocolLog.length).toBeGreaterThan(50);
  expect(job.protocolLog).toContain(error.code);
  expect(journal.kinds('error').some((b) => b.kind === 'error' && b.code === error.code)).toBe(true);
  expect(error.nextStep.length).toBeGreaterThan(20);
  return error;
}

async function overSerial(bench: VirtualBench, run: (t: Transport) => Promise<DownloadError>): Promise<DownloadError> {
  const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
  const t = await openWebSerial(port);
  try {
    return await run(t);
  } finally {
    await t.close().catch(() => undefined);
  }
}

describe('Flash page write job: faults over WebSerial (EM7455, Sierra QDL)', () => {
  it('unplugged mid-write: device-lost in the write phase, writing had started', async () => {
    const bench = await em7455InDownloadMode('unplug-after:500000');
    try {
      const e = await overSerial(bench, (t) => flashPageRun(t, 'other-line', 'EM/MC74xx'));
      expect({ code: e.code, phase: e.phase, writeStarted: e.writeStarted }).toEqual({ code: 'device-lost', phase: 'write', writeStarted: true });
      expect(bench.snapshot().downloadBytes).toBeGreaterThanOrEqual(500_000);
    } finally {
      bench.dispose();
    }
  });

  it('silent at QDL open: timeout before any image byte, writing had not started', async () => {
    const bench = await em7455InDownloadMode('silence@open');
    try {
      const e = await overSerial(bench, (t) => flashPageRun(t, 'other-line', 'EM/MC74xx'));
      expect({ code: e.code, phase: e.phase, writeStarted: e.writeStarted }).toEqual({ code: 'timeout', phase: 'configure', writeStarted: false });
    } finally {
      bench.dispose();
    }
  });
});

describe('Flash page write job: faults over WebUSB (RC7620 held by TP1, Firehose)', () => {
  it('silent at Firehose configure: timeout in configure, writing had not started', async () => {
    const bench = await rc7620InDownloadMode(false);
    try {
      // Faults are read at enumeration: replug (TP1 held) so the download device comes back armed.
      bench.setDownloadFaults('silence@configure');
      bench.holdTp1(true);
      bench.pullCable();
      bench.plugCable();
      await until(() => bench.snapshot().mode === 'download' && bench.snapshot().usb !== null && bench.snapshot().downloadFaults === 'silence@configure', 'the armed download device');
      const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
      const t = await openWebUsb(device, { usb: bench.usb });
      try {
        const e = await flashPageRun(t, 'right-product', 'RC76xx');
        expect({ code: e.code, phase: e.phase, writeStarted: e.writeStarted }).toEqual({ code: 'timeout', phase: 'configure', writeStarted: false });
        expect(bench.snapshot().mode).toBe('download');
      } finally {
        await t.close().catch(() => undefined);
      }
    } finally {
      bench.dispose();
    }
  });
});
