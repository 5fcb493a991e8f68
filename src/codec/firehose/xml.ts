/**
 * Firehose (Sierra profile) XML documents. Host commands are built byte-for-byte as libqmi
 * builds them; device documents are split out of the byte stream and parsed into typed items.
 */
export const XML_PROLOGUE = '<?xml version="1.0" encoding="UTF-8" ?>\n<data>\n';
const HOST_EPILOGUE = '\n</data>\n\n';
const DEVICE_EPILOGUE = '\n</data>\n';

/** Defaults libqmi uses when the device does not report them. */
export const DEFAULT_SECTOR_SIZE = 4096;
export const DEFAULT_PAGES_PER_BLOCK = 64;
export const HOST_MAX_PAYLOAD = 1048576;
/** After the last short block libqmi sends this many zero bytes to end the raw transfer. */
export const END_OF_TRANSFER_PADDING = 512;

export type Attrs = Readonly<Record<string, string>>;

function element(name: string, attrs: ReadonlyArray<readonly [string, string | number]>): string {
  return `<${name}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`).join('')} />`;
}

function doc(body: string, epilogue: string): Uint8Array {
  return latin1(XML_PROLOGUE + body + epilogue);
}

// ---- host → device -------------------------------------------------------------------------

export function encodePing(): Uint8Array {
  return doc(element('NOP', [['value', 'ping']]), HOST_EPILOGUE);
}

/**
 * `<nop />`, the probe edl and qdl.js send to find a programmer that is already running; any
 * XML answer (ACK or NAK) proves Firehose.
 */
export function encodeNop(): Uint8Array {
  return doc(element('nop', []), HOST_EPILOGUE);
}

export function encodeConfigure(maxPayload = HOST_MAX_PAYLOAD): Uint8Array {
  return doc(
    element('configure', [
      ['MemoryName', 'eMMC'],
      ['Verbose', '0'],
      ['AlwaysValidate', '0'],
      ['MaxDigestTableSizeInBytes', '8192'],
      ['MaxPayloadSizeToTargetInBytes', maxPayload],
      ['ZlpAwareHost', '0'],
      ['SkipStorageInit', '0'],
      ['TargetName', '8960'],
    ]),
    HOST_EPILOGUE,
  );
}

export function encodeGetStorageInfo(): Uint8Array {
  return doc(element('getStorageInfo', [['physical_partition_number', '0']]), HOST_EPILOGUE);
}

export interface ProgramRequest {
  readonly pagesPerBlock: number;
  readonly sectorSize: number;
  readonly sectors: number;
  readonly filename?: string;
}

export function encodeProgram(r: ProgramRequest): Uint8Array {
  return doc(
    element('program', [
      ['PAGES_PER_BLOCK', r.pagesPerBlock],
      ['SECTOR_SIZE_IN_BYTES', r.sectorSize],
      ['filename', r.filename ?? 'spkg.cwe'],
      ['num_partition_sectors', r.sectors],
      ['physical_partition_number', '0'],
      ['start_sector', '-1'],
    ]),
    HOST_EPILOGUE,
  );
}

export function encodePowerReset(): Uint8Array {
  return doc(element('power', [['DelayInSeconds', '0'], ['value', 'reset']]), HOST_EPILOGUE);
}

// ---- device → host -------------------------------------------------------------------------

export function encodeResponse(value: 'ACK' | 'NAK', attrs: ReadonlyArray<readonly [string, string | number]> = []): Uint8Array {
  return doc(element('response', [['value', value], ...attrs]), DEVICE_EPILOGUE);
}

export function encodeLog(text: string): Uint8Array {
  return doc(element('log', [['value', text]]), DEVICE_EPILOGUE);
}

// ---- parsing (either direction) ------------------------------------------------------------

export type FirehoseItem =
  | { readonly kind: 'response'; readonly value: string; readonly rawmode: boolean | undefined; readonly attrs: Attrs; readonly xml: string }
  | { readonly kind: 'log'; readonly value: string; readonly xml: string }
  | { readonly kind: 'element'; readonly name: string; readonly attrs: Attrs; readonly xml: string };

export class FirehoseParseError extends Error {
  override readonly name = 'FirehoseParseError';
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
  }
}

const ELEMENT_RE = /<([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*\/?>/g;
const ATTR_RE = /([\w:.-]+)\s*=\s*"([^"]*)"/g;

/** Parses the elements inside one `<data>` document. */
export function parseDocument(text: string): FirehoseItem[] {
  const start = text.indexOf('<data>');
  const end = text.lastIndexOf('</data>');
  if (!text.startsWith('<?xml') || start < 0 || end < start) {
    throw new FirehoseParseError('Not a Firehose XML document.', text);
  }
  const body = text.slice(start + 6, end);
  const items: FirehoseItem[] = [];
  let rest = body;
  for (const m of body.matchAll(ELEMENT_RE)) {
    rest = rest.replace(m[0], '');
    const name = m[1]!;
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR_RE)) attrs[a[1]!] = unescapeAttr(a[2]!);
    const xml = m[0];
    if (name === 'response') {
      const rm = attrs['rawmode'];
      items.push({ kind: 'response', value: attrs['value'] ?? '', rawmode: rm === undefined ? undefined : rm.toLowerCase() === 'true', attrs, xml });
    } else if (name === 'log') {
      items.push({ kind: 'log', value: attrs['value'] ?? '', xml });
    } else {
      items.push({ kind: 'element', name, attrs, xml });
    }
  }
  if (rest.trim() !== '' || items.length === 0) {
    throw new FirehoseParseError(`Malformed Firehose document: ${JSON.stringify(body.trim().slice(0, 120))}`, text);
  }
  return items;
}

/** Largest document we wait for; longer runs without `</data>` are garbage. */
export const MAX_DOCUMENT = 64 * 1024;

export type SplitItem = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly garbage: string };

/**
 * Cuts complete `<?xml … </data>` documents out of a byte stream arriving in arbitrary
 * pieces. NUL bytes between documents (the device's view of the end-of-transfer padding) are
 * skipped; any other bytes outside a document are returned as garbage.
 */
export class FirehoseDocumentSplitter {
  #text = '';

  get pending(): number {
    return this.#text.length;
  }

  push(data: Uint8Array): SplitItem[] {
    this.#text += fromLatin1(data);
    const out: SplitItem[] = [];
    for (;;) {
      this.#text = this.#text.replace(/^[\0\s]+/, '');
      if (this.#text === '') break;
      const open = this.#text.indexOf('<?xml');
      if (open !== 0) {
        const cut = open < 0 ? (this.#text.length >= 5 ? this.#text.length - 4 : 0) : open;
        if (cut === 0) break;
        out.push({ ok: false, garbage: this.#text.slice(0, cut) });
        this.#text = this.#text.slice(cut);
        continue;
      }
      const close = this.#text.indexOf('</data>');
      if (close < 0) {
        if (this.#text.length > MAX_DOCUMENT) {
          out.push({ ok: false, garbage: this.#text });
          this.#text = '';
        }
        break;
      }
      // A second prologue before the end means the first document was cut short.
      const again = this.#text.indexOf('<?xml', 5);
      if (again > 0 && again < close) {
        out.push({ ok: false, garbage: this.#text.slice(0, again) });
        this.#text = this.#text.slice(again);
        continue;
      }
      const end = close + '</data>'.length;
      out.push({ ok: true, text: this.#text.slice(0, end) });
      this.#text = this.#text.slice(end);
    }
    return out;
  }

  reset(): void {
    this.#text = '';
  }
}

/**
 * `key=value` pairs found in `<log>` lines of the init phase (sector_size_in_bytes …). The key
 * comes back lower-cased: programmers differ in case (`SECTOR_SIZE_IN_BYTES=4096`).
 */
export function parseLogKeyValue(text: string): readonly [string, string] | null {
  const m = /^\s*([A-Za-z_][\w]*)\s*[=:]\s*(\S+)\s*$/.exec(text);
  return m ? [m[1]!.toLowerCase(), m[2]!] : null;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function fromLatin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
