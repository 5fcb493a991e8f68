/**
 * Transcript / log analysis off the UI thread, for pastes and files over 1 MB: a 1,000,000-line
 * paste must not freeze the page. The page posts the text (or the File handle: the worker reads
 * it in slices); progress comes back between slices.
 */
import * as Comlink from 'comlink';
import { analyseBlob, analyseString, type AnalysedText, type Progress } from '../session/analysis/chunked.ts';

const api = {
  analyse(input: string | Blob, onProgress?: Progress): Promise<AnalysedText> | AnalysedText {
    return typeof input === 'string' ? analyseString(input, onProgress) : analyseBlob(input, onProgress);
  },
};

export type AnalysisWorkerApi = typeof api;

Comlink.expose(api);
