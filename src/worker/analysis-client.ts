/**
 * The page's handle on the analysis worker. Texts up to 1 MB are analysed on the page (a few
 * milliseconds); larger ones go to the worker, with progress. A new request cancels the running
 * one (its worker is terminated and its promise rejects with a SupersededError).
 */
import * as Comlink from 'comlink';
import { analyseString, type AnalysedText, type Progress } from '../session/analysis/chunked.ts';
import type { AnalysisWorkerApi } from './analysis-worker.ts';
import { SupersededError } from './image-client.ts';

/** Above this many characters (or bytes) the analysis runs in the worker. */
export const WORKER_THRESHOLD = 1024 * 1024;

export interface TextAnalyser {
  analyse(input: string | Blob, onProgress?: Progress): Promise<AnalysedText>;
  dispose(): void;
}

export function createTextAnalyser(): TextAnalyser {
  let worker: Worker | null = null;
  let cancel: (() => void) | null = null;
  const stop = () => {
    cancel?.();
    cancel = null;
    worker?.terminate();
    worker = null;
  };
  return {
    async analyse(input, onProgress) {
      stop();
      const size = typeof input === 'string' ? input.length : input.size;
      if (size <= WORKER_THRESHOLD) return analyseString(typeof input === 'string' ? input : await input.text(), onProgress);
      const w = new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module', name: 'boothold-analysis' });
      worker = w;
      const api = Comlink.wrap<AnalysisWorkerApi>(w);
      let reject!: (e: unknown) => void;
      const superseded = new Promise<never>((_, r) => (reject = r));
      cancel = () => reject(new SupersededError());
      try {
        return await Promise.race([api.analyse(input, onProgress ? Comlink.proxy(onProgress) : undefined), superseded]);
      } finally {
        if (worker === w) {
          w.terminate();
          worker = null;
          cancel = null;
        }
      }
    },
    dispose: stop,
  };
}
