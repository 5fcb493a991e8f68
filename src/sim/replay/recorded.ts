import type { RecordedAnswers } from '../at-personality.ts';

/**
 * The answers a real module gave, by command line, and when they stop being true. A replayed
 * modem answers a recorded query with what the customer's module printed until the host
 * changes something: a successful set of the same command makes that command's recordings
 * stale; a change of the module's state (radio function, image preference, PIN, reset,
 * boot-and-hold, download) makes all of them stale, since the module now differs from the one
 * in the text. Answers refused for lack of `AT!ENTERCND` go stale once it is unlocked.
 */
export interface RecordedAnswer {
  readonly command: string;
  readonly lines: readonly string[];
  /** The final result code as printed (`OK`, `ERROR`, `+CME ERROR: no network service`). */
  readonly final: string;
  /** The transcript showed no final result code: `OK` is assumed. */
  readonly finalAssumed: boolean;
}

/** Same key for `at!gstatus?` and `AT!GSTATUS?`, `ATI` and `ati`; arguments compared as typed but case-folded. */
export function commandKey(line: string): string {
  return line.replace(/\s+/g, '').toUpperCase();
}

/** Extended names (`+CFUN`) whose successful set changes the whole module. */
const STATE_CHANGERS = new Set(['+CFUN', '!IMPREF', '!GOBIIMPREF', '+CPIN', '!RESET', '!BOOTHOLD', '!IMAGE', '!PRIID', '!USBCOMP', '!USBPID', '!SELRAT', '!BAND']);

function nameOf(key: string): string {
  const m = /^AT([+!$%#*^][A-Z0-9_]+|&?[A-Z])/.exec(key);
  return m ? m[1]! : key;
}

export interface RecordedCounts {
  readonly recorded: number;
  readonly simulated: number;
}

export class RecordedTable implements RecordedAnswers {
  readonly #answers = new Map<string, RecordedAnswer>();
  readonly #staleNames = new Set<string>();
  #allStale = false;
  #unlocked = false;
  #recorded = 0;
  #simulated = 0;
  /** Why every recording went stale, for the banner (null while they are in use). */
  staleSince: string | null = null;
  onChange: (() => void) | null = null;

  constructor(answers: readonly RecordedAnswer[]) {
    // the last answer to a command wins: it shows the module as the text leaves it
    for (const a of answers) this.#answers.set(commandKey(a.command), a);
  }

  get size(): number {
    return this.#answers.size;
  }

  get commands(): readonly string[] {
    return [...this.#answers.values()].map((a) => a.command);
  }

  get counts(): RecordedCounts {
    return { recorded: this.#recorded, simulated: this.#simulated };
  }

  moduleChanged(why: string): void {
    this.invalidate(why);
  }

  /** The module changed underneath (reset, download): nothing recorded is true any more. */
  invalidate(why: string): void {
    if (this.#allStale) return;
    this.#allStale = true;
    this.staleSince = why;
    this.onChange?.();
  }

  lookup(line: string): { lines: readonly string[]; final: string } | null {
    if (this.#allStale) return null;
    const key = commandKey(line);
    const a = this.#answers.get(key);
    if (!a) return null;
    if (this.#staleNames.has(nameOf(key))) return null;
    if (this.#unlocked && a.final === 'ERROR' && /^AT!/.test(key)) return null;
    return { lines: a.lines, final: a.final };
  }

  answered(line: string, source: 'recorded' | 'simulated'): void {
    if (source === 'recorded') this.#recorded++;
    else this.#simulated++;
    const key = commandKey(line);
    if (source === 'simulated') {
      // a set (not a test) of a command changes what its later queries answer
      for (const part of key.slice(2).split(';')) {
        const cmd = part.startsWith('AT') ? part : `AT${part}`;
        const name = nameOf(cmd);
        const isSet = /=(?!\?)/.test(cmd) || name === '!RESET' || name === '!BOOTHOLD';
        if (!isSet) continue;
        if (name === '!ENTERCND') this.#unlocked = true;
        else if (STATE_CHANGERS.has(name)) this.invalidate(line);
        else this.#staleNames.add(name);
      }
    }
    this.onChange?.();
  }
}
