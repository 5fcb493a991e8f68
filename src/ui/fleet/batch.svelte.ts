/**
 * The Batch page's state: the chosen image, the ticked modems, the order, and the running
 * batch (session-layer BatchUpdate) mirrored row by row into a rune. Survives leaving the page.
 *
 * The batch is kept in IndexedDB as it runs (IdbBatchStore) and its image in the image library,
 * so after a reload the page finds the interrupted batch (`batch.interrupted`), says what
 * finished, what was interrupted and where, and continues on the modems reconnected since.
 */
import { BatchUpdate, type BatchMode, type BatchRow } from '../../session/fleet/batch-update.ts';
import { planBatch, type BatchPlan } from '../../session/fleet/batch-plan.ts';
import { summarize, summaryCsv, summaryFileName, summaryJson, type BatchSummary } from '../../session/fleet/batch-summary.ts';
import { IdbBatchStore, batchRunning, matchRemaining, remainingRows, type BatchRecord } from '../../session/fleet/batch-record.ts';
import { journalOfMember } from '../../session/fleet/member-journal.ts';
import { describerFromFunctions } from '../../session/link/port-role.ts';
import { browserPlatform } from '../../session/write/platform.ts';
import { flowImageFromReport, type FlowImage, type FlowImageRef } from '../../session/flows/flow-image.ts';
import { ImageLibrary } from '../../session/images/library.ts';
import { deviceApis } from '../../platform/device-apis.ts';
import { fleet } from '../app-state/connection.svelte.ts';
import { holdBusy } from '../app-state/busy.svelte.ts';
import { demo } from '../app-state/demo.svelte.ts';
import { imageLineOf } from '../../knowledge/compatibility.ts';
import { isKept, keep, quotaFor } from '../images/library.svelte.ts';
import { createImageInspector } from '../../worker/image-client.ts';
import { maskIdentifier } from '../../session/connection/modem-fleet.ts';
import { csvDialect, resultLabel } from './format.ts';
import { beginJob } from '../job/job.svelte.ts';
import { batchJobSource, batchOutcome } from './batch-job.ts';
import { fleetMessages as m } from './messages.ts';

/** The interrupted batch's image: found in the library by its SHA-256, or to be chosen again. */
export type ResumeImage =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly image: FlowImage }
  | { readonly kind: 'missing' }
  /** The operator chose another file than the batch's image. */
  | { readonly kind: 'wrong'; readonly name: string };

export interface Interrupted {
  readonly record: BatchRecord;
  readonly image: ResumeImage;
}

export const batch = $state<{
  image: FlowImage | null;
  ticked: Record<string, boolean>;
  mode: BatchMode;
  rows: BatchRow[];
  running: boolean;
  summary: BatchSummary | null;
  /** A batch a reload (or a crash) stopped, found in the store; null once continued or discarded. */
  interrupted: Interrupted | null;
  /** Was the image kept in the library for a resume (null: not known yet). */
  imageKept: boolean | null;
  /**
   * What the polite live region says (the start, row status changes, the end), newest last. Each
   * is its own node, added: rows of a parallel batch change together and every change is read.
   */
  announcements: { readonly id: number; readonly text: string }[];
  /** The model the operator typed for an image whose product line is not in the tables ('' when none). */
  typedModel: string;
  /** Modems the operator asked to re-flash although they already run the image's firmware. */
  reflash: Record<string, boolean>;
}>({ image: null, ticked: {}, mode: 'sequential', rows: [], running: false, summary: null, interrupted: null, imageKept: null, announcements: [], typedModel: '', reflash: {} });

let said = 0;
function say(text: string): void {
  batch.announcements = [...batch.announcements.slice(-5), { id: ++said, text }];
}

let current: BatchUpdate | null = null;
const store = new IdbBatchStore();

export function setImage(image: FlowImage | null): void {
  batch.image = image;
  batch.typedModel = '';
  batch.reflash = {};
}

/**
 * What the batch would do to every connected modem with the chosen image (null: no usable
 * image yet), by the write job's own check against each modem's AT identity. The batch runs
 * the same plan, so what the page shows before the start is what happens.
 */
export function currentPlan(members: readonly { id: string; state: string; model: string | null; revision: string | null }[]): BatchPlan | null {
  const image = batch.image;
  if (!image || image.verdict !== 'ok') return null;
  return planBatch({
    image,
    members: members.map((x) => ({ id: x.id, connected: x.state === 'connected', model: x.model, revision: x.revision })),
    typedConfirmation: batch.typedModel,
    reflash: new Set(Object.keys(batch.reflash).filter((id) => batch.reflash[id])),
  });
}

/** The image's product line is not in the tables: the batch writes it only on a typed model name. */
export function imageLineUnknown(image: FlowImage | null): boolean {
  return !!image && image.verdict === 'ok' && imageLineOf({ platform: image.platform, productCode: image.product, firmwareVersion: image.firmwareVersion, carrier: image.carrier }) === null;
}

/** Looks for a batch a reload interrupted (once per page load, and again after a discard elsewhere). */
export async function loadInterrupted(): Promise<void> {
  if (current || batch.running) return;
  let record: BatchRecord | null = null;
  try {
    // a batch running in another tab keeps its record live: not an interrupted one
    record = (await batchRunning()) ? null : await store.load();
  } catch {
    record = null;
  }
  if (!record || current) {
    batch.interrupted = null;
    return;
  }
  if (batch.interrupted?.record.id === record.id && batch.interrupted.image.kind === 'ready') return;
  batch.interrupted = { record, image: { kind: 'loading' } };
  const image = await imageFromLibrary(record.image);
  if (batch.interrupted?.record.id === record.id) batch.interrupted = { record, image: image ? { kind: 'ready', image } : { kind: 'missing' } };
}

async function imageFromLibrary(ref: FlowImageRef): Promise<FlowImage | null> {
  if (!ref.sha256) return null;
  try {
    const lib = await ImageLibrary.open();
    const entry = await lib.get(ref.sha256);
    if (!entry) return null;
    return await flowImageFromReport({ ...entry.report, sha256: ref.sha256 }, await lib.file(ref.sha256));
  } catch {
    return null;
  }
}

/** The image chosen again for an interrupted batch whose image is not in the library: only the same content will do. */
export async function setResumeImage(chosen: FlowImage | null): Promise<void> {
  const i = batch.interrupted;
  if (!i || !chosen) return;
  const image = await withSha256(chosen).catch(() => chosen);
  const same = image.sha256 !== null && image.sha256 === i.record.image.sha256 && image.verdict === 'ok';
  if (batch.interrupted?.record.id !== i.record.id) return;
  batch.interrupted = { record: i.record, image: same ? { kind: 'ready', image } : { kind: 'wrong', name: image.name } };
}

/** The file behind an image (its bytes, read once). */
async function fileOf(image: FlowImage): Promise<File> {
  const bytes = await image.source.read(0, image.source.size);
  return new File([bytes.slice()], image.name, { type: 'application/octet-stream' });
}

/** Inspection leaves the SHA-256 to a separate pass: the batch needs it, as the image's identity. */
async function withSha256(image: FlowImage): Promise<FlowImage> {
  if (image.sha256) return image;
  const inspector = createImageInspector();
  try {
    return { ...image, sha256: await inspector.sha256(await fileOf(image)) };
  } finally {
    inspector.dispose();
  }
}

/** Remaining row key → the connected member carrying that modem now (by IMEI/FSN). */
export function reconnectedMembers(record: BatchRecord): ReadonlyMap<string, string> {
  return matchRemaining(
    record,
    fleet.members.map((x) => ({ memberId: x.id, key: x.key, connected: x.state.kind === 'connected' })),
  );
}

export async function discardInterrupted(): Promise<void> {
  batch.interrupted = null;
  await store.clear().catch(() => undefined);
}

let preparing = false;

export async function startBatch(): Promise<void> {
  const chosen = batch.image;
  if (current || preparing || batch.interrupted || !chosen || chosen.verdict !== 'ok') return;
  const ids = fleet.members.filter((x) => batch.ticked[x.id] && x.state.kind === 'connected').map((x) => x.id);
  // nothing the plan would write: the button says why and stays disabled; a stray call does nothing
  const plan = currentPlan(fleet.members.filter((x) => ids.includes(x.id)).map((x) => {
    const s = x.state;
    const who = s.kind === 'connected' ? s.identity : x.identity;
    return { id: x.id, state: s.kind, model: who?.model ?? null, revision: who?.revision ?? null };
  }));
  if (!ids.length || !plan?.writes.length) return;
  preparing = true;
  let image = chosen;
  try {
    image = await withSha256(chosen);
  } catch {
    // no identity for the image: the batch runs, a reload will ask for the file again
  } finally {
    preparing = false;
  }
  if (current) return;
  batch.imageKept = null;
  // kept beside the run, so a reload can find the bytes again (the record holds only the SHA-256)
  void keepForResume(image).then((kept) => (batch.imageKept = kept));
  await runBatch(image, ids, batch.mode, null, plan.writes.length, ids.filter((id) => batch.reflash[id]));
}

/** Continues the interrupted batch on the modems reconnected since (identity-matched). */
export async function continueBatch(): Promise<void> {
  const i = batch.interrupted;
  if (current || !i || i.image.kind !== 'ready') return;
  const ids = [...reconnectedMembers(i.record).values()];
  if (!ids.length) return;
  batch.interrupted = null;
  batch.mode = i.record.mode;
  batch.image = i.image.image;
  batch.imageKept = true;
  // a continued row runs its update again as the notice says, even when the write had already landed
  await runBatch(i.image.image, ids, i.record.mode, i.record, ids.length, ids);
}

async function runBatch(image: FlowImage, ids: readonly string[], mode: BatchMode, earlier: BatchRecord | null, writes: number, reflash: readonly string[]): Promise<void> {
  const { serial, usb } = deviceApis();
  if (!serial) return;
  const bench = demo.bench;
  // the batch holds the write guard, the per-module locks, the wake lock, the leave warning and
  // each modem's journal (session/fleet): this store mirrors its rows
  const run = new BatchUpdate({
    fleet,
    memberIds: ids,
    image,
    mode,
    env: { serial, usb, ...(bench ? { describePort: describerFromFunctions((p) => bench.describe(p)?.function) } : {}) },
    platform: browserPlatform(),
    typedConfirmation: batch.typedModel.trim() || null,
    reflash,
    label: document.title,
    store,
    earlier,
    sessionFor: journalOfMember,
  });
  current = run;
  batch.rows = [...run.rows];
  batch.summary = null;
  batch.running = true;
  say(m.t('announceStart', { n: writes }));
  const releaseBusy = holdBusy('batch-update');
  // the header, the tab, the job screen and the end notification follow the batch (ui/job)
  let stopped = false;
  const endJob = beginJob(batchJobSource({ rows: () => batch.rows, imageName: image.name, imageSize: image.source.size, stop: () => ((stopped = true), run.cancel()) }));
  const seen = new Map(run.rows.map((r) => [r.memberId, r.status]));
  const off = run.events.on('row', (r) => {
    batch.rows = [...run.rows];
    if (seen.get(r.memberId) !== r.status) {
      seen.set(r.memberId, r.status);
      say(announce(r));
    }
  });
  try {
    const rows = await run.run();
    batch.rows = [...rows];
    batch.summary = summarize(rows, summaryImage(image), mode);
    say(m.t(batch.summary.counts.skipped ? 'announceDoneSkipped' : 'announceDone', { ...batch.summary.counts }));
  } finally {
    off();
    endJob.end(batchOutcome(batch.rows, stopped));
    releaseBusy();
    current = null;
    batch.running = false;
  }
}

function announce(r: BatchRow): string {
  const modem = `${r.model ?? '?'} ${maskIdentifier(r.imei ?? r.fsn) ?? ''}`.trim();
  if (r.status === 'needs-reconnect') return m.t('announcePick', { modem });
  if (r.status === 'failed') return m.t('announceFailed', { modem, why: resultLabel(r.result) });
  return m.t('announceRow', { modem, status: m.t(`row_${r.status}`) });
}

function summaryImage(i: FlowImageRef): BatchSummary['image'] {
  return { name: i.name, sha256: i.sha256, firmware: i.firmwareVersion, carrier: i.carrier };
}

/** Stores the image in the library unless it is there already; false when it could not be. */
async function keepForResume(image: FlowImage): Promise<boolean> {
  if (!image.sha256) return false;
  try {
    if (await isKept(image.sha256)) return true;
    const file = await fileOf(image);
    const inspector = createImageInspector();
    try {
      // the hash is the same bytes' (withSha256); inspection does not compute it
      const report = { ...(await inspector.inspect(file)), sha256: image.sha256 };
      if ((await quotaFor(report)).kind === 'too-big') return false;
      await keep(file, report);
      return true;
    } finally {
      inspector.dispose();
    }
  } catch {
    return false;
  }
}

/** Opens the chooser for one row's download-mode device (from its button's click). */
export function reconnectRow(memberId: string): void {
  void current?.reconnect(memberId);
}

export function cancelBatch(): void {
  current?.cancel();
}

/** The summary of the interrupted batch as it stood (rows from before the reload). */
export function interruptedSummary(i: Interrupted): BatchSummary {
  return summarize(i.record.rows, summaryImage(i.record.image), i.record.mode);
}

/** IMEIs and FSNs are masked in the file unless `includeIdentifiers` (the operator's explicit choice). */
export function exportSummary(kind: 'csv' | 'json', s: BatchSummary | null = batch.summary, includeIdentifiers = false): void {
  if (!s) return;
  const dialect = csvDialect();
  const o = { includeIdentifiers };
  // a localised CSV is for a spreadsheet: the BOM tells Excel it is UTF-8 (accents in the headers)
  const text = kind === 'csv' ? `${dialect.separator === ';' ? '\uFEFF' : ''}${summaryCsv(s, dialect, o)}` : summaryJson(s, o);
  const url = URL.createObjectURL(new Blob([text], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = summaryFileName(s, kind);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export { remainingRows };
