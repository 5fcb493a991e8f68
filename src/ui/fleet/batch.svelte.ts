/**
 * The Batch page's state: the chosen image, the ticked modems, the order, and the running
 * batch (session-layer BatchUpdate) mirrored row by row into a rune. Survives leaving the page.
 */
import { BatchUpdate, type BatchMode, type BatchRow } from '../../session/fleet/batch-update.ts';
import { summarize, summaryCsv, summaryFileName, summaryJson, type BatchSummary } from '../../session/fleet/batch-summary.ts';
import type { FlowImage } from '../../session/flows/flow-image.ts';
import { holdWakeLock, lockDevice } from '../../session/flows/guards.ts';
import { deviceApis } from '../../platform/device-apis.ts';
import { fleet } from '../shell/connection.svelte.ts';
import { holdBusy } from '../shell/busy.svelte.ts';
import { recorderOf } from '../../session/logs/live.ts';

export const batch = $state<{
  image: FlowImage | null;
  ticked: Record<string, boolean>;
  mode: BatchMode;
  rows: BatchRow[];
  running: boolean;
  summary: BatchSummary | null;
}>({ image: null, ticked: {}, mode: 'sequential', rows: [], running: false, summary: null });

let current: BatchUpdate | null = null;

export function setImage(image: FlowImage | null): void {
  batch.image = image;
}

export async function startBatch(): Promise<void> {
  const image = batch.image;
  const { serial, usb } = deviceApis();
  if (current || !image || image.verdict !== 'ok' || !serial) return;
  const ids = fleet.members.filter((m) => batch.ticked[m.id] && m.state.kind === 'connected').map((m) => m.id);
  if (!ids.length) return;
  const run = new BatchUpdate({
    fleet,
    memberIds: ids,
    image,
    mode: batch.mode,
    env: { serial, usb },
    lock: (key, label) => lockDevice(key, label),
    label: document.title,
    // each modem's own session (its recorder's current one), so its log says what the batch did to it
    sessionFor: (m) => {
      const r = recorderOf(m.connection);
      const id = m.identity;
      return r ? (r.current ?? r.begin({ ...(id?.model ? { model: id.model } : {}), ...(id?.imei ? { imei: id.imei } : {}) })) : null;
    },
  });
  current = run;
  batch.rows = [...run.rows];
  batch.summary = null;
  batch.running = true;
  const releaseBusy = holdBusy('batch-update');
  const releaseWake = holdWakeLock();
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const off = run.events.on('row', () => (batch.rows = [...run.rows]));
  try {
    const rows = await run.run();
    batch.rows = [...rows];
    batch.summary = summarize(rows, { name: image.name, sha256: image.sha256, firmware: image.firmwareVersion, carrier: image.carrier }, batch.mode);
  } finally {
    off();
    releaseWake();
    releaseBusy();
    window.removeEventListener('beforeunload', onBeforeUnload);
    current = null;
    batch.running = false;
  }
}

/** Opens the chooser for one row's download-mode device (from its button's click). */
export function reconnectRow(memberId: string): void {
  void current?.reconnect(memberId);
}

export function cancelBatch(): void {
  current?.cancel();
}

export function exportSummary(kind: 'csv' | 'json'): void {
  const s = batch.summary;
  if (!s) return;
  const text = kind === 'csv' ? summaryCsv(s) : summaryJson(s);
  const url = URL.createObjectURL(new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = summaryFileName(s, kind);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
