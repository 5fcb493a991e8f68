/**
 * Logs a download-engine run into a session: phases as flow steps, the engine's own message
 * log (one line per protocol message, data blocks summarised) as protocol events, progress at
 * most once a second and on every new image, and the typed result or error.
 */
import type { DownloadEngine } from '../download/engine.ts';
import type { Journal } from './journal.ts';

export interface DownloadRecordOptions {
  /** Flow id for the phase steps (default `download`). */
  readonly flow?: string;
  /** Minimum ms between two progress events. */
  readonly progressEveryMs?: number;
  /** Record the run's end as the session's result (default true). */
  readonly setResult?: boolean;
  readonly now?: () => number;
}

export function recordDownload(log: Journal, engine: Pick<DownloadEngine, 'events' | 'log'>, options: DownloadRecordOptions = {}): () => void {
  const flow = options.flow ?? 'download';
  const every = options.progressEveryMs ?? 1000;
  const now = options.now ?? (() => Date.now());
  let lastProgress = -Infinity;
  let lastPart: string | null = null;
  const offs = [
    engine.log.onEntry((e) => log.append({ kind: 'protocol', dir: e.dir, text: e.text })),
    engine.events.on('phase', ({ phase, step }) => log.step(flow, phase, 'started', step)),
    engine.events.on('detected', ({ protocol, identity }) => {
      log.device({ port: identity.label });
      log.step(flow, 'detected', 'done', `${protocol} on ${identity.label}${identity.knownAs ? ` (${identity.knownAs})` : ''}`);
    }),
    engine.events.on('progress', (p) => {
      const part = p.part ? `${p.part.index}/${p.part.count} ${p.part.name}` : null;
      const t = now();
      const finished = p.bytesTotal > 0 && p.bytesDone === p.bytesTotal;
      if (part === lastPart && !finished && t - lastProgress < every) return;
      lastPart = part;
      lastProgress = t;
      log.append({ kind: 'progress', phase: p.phase, part, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal });
    }),
    engine.events.on('done', (r) => {
      log.step(flow, 'done', 'done', r.message);
      if (options.setResult !== false) log.result('ok', null, r.message);
    }),
    engine.events.on('failed', (e) => {
      log.error(flow, e.code, e.message, [e.phase, e.step, e.deviceText].filter(Boolean).join(' · ') || undefined);
      log.step(flow, e.phase, 'failed', e.code);
      if (options.setResult !== false) log.result(e.code === 'cancelled' ? 'cancelled' : 'failed', e.code, e.message);
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
