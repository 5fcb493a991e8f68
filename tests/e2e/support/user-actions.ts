/**
 * Counts what a user does. Every click, fill, key press, file choice and select a test makes on
 * the user's behalf goes through one `UserActions`, so a test can assert how many actions a path
 * takes — in total and per stage — and a wasted click (a button that had to be pressed twice, an
 * extra confirmation) changes the number. What the harness does around the user (waiting, reading
 * the bench, switching the language for a screenshot, moving the virtual module's TP1 pin) is not
 * counted: it does not go through here.
 */
import type { Locator } from 'playwright-core';

type Files = Parameters<Locator['setInputFiles']>[0];

export interface CountedAction {
  readonly stage: string;
  readonly kind: 'click' | 'fill' | 'press' | 'files' | 'select';
  /** What was acted on, in words (for the failure message when a count is off). */
  readonly what: string;
}

export class UserActions {
  readonly done: CountedAction[] = [];
  #stage = 'start';

  /** The actions from now on belong to `name` (e.g. 'check', 'fix', 'update'). */
  stage(name: string): void {
    this.#stage = name;
  }

  get total(): number {
    return this.done.length;
  }

  /** How many actions each stage took, in the order the stages came. */
  perStage(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.done) out[a.stage] = (out[a.stage] ?? 0) + 1;
    return out;
  }

  /** One line per action, for an assertion's message. */
  transcript(): string {
    return this.done.map((a, i) => `${i + 1}. [${a.stage}] ${a.kind} ${a.what}`).join('\n');
  }

  #note(kind: CountedAction['kind'], what: string): void {
    this.done.push({ stage: this.#stage, kind, what });
  }

  async click(target: Locator, what = String(target)): Promise<void> {
    await target.click();
    this.#note('click', what);
  }

  async fill(target: Locator, text: string, what = String(target)): Promise<void> {
    await target.fill(text);
    this.#note('fill', `${what} ← ${JSON.stringify(text)}`);
  }

  async press(target: Locator, key: string, what = String(target)): Promise<void> {
    await target.press(key);
    this.#note('press', `${what} ${key}`);
  }

  async setInputFiles(target: Locator, files: Files, what = String(target)): Promise<void> {
    await target.setInputFiles(files);
    this.#note('files', what);
  }

  async selectOption(target: Locator, value: string, what = String(target)): Promise<void> {
    await target.selectOption(value);
    this.#note('select', `${what} = ${value}`);
  }
}
