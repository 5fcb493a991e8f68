/**
 * Replay a customer's modem: a transcript or an exported session becomes a virtual module that
 * answers the recorded commands with the recorded answers and behaves like its family for
 * everything else (src/sim/README.md, "Replay").
 */
import type { ScenarioSetup } from '../scenarios.ts';
import { RecordedTable } from './recorded.ts';
import { buildReplay } from './scenario.ts';
import { replaySource, type ReplaySourceKind } from './source.ts';

export { RecordedTable, commandKey, type RecordedAnswer, type RecordedCounts } from './recorded.ts';
export { familyProfile } from './scenario.ts';
export { replaySource, transcriptOfEvents, type ReplaySource, type ReplaySourceKind } from './source.ts';

export interface ReplaySummary {
  readonly source: ReplaySourceKind;
  readonly model: string;
  readonly firmware: string | null;
  /** The family profile that answers what the text does not show. */
  readonly profileId: string;
  readonly profileModel: string;
  readonly recordedCommands: number;
  /** The recorded command lines, as in the text. */
  readonly commands: readonly string[];
  /** Facts the starting state took from the text, in words. */
  readonly fromText: readonly string[];
}

export interface ReplayScenario {
  /** A fresh setup each call (a replay can be started twice). */
  build(): ScenarioSetup;
  readonly recorded: RecordedTable;
  readonly cmee: 0 | 1 | 2 | null;
  readonly summary: ReplaySummary;
}

export function replayFromText(input: string): ReplayScenario {
  const source = replaySource(input);
  const first = buildReplay(source.text);
  const recorded = new RecordedTable(first.answers);
  let used = false;
  return {
    build: () => {
      if (!used) {
        used = true;
        return first.setup;
      }
      return buildReplay(source.text).setup;
    },
    recorded,
    cmee: first.cmee,
    summary: {
      source: source.kind,
      model: first.setup.profile.model,
      firmware: first.analysis.snapshot.firmware?.full ?? null,
      profileId: first.base.id,
      profileModel: first.base.model,
      recordedCommands: recorded.size,
      commands: recorded.commands,
      fromText: first.fromText,
    },
  };
}
