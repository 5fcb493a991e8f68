/**
 * The words and pictures of a running job, pure: the transfer line (percent, bytes of total,
 * rate, time left), the tab title, and the favicon's progress ring as an SVG data URL (no
 * canvas: the icon is a string the browser draws). Sizes and rates in the app's binary units,
 * so the bytes on this line read as the image's size on the images page.
 */
import { formatBytes } from '../images/format.ts';
import { jobMessages as m } from './messages.ts';

export interface JobTransfer {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second, null until measured. */
  readonly bytesPerSecond: number | null;
  /** Seconds left, null until there is a rate. */
  readonly etaSeconds: number | null;
}

export type JobOutcome = 'done' | 'failed' | 'stopped';

/** Whole percent written, never 100 before the last byte (a rounded 100 % that still writes misleads). */
export function percentOf(done: number, total: number): number {
  if (!(total > 0)) return 0;
  if (done >= total) return 100;
  return Math.min(99, Math.max(0, Math.floor((done / total) * 100)));
}

/** 0:07, 4:05, 1:02:03 — the shape of a countdown. */
export function durationText(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600);
  const mm = Math.floor((t % 3600) / 60);
  const ss = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export function rateText(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return m.t('rateUnknown');
  return m.t('rate', { bytes: formatBytes(Math.round(bytesPerSecond)) });
}

export function etaText(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) ? m.t('etaUnknown') : m.t('eta', { time: durationText(seconds) });
}

/** "42 % — 12.3 MiB of 29.1 MiB · 2.1 MiB/s · about 0:08 left" */
export function transferLine(t: JobTransfer): string {
  return m.t('transfer', {
    percent: percentOf(t.bytesDone, t.bytesTotal),
    done: formatBytes(t.bytesDone),
    total: formatBytes(t.bytesTotal),
    rate: rateText(t.bytesPerSecond),
    eta: etaText(t.etaSeconds),
  });
}

/** The engine's smoothed MB/s (10^6 bytes) as bytes per second; 0 means "not measured yet". */
export function bytesPerSecondOfMbps(mbps: number): number | null {
  return mbps > 0 ? mbps * 1e6 : null;
}

export type TabState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'active'; readonly short: string; readonly transfer: JobTransfer | null }
  | { readonly kind: 'ended'; readonly outcome: JobOutcome };

/** "42 % · Writing — Boothold", "Waiting — Boothold", "✓ Done — Boothold", or the app's own name. */
export function tabTitle(s: TabState): string {
  const app = m.t('app');
  switch (s.kind) {
    case 'idle':
      return app;
    case 'active':
      return s.transfer && s.transfer.bytesTotal > 0 ? `${percentOf(s.transfer.bytesDone, s.transfer.bytesTotal)} % · ${s.short} — ${app}` : `${s.short} — ${app}`;
    case 'ended':
      return `${m.t(`ended_${s.outcome}`)} — ${app}`;
  }
}

const BRAND = '#12355b';
const RING = '#f4b942';
const TRACK = '#5a7390';
const OK = '#3ccf6e';
const BAD = '#e5484d';

export type IconState = { readonly kind: 'progress'; readonly fraction: number | null } | { readonly kind: 'ended'; readonly outcome: JobOutcome };

/**
 * The tab's icon while a job runs: the app's dark tile with a ring filled to the fraction
 * written (a quarter arc when there is no fraction yet: something is going on), a check when it
 * ended well, a cross when it failed or was stopped. Readable at 16 px.
 */
export function faviconSvg(s: IconState): string {
  const r = 22;
  const c = 2 * Math.PI * r;
  const tile = `<rect width="64" height="64" rx="12" fill="${BRAND}"/>`;
  let body: string;
  if (s.kind === 'progress') {
    const f = s.fraction === null ? 0.25 : Math.min(1, Math.max(0, s.fraction));
    const on = Math.round(c * f * 100) / 100;
    body =
      `<circle cx="32" cy="32" r="${r}" fill="none" stroke="${TRACK}" stroke-width="10"/>` +
      `<circle cx="32" cy="32" r="${r}" fill="none" stroke="${RING}" stroke-width="10" stroke-dasharray="${on} ${Math.round(c * 100) / 100}" transform="rotate(-90 32 32)"/>`;
  } else if (s.outcome === 'done') {
    body = `<circle cx="32" cy="32" r="24" fill="${OK}"/><path d="M20 33l8 8 16-17" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>`;
  } else {
    body = `<circle cx="32" cy="32" r="24" fill="${BAD}"/><path d="M23 23l18 18M41 23L23 41" stroke="#fff" stroke-width="7" stroke-linecap="round"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${tile}${body}</svg>`;
}

export function faviconUrl(s: IconState): string {
  return `data:image/svg+xml,${encodeURIComponent(faviconSvg(s))}`;
}

/** What the module does in each stage of the download engine, as one sentence. */
export function downloadDoing(p: { readonly phase: 'detect' | 'hello' | 'configure' | 'write' | 'finalize' | 'reset'; readonly part: { readonly index: number; readonly count: number; readonly name: string } | null }): string {
  if (p.phase === 'write') return p.part ? m.t('dl_writePart', { index: p.part.index, count: p.part.count, name: p.part.name }) : m.t('dl_write');
  return m.t(`dl_${p.phase}`);
}

/** The engine's report as the job screen's transfer, once there is a size to show. */
export function transferOfDownload(p: { readonly bytesDone: number; readonly bytesTotal: number; readonly mbps: number; readonly etaSeconds: number | null }): JobTransfer | null {
  return p.bytesTotal > 0 ? { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, bytesPerSecond: bytesPerSecondOfMbps(p.mbps), etaSeconds: p.etaSeconds } : null;
}
