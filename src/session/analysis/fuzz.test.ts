/**
 * Robustness: the parsers, the decoder and the analyser must never throw or hang on random
 * or mutated input. Deterministic (seeded) so a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { buildSnapshot, snapshotFromLines } from '../../codec/at/snapshot.ts';
import { classifyFinal } from '../../codec/at/final-result.ts';
import { LineSplitter } from '../../codec/at/line-splitter.ts';
import { decodeLine, decodeQuery } from '../../knowledge/errors/decode.ts';
import { evaluate } from '../../knowledge/rules/engine.ts';
import * as T from '../../codec/at/transcripts.fixture.ts';
import * as L from './logs.fixture.ts';
import { analyzeText } from './analyze.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS: string[] = [
  ...Object.values(T).flatMap((v) => (Array.isArray(v) ? v : [])),
  ...Object.values(L).flatMap((v) => (typeof v === 'string' ? v.split('\n') : [])),
  '+CME ERROR: 30', '+CMS ERROR: 500', 'QMI protocol error (14)', 'Primary error code: 82', 'FW download failed: 121', 'OK', 'ERROR', 'NO CARRIER',
];
const ALPHABET = ' \t:,."()+!_-=?#0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u0000\u00ff\ufffd\r\n';

function mutate(line: string, r: () => number): string {
  const chars = [...line];
  const ops = 1 + Math.floor(r() * 4);
  for (let i = 0; i < ops; i++) {
    const pos = Math.floor(r() * (chars.length + 1));
    const op = r();
    const c = ALPHABET[Math.floor(r() * ALPHABET.length)]!;
    if (op < 0.33) chars.splice(pos, 1);
    else if (op < 0.66) chars.splice(pos, 0, c);
    else chars[pos] = c;
  }
  if (r() < 0.05) return chars.join('').repeat(1 + Math.floor(r() * 50));
  return chars.join('');
}

function randomLine(r: () => number): string {
  const n = Math.floor(r() * 60);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

describe('fuzz', () => {
  it('survives 120k random and mutated lines through every parser and the decoder', () => {
    const r = rng(0xb007);
    const batch: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      const line = r() < 0.7 ? mutate(CORPUS[Math.floor(r() * CORPUS.length)]!, r) : randomLine(r);
      classifyFinal(line);
      decodeLine(line);
      batch.push(line);
      if (batch.length === 40) {
        const s = snapshotFromLines(batch);
        buildSnapshot({ cpin: { command: 'AT+CPIN?', lines: batch, final: classifyFinal(line) } });
        evaluate({ snapshot: s, errors: [], signals: [] });
        batch.length = 0;
      }
      if (i % 1000 === 0) decodeQuery(line);
    }
  }, 120_000); // a hang shows up as this timeout; the speed is measured in `npm run bench`, not here

  it('survives 2k mutated documents through the analyser and arbitrary bytes through the splitter', () => {
    const r = rng(42);
    const docs = (Object.values(L) as unknown[]).filter((v): v is string => typeof v === 'string');
    for (let i = 0; i < 2000; i++) {
      const doc = docs[Math.floor(r() * docs.length)]!.split('\n').map((l) => (r() < 0.3 ? mutate(l, r) : l));
      if (r() < 0.2) doc.splice(Math.floor(r() * doc.length), 0, ...CORPUS.slice(0, Math.floor(r() * 20)));
      const res = analyzeText(doc.join(r() < 0.5 ? '\n' : '\r\n'));
      expect(['at', 'log', 'mixed', 'unknown']).toContain(res.kind);
    }
    const splitter = new LineSplitter({ maxLineLength: 256 });
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(Math.floor(r() * 64)).map(() => Math.floor(r() * 256));
      for (const l of splitter.push(bytes)) expect(l.length).toBeLessThanOrEqual(256);
    }
  });
});
