/**
 * The console's record of one session: what was typed, every line the modem printed (with the
 * role the AT session gave it) and failures, each with a timestamp. Plain data, so it can be
 * copied, exported and tested without a DOM.
 */
export type TranscriptEntry =
  | { readonly id: number; readonly kind: 'command'; readonly text: string; readonly at: number }
  | { readonly id: number; readonly kind: 'line'; readonly role: 'info' | 'final' | 'stale'; readonly text: string; readonly at: number }
  | { readonly id: number; readonly kind: 'failure'; readonly text: string; readonly at: number };

export interface UrcEntry {
  readonly id: number;
  readonly text: string;
  readonly at: number;
}

export function clockTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The transcript as a support engineer wants it pasted: time, direction, text. */
export function transcriptText(entries: readonly TranscriptEntry[], urcs: readonly UrcEntry[]): string {
  const rows: { at: number; text: string }[] = [];
  for (const e of entries) {
    const mark = e.kind === 'command' ? '>' : e.kind === 'failure' ? '!' : '<';
    rows.push({ at: e.at, text: `${clockTime(e.at)} ${mark} ${e.text}` });
  }
  for (const u of urcs) rows.push({ at: u.at, text: `${clockTime(u.at)} * ${u.text}` });
  rows.sort((a, b) => a.at - b.at);
  return rows.map((r) => r.text).join('\n') + (rows.length ? '\n' : '');
}

/** Up/down-arrow recall over sent commands, shell style. */
export class CommandHistory {
  #items: string[] = [];
  #cursor = 0;

  push(command: string): void {
    if (command && this.#items[this.#items.length - 1] !== command) this.#items.push(command);
    this.#cursor = this.#items.length;
  }

  previous(): string | null {
    if (this.#items.length === 0) return null;
    this.#cursor = Math.max(0, this.#cursor - 1);
    return this.#items[this.#cursor] ?? null;
  }

  next(): string {
    this.#cursor = Math.min(this.#items.length, this.#cursor + 1);
    return this.#items[this.#cursor] ?? '';
  }
}
