/**
 * Runs the analyser over a large text or a File in slices, reporting progress between slices,
 * and picks out the text of the lines findings rest on (for the highlighted evidence in the card).
 * Used by the analysis worker and by the page for small pastes, so both give the same result.
 */
import { LineFeeder, TranscriptAnalyser, type AnalysisResult } from './analyze.ts';

/** Characters (or bytes of a File) per slice: small enough for smooth progress, large enough to stay fast. */
export const SLICE = 256 * 1024;
/** Evidence lines quoted per analysis (the card shows them; the rest are listed by number). */
const MAX_EXCERPTS = 400;
const MAX_EXCERPT_CHARS = 300;

export type Progress = (done: number, total: number) => void;

export interface AnalysedText {
  readonly result: AnalysisResult;
  /** Line number → text as pasted, for every evidence line (capped). */
  readonly excerpts: Record<number, string>;
}

export function analyseString(text: string, onProgress?: Progress): AnalysedText {
  const a = new TranscriptAnalyser();
  const feeder = new LineFeeder((l) => a.push(l));
  for (let at = 0; at < text.length; at += SLICE) {
    feeder.write(text.slice(at, at + SLICE));
    onProgress?.(Math.min(text.length, at + SLICE), text.length);
  }
  feeder.end();
  const result = a.finish();
  return { result, excerpts: excerptsOf(result, (fn) => feedString(text, fn)) };
}

export async function analyseBlob(blob: Blob, onProgress?: Progress): Promise<AnalysedText> {
  const a = new TranscriptAnalyser();
  await feedBlob(blob, (l) => a.push(l), onProgress);
  const result = a.finish();
  const wanted = wantedLines(result);
  const excerpts: Record<number, string> = {};
  if (wanted.size) {
    let n = 0;
    await feedBlob(blob, (l) => {
      n++;
      if (wanted.has(n)) excerpts[n] = l.slice(0, MAX_EXCERPT_CHARS);
    });
  }
  return { result, excerpts };
}

async function feedBlob(blob: Blob, onLine: (l: string) => void, onProgress?: Progress): Promise<void> {
  const decoder = new TextDecoder();
  const feeder = new LineFeeder(onLine);
  for (let at = 0; at < blob.size; at += SLICE) {
    const buf = await blob.slice(at, at + SLICE).arrayBuffer();
    feeder.write(decoder.decode(buf, { stream: true }));
    onProgress?.(Math.min(blob.size, at + SLICE), blob.size);
  }
  feeder.write(decoder.decode());
  feeder.end();
}

function feedString(text: string, onLine: (l: string) => void): void {
  const feeder = new LineFeeder(onLine);
  for (let at = 0; at < text.length; at += SLICE) feeder.write(text.slice(at, at + SLICE));
  feeder.end();
}

function wantedLines(r: AnalysisResult): Set<number> {
  const wanted = new Set<number>();
  for (const f of r.findings) for (const n of f.lines ?? []) if (wanted.size < MAX_EXCERPTS) wanted.add(n);
  for (const e of r.errors) if (e.line !== null && wanted.size < MAX_EXCERPTS) wanted.add(e.line);
  return wanted;
}

function excerptsOf(r: AnalysisResult, replay: (fn: (l: string) => void) => void): Record<number, string> {
  const wanted = wantedLines(r);
  const out: Record<number, string> = {};
  if (!wanted.size) return out;
  let n = 0;
  replay((l) => {
    n++;
    if (wanted.has(n)) out[n] = l.slice(0, MAX_EXCERPT_CHARS);
  });
  return out;
}
