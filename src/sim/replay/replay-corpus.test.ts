/**
 * Every real transcript of the shared corpus, replayed: the live diagnosis of the virtual
 * modem built from it (the app's own check sequence over an AT session) must give the same
 * modem facts and the same findings as `boothold analyze` of the text, for every fact and
 * finding the analyser gets from the text alone. Findings the analyser draws from error lines
 * or log signals (not from the modem's answers) are not asked of the live check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { AtSession } from '../../session/at/at-session.ts';
import { SNAPSHOT_PLAN, runSnapshot } from '../../session/at/snapshot.ts';
import { analyzeText } from '../../session/analysis/analyze.ts';

import { modemFacts } from '../../session/analysis/report.ts';
import { RealClock, ScaledClock } from '../clock.ts';
import { startVirtualBench } from '../index.ts';
import { waitUntil } from '../bench.fixture.ts';
import { commandKey, replayFromText } from './index.ts';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/at');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

/** The facts both sides can produce; a fact the analyser could not read from the text is not compared. */
function comparable(facts: ReturnType<typeof modemFacts>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (k === 'usb' || k === 'usbMatches') continue;
    if (k === 'carrier') {
      const c = v as { current: string | null; preferred: string | null };
      if (c.current) out['carrier.current'] = c.current;
      if (c.preferred) out['carrier.preferred'] = c.preferred;
      continue;
    }
    if (v !== null) out[k] = v;
  }
  return out;
}

describe('replay of the shared AT corpus', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s: the live diagnosis of the replayed modem agrees with the analysis of the text', async (file) => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const analysis = analyzeText(text);
    const expectedFacts = comparable(modemFacts(analysis.snapshot, null));
    // only what the live check asks can be compared: answers to commands outside its plan
    // (AT!USBCOMP? refused for the password…) are not sent to the replayed modem
    const planned = new Set<string>(SNAPSHOT_PLAN.map(([step]) => step));
    const answers = Object.fromEntries(Object.entries(analysis.snapshot.answers).filter(([step]) => planned.has(step)));
    const expectedFindings = evaluate({ snapshot: { ...analysis.snapshot, answers }, errors: [], signals: [] }).map((f) => f.id);

    const replay = replayFromText(text);
    const bench = startVirtualBench({ replay, seed: 5, clock: new ScaledClock(new RealClock(), 0.005) });
    try {
      await waitUntil(() => bench.modem().snapshot().atReady, 15_000);
      const session = new AtSession(bench.connectMemory('at'));
      const live = await runSnapshot(session);
      await session.close();
      const liveFacts = modemFacts(live, null);
      const got = comparable(liveFacts);
      for (const [k, v] of Object.entries(expectedFacts)) expect({ [k]: got[k] }, `${file}: ${k}`).toEqual({ [k]: v });
      const liveFindings = evaluate({ snapshot: live, errors: [], signals: [] }).map((f) => f.id);
      expect(liveFindings, `${file}: findings`).toEqual(expect.arrayContaining(expectedFindings));
      // the replay answered from the text wherever the text had the command
      const asked = new Set(SNAPSHOT_PLAN.map(([, c]) => commandKey(c)));
      const recordedAsked = replay.summary.commands.filter((c) => asked.has(commandKey(c))).length;
      expect(bench.modem().snapshot().replay?.answeredRecorded ?? 0).toBeGreaterThanOrEqual(recordedAsked);
    } finally {
      bench.dispose();
    }
  }, 30_000);
});
