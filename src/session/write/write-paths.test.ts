/**
 * Every write path × every image kind → refused before the first byte, or written; with the
 * message and the journal entry checked, and the virtual module's own count of the bytes it
 * received (so "nothing was sent" is measured, not assumed).
 *
 * A row drives its path end to end against the virtual modem. To add one (guided update,
 * rescue in its window, rescue via TP1, batch): push to PATHS a `{ name, run(kind) }` that
 * returns a PathRun — see README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fillTemplate } from '../../knowledge/firmware/template.ts';
import { FIXTURE_BAD_WHY } from './known-bad.fixture.ts';
import { renderRefusal } from './refusal.ts';
import type { VirtualBench } from '../../sim/bench.ts';
import { rc7620InDownloadMode } from './virtual-rc7620.fixture.ts';
import { connectDownloadDevice } from '../../sim/download/memory.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { openWebUsb } from '../../transport/web-usb.ts';
import type { Transport } from '../../transport/transport.ts';
import { run as cliFlash } from '../../cli/flash.ts';
import { captureOutput } from '../../cli/output-capture.fixture.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { memoryJournal, type MemoryJournal } from './memory-journal.fixture.ts';
import { identityForDownload } from './module-identity.ts';
import type { WriteOutcome } from './outcome.ts';
import { NO_PLATFORM } from './platform.ts';
import { hasGrantedSierraPort, serialReadBack } from './serial-read-back.ts';
import { WriteJob } from './write-job.ts';
import { IMAGE_KINDS, imageBytesOf, writeImageOfKind, type ImageKind } from './write-images.fixture.ts';
import { FLOW_PATHS } from '../flows/write-path-rows.fixture.ts';

// The 'known-bad' image kind is on the known-bad list for the RC7620 models in this file (no real
// vendor hash is made up: the fixture hashes its own bytes).
vi.mock('../../knowledge/firmware/known-bad.ts', async (real) => (await import('./known-bad.fixture.ts')).withFixtureKnownBad(await real()));

export interface PathRun {
  /** 'refused' | 'failed' | 'verified' | 'not-verified' | 'mismatch' */
  readonly outcome: WriteOutcome['kind'];
  /** The refusal code when refused. */
  readonly code: string | null;
  /** What the user is told (refusal message, CLI stderr). */
  readonly message: string;
  /** The same in French, where the path hands the refusal itself to its UI (rendered by renderRefusal). */
  readonly messageFr?: string;
  /** Bytes the virtual module received in download mode. */
  readonly bytesReceived: number;
  /** The session log, where the path keeps one. */
  readonly journal: MemoryJournal | null;
}

export interface PathRow {
  readonly name: string;
  /** What a sound image for the module ends as on this path (read back or not). */
  readonly written: 'verified' | 'not-verified';
  run(kind: ImageKind): Promise<PathRun>;
}

const TIMINGS = { ...FAST_TIMINGS, saharaListenMs: 1500 };

/** The Flash page's job: the user stated the model (no AT here), the download link it opened, read back where a port is granted. */
async function flashPageJob(bench: VirtualBench, transport: Transport, kind: ImageKind, skip?: SerialPort): Promise<PathRun> {
  const journal = memoryJournal();
  const { image } = await writeImageOfKind(kind);
  const granted = await hasGrantedSierraPort(bench.serial);
  const job = new WriteJob({
    path: 'flash',
    images: [image],
    module: identityForDownload({ statedModel: 'RC7620-1', usb: transport.info.usb ?? null }),
    transport,
    journal,
    platform: NO_PLATFORM,
    ...(granted ? { readBack: serialReadBack(bench.serial, skip ? { skip: new Set([skip]) } : {}), readBackTimeoutMs: 20_000 } : {}),
    engine: { timings: TIMINGS },
  });
  const outcome = await job.run();
  return {
    outcome: outcome.kind,
    code: outcome.kind === 'refused' ? outcome.refusal.code : null,
    message: outcome.kind === 'refused' ? outcome.refusal.message : '',
    ...(outcome.kind === 'refused' ? { messageFr: renderRefusal(outcome.refusal, (t, p) => fillTemplate(t.fr, p)) } : {}),
    bytesReceived: bench.snapshot().downloadBytes,
    journal,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'boothold-write-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export const PATHS: PathRow[] = [
  {
    name: 'Flash page over WebUSB',
    written: 'not-verified',
    async run(kind) {
      const bench = await rc7620InDownloadMode(false);
      try {
        const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
        const t = await openWebUsb(device, { usb: bench.usb });
        try {
          return await flashPageJob(bench, t, kind);
        } finally {
          await t.close();
        }
      } finally {
        bench.dispose();
      }
    },
  },
  {
    name: 'Flash page over WebSerial (AT port granted earlier: read back)',
    written: 'verified',
    async run(kind) {
      const bench = await rc7620InDownloadMode(true);
      try {
        const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
        const t = await openWebSerial(port);
        try {
          return await flashPageJob(bench, t, kind, port);
        } finally {
          await t.close();
        }
      } finally {
        bench.dispose();
      }
    },
  },
  {
    name: 'boothold flash --model RC7620',
    written: 'not-verified',
    async run(kind) {
      const file = join(dir, `${kind}.spk`);
      writeFileSync(file, imageBytesOf(kind));
      const { device, transport } = connectDownloadDevice({ protocol: 'firehose' });
      const out = captureOutput();
      let code: number;
      try {
        code = await cliFlash(['--stdio', '--model', 'RC7620', '--json', file], { openTransport: async () => transport, timings: FAST_TIMINGS });
      } finally {
        out.restore();
      }
      // With --stdio the link is stdout: the JSON events go to stderr.
      const events = out.err().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const last = events.at(-1) as { type?: string; code?: string; message?: string; outcome?: string } | undefined;
      return {
        // a known-bad file has its own exit code (10), every other refusal 3
        outcome: code === (kind === 'known-bad' ? 10 : 3) ? 'refused' : last?.type === 'done' ? (last.outcome as WriteOutcome['kind']) : 'failed',
        code: last?.type === 'error' ? (last.code ?? null) : null,
        message: last?.message ?? '',
        bytesReceived: device.hostBytes,
        journal: null,
      };
    },
  },
  // the guided update, the rescue (window, TP1) and the batch: session/flows/write-path-rows.fixture.ts
  ...FLOW_PATHS,
];

const EXPECTED: Record<ImageKind, { refused: string | null; text: RegExp }> = {
  'right-product': { refused: null, text: /./ },
  'other-line': { refused: 'product-mismatch', text: /is for EM\/MC74xx modules \(product 9X30\); this module is RC7620.*Nothing was sent/ },
  'unknown-line': { refused: 'image-line-unknown', text: /not in Boothold’s tables.*type the module’s model name/ },
  corrupt: { refused: 'image-corrupt', text: /damaged|did not pass inspection/ },
  truncated: { refused: 'image-truncated', text: /cut short|did not pass inspection/ },
  'known-bad': { refused: 'image-known-bad', text: /^known-bad\.spk is a file known to be wrong for RC7620(-1)? \(SHA-256 [0-9a-f]{12}…\): test fixture: .* Nothing was sent to the module\. Source: Boothold test fixture/ },
};

const FR_EXPECTED: Partial<Record<ImageKind, RegExp>> = {
  'known-bad': /^known-bad\.spk est un fichier connu pour ne pas convenir au RC7620(-1)? .*Rien n’a été envoyé au module\. Source : Boothold test fixture/,
};

describe.each(PATHS)('$name', (row) => {
  it.each(IMAGE_KINDS)('%s', async (kind) => {
    const r = await row.run(kind);
    const want = EXPECTED[kind];
    if (want.refused) {
      expect(r.outcome).toBe('refused');
      expect(r.bytesReceived).toBe(0);
      expect(r.message).toMatch(want.text);
      const fr = FR_EXPECTED[kind];
      if (fr && r.messageFr !== undefined) {
        expect(r.messageFr).toMatch(fr);
        expect(r.messageFr).toContain(FIXTURE_BAD_WHY.fr);
      }
      // The CLI refuses a broken image with the engine's own inspection code (its interface since v1).
      if (r.journal) {
        expect(r.code).toBe(want.refused);
        expect(r.journal.kinds('error')).toContainEqual(expect.objectContaining({ code: want.refused, detail: 'nothing was sent to the module' }));
        expect(r.journal.kinds('result').at(-1)).toMatchObject({ outcome: 'failed', code: want.refused });
        expect(r.journal.kinds('flow-step')).toContainEqual(expect.objectContaining({ step: 'check', status: 'failed' }));
      }
    } else {
      expect(r.outcome).toBe(row.written);
      expect(r.bytesReceived).toBeGreaterThan(imageBytesOf(kind).length);
      if (r.journal) {
        const steps = r.journal.kinds('flow-step').map((b) => (b.kind === 'flow-step' ? `${b.step}:${b.status}` : ''));
        expect(steps).toEqual(expect.arrayContaining(['check:done', 'guard:done', 'write:started', 'reset:started', row.written === 'verified' ? 'verify:done' : 'verify:skipped']));
        expect(r.journal.raw.chunks.length).toBeGreaterThan(0);
        expect(r.journal.kinds('result').at(-1)).toMatchObject({ outcome: row.written === 'verified' ? 'ok' : 'problems' });
        expect(r.journal.holds).toBe(0);
      }
    }
  }, 60_000);
});
