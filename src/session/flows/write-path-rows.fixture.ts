/**
 * The write-paths table's rows for the paths the flows own (session/write/write-paths.test.ts):
 * the guided update, the rescue caught in its window, the rescue via TP1, and the batch. Each
 * drives its path end to end on the virtual modem with the table's image kinds, as a user
 * would — nothing names the module's model to the rescue, which must learn it from the module
 * itself — and reports what the module received and what the path wrote in its journal.
 */
import { ModemFleet } from '../connection/modem-fleet.ts';
import { BatchUpdate } from '../fleet/batch-update.ts';
import { FAST_TIMINGS } from '../download/timings.ts';
import { memoryJournal, type MemoryJournal } from '../write/memory-journal.fixture.ts';
import type { WriteOutcome } from '../write/outcome.ts';
import { writeImageOfKind, type ImageKind } from '../write/write-images.fixture.ts';
import { flowImageFromReport, type FlowImage } from './flow-image.ts';
import { GuidedFlow, type FlowView } from './guided-flow.ts';
import { drive, grantAtPort, rig, type Rig } from './rig.fixture.ts';

/** The shape of a write-paths.test.ts row (kept structural: a fixture does not import a test). */
export interface FlowPathRun {
  readonly outcome: WriteOutcome['kind'];
  readonly code: string | null;
  readonly message: string;
  readonly bytesReceived: number;
  readonly journal: MemoryJournal | null;
}

export interface FlowPathRow {
  readonly name: string;
  readonly written: 'verified' | 'not-verified';
  run(kind: ImageKind): Promise<FlowPathRun>;
}

async function flowImageOf(kind: ImageKind): Promise<FlowImage> {
  const { bytes, report } = await writeImageOfKind(kind);
  return flowImageFromReport(report, new Blob([bytes.slice()]));
}

/** What the module received in download mode (counted afresh at each entry: the largest count seen). */
function bytesMeter(r: Rig): () => number {
  let most = 0;
  return () => (most = Math.max(most, r.bench.modem().snapshot().downloadBytes));
}

/** The flow's end as a table row: a refusal says its write-check code in `detail`. */
function runOf(end: FlowView, bytes: number, journal: MemoryJournal): FlowPathRun {
  const f = end.failure;
  const refused = f !== null && (f.code === 'wrong-product' || f.code === 'image-refused');
  return {
    outcome: end.status === 'done' ? 'verified' : refused ? 'refused' : 'failed',
    code: refused ? f.detail : (f?.code ?? null),
    message: f?.message ?? '',
    bytesReceived: bytes,
    journal,
  };
}

/**
 * Plays the user around a flow until it ends: confirms cautions, gives up at the typed-model
 * question (the table's unknown line must stay refused), abandons a failure, and answers the
 * chooser once the module is there in the mode awaited.
 */
async function follow(r: Rig, flow: GuidedFlow, meter: () => number): Promise<FlowView> {
  const done = flow.run();
  let ended: FlowView | null = null;
  void done.then((v) => (ended = v));
  let asked = '';
  await drive(
    r.clock,
    () => {
      meter();
      const v = flow.state;
      if (ended) return true;
      const key = `${v.phase}|${v.status}|${v.prompt?.kind ?? ''}`;
      if (key === asked) return false;
      if (v.status === 'failed') {
        asked = key;
        flow.abandon();
      } else if (v.prompt?.kind === 'confirm-image') {
        asked = key;
        flow.confirm();
      } else if (v.prompt?.kind === 'type-model') {
        asked = key;
        flow.abandon();
      } else if (v.prompt?.kind === 'pick-loop-port' && r.bench.modem().mode === 'boot-loop' && r.bench.modem().attachment !== null) {
        asked = key;
        r.bench.picker.next = 'auto';
        void flow.pickLoopPort();
      } else if (v.prompt?.kind === 'reconnect') {
        const m = r.bench.modem();
        const there = v.prompt.target === 'download' ? m.mode === 'download' && m.attachment !== null : m.snapshot().atReady;
        if (there) {
          asked = key;
          r.bench.picker.next = 'auto';
          void flow.reconnect();
        }
      }
      return false;
    },
    600_000,
  );
  return done;
}

export const FLOW_PATHS: readonly FlowPathRow[] = [
  {
    name: 'guided update (image checked against the AT identity before download mode)',
    written: 'verified',
    async run(kind) {
      const r = rig('healthy');
      const journal = memoryJournal();
      try {
        const port = await grantAtPort(r);
        const meter = bytesMeter(r);
        const flow = new GuidedFlow({ kind: 'update', env: { ...r.env, journal }, atPort: port, image: await flowImageOf(kind) });
        return runOf(await follow(r, flow, meter), meter(), journal);
      } finally {
        r.bench.dispose();
      }
    },
  },
  {
    name: 'rescue caught in its window (module named by its USB product string)',
    written: 'verified',
    async run(kind) {
      const r = rig('boot-loop');
      const journal = memoryJournal();
      try {
        const meter = bytesMeter(r);
        const flow = new GuidedFlow({ kind: 'rescue', env: { ...r.env, journal }, image: await flowImageOf(kind) });
        return runOf(await follow(r, flow, meter), meter(), journal);
      } finally {
        r.bench.dispose();
      }
    },
  },
  {
    name: 'rescue via TP1 (image given at the flash prompt)',
    written: 'verified',
    async run(kind) {
      const r = rig('tp1-download');
      const journal = memoryJournal();
      try {
        const meter = bytesMeter(r);
        const flow = new GuidedFlow({ kind: 'rescue', env: { ...r.env, journal }, image: null });
        const image = await flowImageOf(kind);
        const off = flow.events.on('state', (v) => {
          if (v.phase === 'watch' && v.prompt?.kind === 'pick-loop-port' && r.bench.modem().mode === 'download') queueMicrotask(() => flow.alreadyInDownloadMode());
          if (v.prompt?.kind === 'reconnect' && v.phase === 'wait-download') r.bench.holdTp1(false);
          if (v.prompt?.kind === 'choose-image') queueMicrotask(() => flow.provideImage(image));
        });
        try {
          return runOf(await follow(r, flow, meter), meter(), journal);
        } finally {
          off();
        }
      } finally {
        r.bench.dispose();
      }
    },
  },
  {
    name: 'batch (one module; the image checked against the card’s AT identity)',
    written: 'verified',
    async run(kind) {
      const r = rig('healthy');
      const journal = memoryJournal();
      try {
        await drive(r.clock, () => r.bench.modem().snapshot().atReady);
        const fleet = new ModemFleet();
        r.bench.picker.next = (c) => c.findIndex((x) => x.function === 'at');
        // the modem answers on the virtual clock: time runs while the fleet identifies it
        let connected: Awaited<ReturnType<ModemFleet['connectAnother']>> | undefined;
        void fleet.connectAnother(r.bench.serial, { filters: [{ usbVendorId: 0x1199 }] }).then((m) => (connected = m));
        await drive(r.clock, () => connected !== undefined, 60_000);
        const member = connected;
        if (!member) throw new Error('the virtual modem did not connect');
        const meter = bytesMeter(r);
        const batch = new BatchUpdate({
          fleet,
          memberIds: [member.id],
          image: await flowImageOf(kind),
          mode: 'sequential',
          env: { serial: r.bench.serial, usb: r.bench.usb, clock: r.clock, downloadTimings: FAST_TIMINGS, progressIntervalMs: 0, ...(r.env.describePort ? { describePort: r.env.describePort } : {}) },
          lock: async () => ({ kind: 'acquired', release: () => undefined }),
          // the healthy module already runs R9: re-flash it anyway, so every image reaches the write check
          reflash: [member.id],
          sessionFor: () => journal,
        });
        batch.events.on('row', (row) => {
          if (row.status !== 'needs-reconnect') return;
          const m = r.bench.modem();
          void drive(r.clock, () => m.mode === 'download' && m.attachment !== null, 120_000).then(() => {
            r.bench.picker.next = 'auto';
            return batch.reconnect(member.id);
          });
        });
        let rows: Awaited<ReturnType<BatchUpdate['run']>> | null = null;
        void batch.run().then((x) => (rows = x));
        await drive(r.clock, () => (meter(), rows !== null), 600_000);
        const row = rows![0]!;
        const refusal = journal.kinds('error').find((e) => e.kind === 'error' && e.detail === 'nothing was sent to the module');
        // The modem's session also carries the flow's own steps and result after the write
        // check's (its result names the flow's code, e.g. wrong-product): the write check's
        // entries are checked here, and the table's last-result check is left to the other rows.
        if (refusal && journal.kinds('flow-step').every((b) => !(b.kind === 'flow-step' && b.step === 'check' && b.status === 'failed'))) {
          throw new Error('the batch refused without a failed check step in the journal');
        }
        return {
          outcome: row.result === 'ok' ? 'verified' : refusal ? 'refused' : 'failed',
          code: refusal && refusal.kind === 'error' ? refusal.code : row.result,
          message: refusal && refusal.kind === 'error' ? refusal.message : (row.message ?? ''),
          bytesReceived: meter(),
          journal: refusal ? null : journal,
        };
      } finally {
        r.bench.dispose();
      }
    },
  },
];
