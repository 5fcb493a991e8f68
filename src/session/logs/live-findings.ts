/**
 * What the AT answers of a session say about the modem, without anyone asking: every answer to
 * a command of the diagnostic sequence (typed in the console or sent by "Check my modem") is
 * parsed into a snapshot, the device identity is completed from it (firmware, IMEI, ICCID,
 * IMSI), and the diagnosis rules run over it once the answers settle, so the session's
 * findings are logged too. The rules are loaded on first use (they are not in the start bundle).
 */
import { parseCommand } from '../../codec/at/command.ts';
import { buildSnapshot, type ModemSnapshot, type StepAnswers } from '../../codec/at/snapshot.ts';
import type { AtResponse } from '../at/at-session.ts';
import { stepOf } from '../analysis/transcript.ts';
import type { Journal } from './journal.ts';

export interface LiveFindingsOptions {
  /** Quiet time after the last diagnostic answer before the rules run. */
  readonly settleMs?: number;
}

export class LiveFindings {
  readonly #log: Journal;
  readonly #settleMs: number;
  readonly #answers: StepAnswers = {};
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = '';
  #pending: Promise<void> = Promise.resolve();
  /** Keeps the session open until answers waiting for the rules are evaluated. */
  #release: (() => void) | null = null;

  constructor(log: Journal, options: LiveFindingsOptions = {}) {
    this.#log = log;
    this.#settleMs = options.settleMs ?? 1000;
  }

  /** Feeds one response; returns true when it answered a step of the diagnostic sequence. */
  add(response: AtResponse): boolean {
    const parsed = parseCommand(response.command);
    const step = parsed ? stepOf(parsed) : null;
    if (!step) return false;
    (this.#answers as Record<string, unknown>)[step] = {
      command: response.command,
      lines: response.lines,
      final: response.final,
      passwordRequired: response.passwordGate === 'locked',
    };
    this.#log.snapshot(this.snapshot());
    this.#release ??= this.#log.hold();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#pending = this.evaluate();
    }, this.#settleMs);
    return true;
  }

  snapshot(): ModemSnapshot {
    return buildSnapshot(this.#answers);
  }

  /** Runs the rules now; logs the findings when they changed. */
  async evaluate(): Promise<void> {
    try {
      const { evaluate } = await import('../../knowledge/rules/engine.ts');
      const findings = evaluate({ snapshot: this.snapshot(), errors: [], signals: [] });
      const key = findings.map((f) => `${f.id}:${f.severity}`).join(',');
      if (key === this.#last || !this.#log.active) return;
      this.#last = key;
      this.#log.findings(findings);
    } catch (e) {
      this.#log.error('diagnosis', 'rules-failed', `The diagnosis rules could not run: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (!this.#timer) {
        this.#release?.();
        this.#release = null;
      }
    }
  }

  /** Evaluates at once if answers are waiting (the session is ending). */
  async settle(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#pending = this.evaluate();
    }
    await this.#pending;
  }

  /** Stops listening; answers still waiting are evaluated before the session may end. */
  dispose(): void {
    void this.settle();
  }
}
