/**
 * The steps more than one flow takes: reading the module, waiting for it in download mode and
 * writing the image, waiting for it back in application mode, checking what it runs against
 * the image, and putting back the APN profiles the update reset.
 */
import type { Transport } from '../../transport/transport.ts';
import { moduleLabel } from '../write/module-identity.ts';
import { NO_PLATFORM } from '../write/platform.ts';
import type { ReadBack, ReadBackFacts } from '../write/read-back.ts';
import { WriteJob } from '../write/write-job.ts';
import { FlowError } from './errors.ts';
import type { FlowContext } from './flow-context.ts';
import { writeImageOfFlow } from './flow-image.ts';
import type { VerifyReport } from './flow-types.ts';
import { readFacts, type ModemFacts } from './modem-reads.ts';
import { checkWithUser, refusalError, writePathOf } from './write-check.ts';
import type { Phase } from './phases.ts';
import { l, type Localized } from '../../text/localized.ts';
import type { DownloadPhase } from '../download/errors.ts';

/** The download session's phase in words, for the failure the page shows. */
const PHASE_WORDS: Record<DownloadPhase, Localized> = {
  detect: l('detection', 'la détection'),
  hello: l('handshake', 'la prise de contact'),
  configure: l('configuration', 'la configuration'),
  write: l('write', 'l’écriture'),
  finalize: l('final check', 'la vérification finale'),
  reset: l('restart', 'le redémarrage'),
};

/** Reads who the module is and what it runs (the "before" of the update and the carrier switch). */
export async function readModule(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  const facts = await readFacts(session);
  ctx.link.setModel(facts.model);
  ctx.patch({ before: facts });
}

/** Waits for the download-mode device and opens it the moment it appears. */
export async function waitDownload(ctx: FlowContext): Promise<Phase | void> {
  ctx.closeDownload();
  const outcome = await ctx.waitDevice('download', ctx.t.downloadWaitMs, ctx.t.downloadExpectedMs);
  if (outcome === 'app-again') {
    ctx.log('it came back as the application port: not caught');
    return ctx.view.catchAttempts >= ctx.t.catchAttempts ? 'tp1' : 'catch';
  }
  // Attached the moment it appeared (connect event or getDevices()); nothing is sent before
  // the engine has listened for the hello. How fast: appearance → claim → first byte.
  const appearedAt = performance.now();
  const opened = await ctx.link.openDownload(outcome);
  if (opened.label) ctx.patch({ usbLabel: opened.label });
  ctx.download = opened.transport;
  ctx.downloadIdentity = opened.identity;
  ctx.downloadAppearedAt = appearedAt;
}

function logWindow(ctx: FlowContext, transport: Transport): void {
  const at = ctx.downloadAppearedAt;
  const t = transport as { readonly openedAt?: number; readonly firstByteAt?: number | null };
  if (at === null || typeof t.openedAt !== 'number') return;
  const first = typeof t.firstByteAt === 'number' ? `, first byte after ${Math.round(t.firstByteAt - at)} ms` : '';
  ctx.log(`download device claimed ${Math.round(t.openedAt - at)} ms after it appeared${first}`);
}

/**
 * Writes the image over the open download transport through the write job (asking for an image
 * first when there is none). The job checks the image against the MODULE — also an image given
 * at this prompt — and refuses before the first byte; it holds the cross-tab write guard, the
 * wake lock and the leave warning while writing and records the write in the journal. Its
 * read-back is this flow's own verify step, which hands it what the module runs after the reset.
 */
export async function flash(ctx: FlowContext): Promise<Phase | void> {
  const transport = ctx.download;
  if (!transport || transport.state !== 'open') return 'wait-download';
  while (!ctx.image) {
    ctx.patch({ status: 'needs-user', prompt: { kind: 'choose-image' } });
    await ctx.ask(['confirm']);
    ctx.patch({ status: 'running', prompt: null });
  }
  const image = ctx.image;
  // a write again (retried after a later failure): the earlier job ends as "not verified"
  ctx.settleReadBack(null);
  ctx.outcome = null;
  const images = [writeImageOfFlow(image)];
  const check = await checkWithUser(ctx, images);
  const model = ctx.link.model;
  const readBack: ReadBack = (signal) =>
    new Promise((resolve) => {
      ctx.readBack = resolve;
      signal.addEventListener('abort', () => resolve(null), { once: true });
    });
  const job = new WriteJob({
    path: writePathOf(ctx),
    images,
    module: check.module,
    typedConfirmation: ctx.typedModel,
    transport,
    journal: ctx.env.journal ?? null,
    platform: ctx.env.writePlatform ?? NO_PLATFORM,
    readBack,
    // the flow's own wait for the application port and its AT answer, and some reading time
    readBackTimeoutMs: ctx.t.appWaitMs + ctx.t.atAnswerMs + 60_000,
    engine: {
      ...(ctx.env.downloadTimings ? { timings: ctx.env.downloadTimings } : {}),
      // The model's profile says Sahara or QDL: a QDL-only module skips the 5 s Sahara listen.
      ...(model ? { model } : {}),
      progressIntervalMs: ctx.env.progressIntervalMs ?? 100,
    },
    // the write's outcome is the session's result until the flow ends (the flow's own result follows)
    setResult: true,
    label: `${writePathOf(ctx)}: ${moduleLabel(check.module)}`,
  });
  ctx.job = job;
  let lastSaved = -1;
  let protocol = '?';
  const started = performance.now();
  const offs = [
    job.events.on('detected', (d) => {
      protocol = d.protocol;
      logWindow(ctx, transport);
    }),
    job.events.on('progress', (p) => {
      const progress = p.bytesTotal ? p.bytesDone / p.bytesTotal : 0;
      ctx.patch({ progress, transfer: p });
      if (progress - lastSaved >= 0.05) {
        lastSaved = progress;
        void ctx.persist();
      }
    }),
  ];
  const written = new Promise<null>((resolve) => offs.push(job.events.on('phase', (p) => p.phase === 'verify' && resolve(null))));
  const outcome = job.run();
  ctx.outcome = outcome;
  try {
    const ended = await Promise.race([outcome, written]);
    if (ended === null) {
      ctx.log(`flashed ${image.name} over ${protocol} in ${Math.round(performance.now() - started)} ms; the module resets`);
      ctx.patch({ progress: 1 });
      return;
    }
    if (ended.kind === 'refused') throw refusalError(ended.refusal);
    if (ended.kind === 'failed') {
      const e = ended.error;
      if (e.code === 'cancelled') throw new FlowError('cancelled', e.message);
      if (e.code === 'device-lost' || (e.code === 'transport' && (transport.state as string) === 'lost')) {
        throw new FlowError(
          'unplugged-mid-flash',
          e.writeStarted
            ? l(`The module left the bus during the ${PHASE_WORDS[e.phase].en}, after the first bytes were written.`, `Le module a quitté le bus pendant ${PHASE_WORDS[e.phase].fr}, après l’écriture des premiers octets.`)
            : l(`The module left the bus during the ${PHASE_WORDS[e.phase].en}, before anything was written.`, `Le module a quitté le bus pendant ${PHASE_WORDS[e.phase].fr}, avant toute écriture.`),
          e.writeStarted ? 'write-started' : undefined,
        );
      }
      throw new FlowError('flash-failed', e.message, e.code);
    }
    // written and already judged (a read-back that could not wait): the flow's verify step still checks
    ctx.log(`flashed ${image.name} over ${ended.result.protocol}; reset: ${ended.result.reset}`);
    ctx.patch({ progress: 1 });
  } finally {
    for (const off of offs) off();
    // the bytes and rate belong to this write: the waits after it show none
    if (ctx.view.transfer) ctx.patch({ transfer: null });
    ctx.job = null;
    ctx.closeDownload();
  }
}

/** The facts the write job compares with the image, from what the flow read. */
function readBackOf(after: ModemFacts): ReadBackFacts {
  return { model: after.model, firmwareVersion: after.firmwareVersion, carrier: after.impref?.current.carrier ?? null, revision: after.revision };
}

/** Hands the write job the module's answers and waits for its verdict (it records it in the journal). */
async function settleWrite(ctx: FlowContext, after: ModemFacts | null): Promise<void> {
  const outcome = ctx.outcome;
  if (!outcome) return;
  ctx.outcome = null;
  ctx.settleReadBack(after ? readBackOf(after) : null);
  const o = await outcome;
  ctx.log(`write job: ${o.kind}`);
}

/** Waits for the module's application port after the reset and opens the AT session on it. */
export async function waitApp(ctx: FlowContext): Promise<void> {
  await ctx.closeAt();
  const outcome = await ctx.waitDevice('app', ctx.t.appWaitMs, ctx.t.appExpectedMs);
  ctx.atPort = ctx.link.checkAppPort(outcome);
  await ctx.openAt();
}

/** Re-reads firmware and carrier and compares them with the image written. */
export async function verifyImage(ctx: FlowContext): Promise<void> {
  const session = await ctx.openAt();
  const after = await readFacts(session);
  const img = ctx.image;
  const ref = ctx.view.image;
  const expectedFirmware = img?.firmwareVersion ?? ref?.firmwareVersion ?? null;
  const expectedCarrier = img?.carrier ?? ref?.carrier ?? null;
  const carrier = after.impref?.current.carrier ?? null;
  const fwOk = !expectedFirmware || after.firmwareVersion === expectedFirmware;
  const carrierOk = !expectedCarrier || carrier?.toUpperCase() === expectedCarrier.toUpperCase();
  const report: VerifyReport = { expectedFirmware, firmware: after.firmwareVersion, expectedCarrier, carrier, preferredCarrier: after.impref?.preferred.carrier ?? null, ok: fwOk && carrierOk };
  ctx.patch({ after, verify: report });
  await settleWrite(ctx, after);
  ctx.log(`verify: firmware ${after.firmwareVersion ?? '?'} (expected ${expectedFirmware ?? 'any'}), carrier ${carrier ?? '?'} (expected ${expectedCarrier ?? 'any'})`);
  if (!report.ok) {
    throw new FlowError(
      'verify-mismatch',
      l(
        `The module runs ${after.firmwareVersion ?? '?'} ${carrier ?? ''}, the image has ${expectedFirmware ?? '?'} ${expectedCarrier ?? ''}.`,
        `Le module exécute ${after.firmwareVersion ?? '?'} ${carrier ?? ''}, l’image contient ${expectedFirmware ?? '?'} ${expectedCarrier ?? ''}.`,
      ),
    );
  }
}

/** Puts back APN profiles the update reset (the carrier configuration rewrites the PDP table). */
export async function restoreApns(ctx: FlowContext): Promise<void> {
  const before = ctx.view.before;
  const after = ctx.view.after;
  if (!before || !after) return;
  const session = await ctx.openAt();
  const restored: string[] = [];
  for (const c of before.pdp) {
    if (!c.apn) continue;
    const now = after.pdp.find((x) => x.cid === c.cid);
    if (now && now.apn === c.apn && now.pdpType === c.pdpType) continue;
    const cmd = `AT+CGDCONT=${c.cid},"${c.pdpType}","${c.apn}"`;
    const r = await session.send(cmd, { signal: ctx.signal });
    if (r.final.kind === 'ok') restored.push(cmd);
    else ctx.log(`restore refused: ${cmd}`);
  }
  ctx.patch({ restored });
}
