/**
 * Turns the byte stream of an AT port into text lines.
 *
 * Modems end lines with CR LF, echo commands with a bare CR, and sometimes emit noise
 * (NULs, half a UTF-8 sequence after a reset, line-noise on a UART). The splitter therefore
 * treats CR and LF alike, drops empty lines and control characters, and never grows without
 * bound: a "line" that exceeds `maxLineLength` is cut and delivered so a stream of garbage
 * with no terminator cannot exhaust memory.
 */
export interface LineSplitterOptions {
  /** Longest line kept whole; longer runs are delivered in pieces. */
  readonly maxLineLength?: number;
}

const DEFAULT_MAX_LINE = 8192;

export class LineSplitter {
  readonly #decoder = new TextDecoder('utf-8', { fatal: false });
  readonly #max: number;
  #partial = '';

  constructor(options: LineSplitterOptions = {}) {
    this.#max = Math.max(16, options.maxLineLength ?? DEFAULT_MAX_LINE);
  }

  /** Text still waiting for its terminator (e.g. an SMS `> ` prompt). */
  get pending(): string {
    return this.#partial;
  }

  /** Feeds bytes; returns the complete, non-empty lines they finished. */
  push(bytes: Uint8Array): string[] {
    return this.pushText(this.#decoder.decode(bytes, { stream: true }));
  }

  pushText(text: string): string[] {
    const out: string[] = [];
    let buf = this.#partial + text;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 13 || c === 10) {
        emit(out, buf.slice(start, i));
        start = i + 1;
      } else if (i - start >= this.#max) {
        emit(out, buf.slice(start, i));
        start = i;
      }
    }
    buf = buf.slice(start);
    this.#partial = buf;
    return out;
  }

  /** Delivers whatever is buffered as a last line (end of a file, or a closed port). */
  flush(): string[] {
    const out: string[] = [];
    emit(out, this.#partial + this.#decoder.decode());
    this.#partial = '';
    return out;
  }
}

function emit(out: string[], raw: string): void {
  const line = cleanLine(raw);
  if (line.length > 0) out.push(line);
}

/**
 * Removes control characters (keeping TAB, which `!GSTATUS?` uses as a column separator),
 * the replacement character left by undecodable bytes, and outer whitespace.
 */
export function cleanLine(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, '').trim();
}

/** Splits a whole text (a pasted transcript, a log file) into cleaned, non-empty lines. */
export function splitLines(text: string): string[] {
  const s = new LineSplitter();
  return [...s.pushText(text), ...s.flush()];
}
