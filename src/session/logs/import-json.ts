/**
 * Reads an exported session log back, strictly: the schema id and version, then every field's
 * type, with the path of the first thing wrong (`events[12].lines[0]: expected a string`). A
 * file that fails any check is refused whole, so nothing is ever half-imported.
 */
import { FINDING_IDS, type FindingId, type Severity } from '../../knowledge/rules/finding-ids.ts';
import { fromBase64 } from './base64.ts';
import {
  CONNECTION_PHASES,
  OUTCOMES,
  SCHEMA_ID,
  SCHEMA_VERSION,
  STEP_STATUSES,
  type DeviceInfo,
  type Environment,
  type LogEvent,
  type RawChunk,
  type JournalData,
  type JournalMeta,
  type StoredFinding,
  type FlowState,
  type ModemState,
} from './schema.ts';

export type ImportErrorCode =
  /** The file is not JSON at all. */
  | 'not-json'
  /** JSON, but not a Boothold session log (no `schema: "boothold.session-log"`). */
  | 'not-a-session-log'
  /** Made by a newer Boothold: this one does not know its format version. */
  | 'newer-version'
  /** A version number this Boothold never wrote. */
  | 'unknown-version'
  /** The right kind of file, with a field missing or of the wrong type. */
  | 'invalid'
  /** Larger than any session log can be. */
  | 'too-large';

/** What an invalid field should have been (for a translated message). */
export type ExpectedValue =
  | 'object'
  | 'list'
  | 'string'
  | 'string-or-null'
  | 'number'
  | 'whole-number'
  | 'boolean'
  | 'one-of'
  | 'unique-seq'
  | 'safe-id'
  | 'base64';

export interface InvalidField {
  readonly path: string;
  readonly expected: ExpectedValue;
  /** For `one-of`: the values allowed. */
  readonly allowed: readonly string[];
  /** What was there: `missing`, `null`, `list`, `object`, or a short JSON literal (`"OK"`, `7`). */
  readonly found: string;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** Where in the file (`events[3].command`), for `invalid` and version errors. */
    readonly path: string | null = null,
    /** The version found, for version errors. */
    readonly version: number | null = null,
    /** The field that failed, for `invalid`. */
    readonly field: InvalidField | null = null,
  ) {
    super(message);
  }
}

/** A session log is at most a few tens of MB (raw ring 256 KiB, events text). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface ImportOptions {
  readonly now?: () => number;
}

/** Parses and validates an export; throws ImportError. The result is marked `imported`. */
export function parseJournalExport(text: string, options: ImportOptions = {}): JournalData {
  if (text.length > MAX_IMPORT_BYTES) throw new ImportError('too-large', `The file is larger than ${MAX_IMPORT_BYTES} bytes.`);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new ImportError('not-json', `The file is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(root) || root.schema !== SCHEMA_ID) {
    throw new ImportError('not-a-session-log', 'This JSON file is not a Boothold session log (no "schema": "boothold.session-log").');
  }
  const version = root.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ImportError('unknown-version', `Unknown session-log version ${JSON.stringify(version)}.`, 'version');
  }
  if (version > SCHEMA_VERSION) {
    throw new ImportError('newer-version', `This log was written by a newer Boothold (format ${version}; this one reads up to ${SCHEMA_VERSION}).`, 'version', version);
  }
  const v = new Validator();
  v.string(root, 'exportedAt', '');
  const by = v.object(root, 'exportedBy', '');
  v.string(by, 'app', 'exportedBy');
  v.string(by, 'version', 'exportedBy');
  v.boolean(root, 'redacted', '');
  const meta = readMeta(v, v.object(root, 'session', ''), 'session');
  const eventsIn = v.array(root, 'events', '');
  const seen = new Set<number>();
  const events = eventsIn.map((e, i) => readEvent(v, e, `events[${i}]`, seen));
  const rawIn = v.array(root, 'raw', '');
  const raw = rawIn.map((r, i) => readRaw(v, r, `raw[${i}]`, seen));
  const now = (options.now ?? Date.now)();
  const redacted = root.redacted === true || root.identifiers === 'masked';
  return { meta: recount({ ...meta, origin: 'imported', importedAt: now, ...(redacted ? { identifiersMasked: true } : {}) }, events, raw), events, raw };
}

/**
 * The file's counts and sizes are claims; what is stored is computed from what it holds, with
 * the recorder's own formula, so retention and the storage cap judge the real session.
 */
function recount(meta: JournalMeta, events: readonly LogEvent[], raw: readonly RawChunk[]): JournalMeta {
  let commands = 0;
  let errors = 0;
  let eventBytes = 0;
  const flows: string[] = [];
  for (const e of events) {
    if (e.kind === 'at-command') commands++;
    if (e.kind === 'error') errors++;
    if (e.kind === 'flow-step' && !flows.includes(e.flow)) flows.push(e.flow);
    eventBytes += JSON.stringify(e).length;
  }
  const keptBytes = raw.reduce((n, r) => n + r.bytes.length, 0);
  return {
    ...meta,
    flows: flows.length ? flows : meta.flows.slice(0, 50),
    counts: { events: events.length, commands, errors },
    raw: { keptBytes, droppedBytes: Math.min(meta.raw.droppedBytes, Number.MAX_SAFE_INTEGER), capBytes: Math.max(keptBytes, Math.min(meta.raw.capBytes, MAX_IMPORT_BYTES)) },
    sizeBytes: eventBytes + keptBytes + 1024,
  };
}

/** What an import reads from: a File or Blob (only `size` and `stream` are used). */
export interface ImportSource {
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * Reads an import file as text, refusing it before reading anything when its size is over the
 * limit, and while reading if more bytes arrive than it said it had (a size that lied).
 */
export async function readImportText(file: ImportSource, limit = MAX_IMPORT_BYTES): Promise<string> {
  if (file.size > limit) throw new ImportError('too-large', `The file is larger than ${limit} bytes.`);
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const parts: string[] = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > limit) throw new ImportError('too-large', `The file is larger than ${limit} bytes.`);
      parts.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  parts.push(decoder.decode());
  return parts.join('');
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EXPECTED_TEXT: Readonly<Record<ExpectedValue, string>> = {
  object: 'an object',
  list: 'a list',
  string: 'a string',
  'string-or-null': 'a string or null',
  number: 'a number ≥ 0',
  'whole-number': 'a whole number ≥ 0',
  boolean: 'true or false',
  'one-of': 'one of',
  'unique-seq': 'a sequence number used once',
  'safe-id': 'an id of letters, digits and dashes',
  base64: 'base64 bytes',
};

class Validator {
  fail(path: string, expected: ExpectedValue, got: unknown, allowed: readonly string[] = []): never {
    const found = describe(got);
    const text = expected === 'one-of' ? `one of ${allowed.join(', ')}` : EXPECTED_TEXT[expected];
    throw new ImportError('invalid', `${path || '(file)'}: expected ${text}, found ${found}.`, path, null, { path, expected, allowed, found });
  }
  #at(obj: Obj, key: string, base: string): [unknown, string] {
    return [obj[key], base ? `${base}.${key}` : key];
  }
  object(obj: Obj, key: string, base: string): Obj {
    const [x, p] = this.#at(obj, key, base);
    if (!isObject(x)) this.fail(p, 'object', x);
    return x;
  }
  array(obj: Obj, key: string, base: string): unknown[] {
    const [x, p] = this.#at(obj, key, base);
    if (!Array.isArray(x)) this.fail(p, 'list', x);
    return x;
  }
  string(obj: Obj, key: string, base: string): string {
    const [x, p] = this.#at(obj, key, base);
    if (typeof x !== 'string') this.fail(p, 'string', x);
    return x;
  }
  stringOrNull(obj: Obj, key: string, base: string): string | null {
    const [x, p] = this.#at(obj, key, base);
    if (x !== null && typeof x !== 'string') this.fail(p, 'string-or-null', x);
    return x;
  }
  number(obj: Obj, key: string, base: string, integer = false): number {
    const [x, p] = this.#at(obj, key, base);
    if (typeof x !== 'number' || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < 0) {
      this.fail(p, integer ? 'whole-number' : 'number', x);
    }
    return x;
  }
  numberOrNull(obj: Obj, key: string, base: string): number | null {
    return obj[key] === null ? null : this.number(obj, key, base);
  }
  boolean(obj: Obj, key: string, base: string): boolean {
    const [x, p] = this.#at(obj, key, base);
    if (typeof x !== 'boolean') this.fail(p, 'boolean', x);
    return x;
  }
  oneOf<T extends string>(obj: Obj, key: string, base: string, allowed: readonly T[]): T {
    const [x, p] = this.#at(obj, key, base);
    if (typeof x !== 'string' || !allowed.includes(x as T)) this.fail(p, 'one-of', x, allowed);
    return x as T;
  }
  strings(obj: Obj, key: string, base: string): string[] {
    const list = this.array(obj, key, base);
    const p = base ? `${base}.${key}` : key;
    list.forEach((s, i) => {
      if (typeof s !== 'string') this.fail(`${p}[${i}]`, 'string', s);
    });
    return list as string[];
  }
  localized(obj: Obj, key: string, base: string): { en: string; fr: string } {
    const o = this.object(obj, key, base);
    const p = base ? `${base}.${key}` : key;
    return { en: this.string(o, 'en', p), fr: this.string(o, 'fr', p) };
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  const json = JSON.stringify(v);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

function readDevice(v: Validator, o: Obj, p: string): DeviceInfo {
  return {
    manufacturer: v.stringOrNull(o, 'manufacturer', p),
    model: v.stringOrNull(o, 'model', p),
    firmware: v.stringOrNull(o, 'firmware', p),
    imei: v.stringOrNull(o, 'imei', p),
    iccid: v.stringOrNull(o, 'iccid', p),
    imsi: v.stringOrNull(o, 'imsi', p),
    port: v.stringOrNull(o, 'port', p),
  };
}

function readEnvironment(v: Validator, o: Obj, p: string): Environment {
  return {
    appVersion: v.string(o, 'appVersion', p),
    userAgent: v.string(o, 'userAgent', p),
    browser: v.stringOrNull(o, 'browser', p),
    os: v.stringOrNull(o, 'os', p),
    language: v.string(o, 'language', p),
    timeZone: v.stringOrNull(o, 'timeZone', p),
    virtualModem: v.boolean(o, 'virtualModem', p),
  };
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function readFinding(v: Validator, x: unknown, p: string): StoredFinding {
  if (!isObject(x)) v.fail(p, 'object', x);
  const steps = v.array(x, 'nextSteps', p).map((s, i) => {
    const sp = `${p}.nextSteps[${i}]`;
    if (!isObject(s)) v.fail(sp, 'object', s);
    return { text: v.localized(s, 'text', sp), actionId: v.stringOrNull(s, 'actionId', sp) };
  });
  return {
    id: v.oneOf<FindingId>(x, 'id', p, FINDING_IDS),
    severity: v.oneOf(x, 'severity', p, SEVERITIES),
    title: v.localized(x, 'title', p),
    detail: v.localized(x, 'detail', p),
    nextSteps: steps,
    source: v.string(x, 'source', p),
    evidence: v.strings(x, 'evidence', p),
  };
}

function readMeta(v: Validator, o: Obj, p: string): JournalMeta {
  const id = v.string(o, 'id', p);
  if (!/^[\w-]{1,100}$/.test(id)) v.fail(`${p}.id`, 'safe-id', id);
  const counts = v.object(o, 'counts', p);
  const raw = v.object(o, 'raw', p);
  return {
    id,
    startedAt: v.number(o, 'startedAt', p),
    updatedAt: v.number(o, 'updatedAt', p),
    endedAt: v.numberOrNull(o, 'endedAt', p),
    origin: v.oneOf(o, 'origin', p, ['live', 'imported'] as const),
    importedAt: v.numberOrNull(o, 'importedAt', p),
    outcome: v.oneOf(o, 'outcome', p, OUTCOMES),
    outcomeCode: v.stringOrNull(o, 'outcomeCode', p),
    flows: v.strings(o, 'flows', p),
    device: readDevice(v, v.object(o, 'device', p), `${p}.device`),
    environment: readEnvironment(v, v.object(o, 'environment', p), `${p}.environment`),
    findings: v.array(o, 'findings', p).map((f, i) => readFinding(v, f, `${p}.findings[${i}]`)),
    counts: {
      events: v.number(counts, 'events', `${p}.counts`, true),
      commands: v.number(counts, 'commands', `${p}.counts`, true),
      errors: v.number(counts, 'errors', `${p}.counts`, true),
    },
    raw: {
      keptBytes: v.number(raw, 'keptBytes', `${p}.raw`, true),
      droppedBytes: v.number(raw, 'droppedBytes', `${p}.raw`, true),
      capBytes: v.number(raw, 'capBytes', `${p}.raw`, true),
    },
    sizeBytes: v.number(o, 'sizeBytes', p, true),
    ...(o['flowState'] !== undefined ? { flowState: readFlowState(v, v.object(o, 'flowState', p), `${p}.flowState`) } : {}),
  };
}

/** The before/after state a flow left (optional: older files do not have it). */
function readFlowState(v: Validator, o: Obj, p: string): FlowState {
  const state = (x: Obj, q: string): ModemState => ({ firmware: v.stringOrNull(x, 'firmware', q), carrier: v.stringOrNull(x, 'carrier', q) });
  return {
    flow: v.string(o, 'flow', p),
    at: v.number(o, 'at', p),
    before: o['before'] === null ? null : state(v.object(o, 'before', p), `${p}.before`),
    after: state(v.object(o, 'after', p), `${p}.after`),
    findingsBefore: v.boolean(o, 'findingsBefore', p),
  };
}

function readSeq(v: Validator, o: Obj, p: string, seen: Set<number>): number {
  const seq = v.number(o, 'seq', p, true);
  if (seen.has(seq)) v.fail(`${p}.seq`, 'unique-seq', seq);
  seen.add(seq);
  return seq;
}

function readEvent(v: Validator, x: unknown, p: string, seen: Set<number>): LogEvent {
  if (!isObject(x)) v.fail(p, 'object', x);
  const seq = readSeq(v, x, p, seen);
  const t = v.number(x, 't', p);
  const kind = v.oneOf(x, 'kind', p, [
    'connection',
    'at-command',
    'at-response',
    'at-no-answer',
    'at-late',
    'urc',
    'flow-step',
    'error',
    'findings',
    'protocol',
    'progress',
    'result',
    'note',
  ] as const);
  const base = { seq, t };
  switch (kind) {
    case 'connection':
      return { ...base, kind, phase: v.oneOf(x, 'phase', p, CONNECTION_PHASES), port: v.stringOrNull(x, 'port', p) };
    case 'at-command':
    case 'at-no-answer':
      return { ...base, kind, command: v.string(x, 'command', p) };
    case 'at-response':
      return {
        ...base,
        kind,
        command: v.string(x, 'command', p),
        lines: v.strings(x, 'lines', p),
        final: v.string(x, 'final', p),
        ok: v.boolean(x, 'ok', p),
        durationMs: v.number(x, 'durationMs', p),
        passwordGate: v.oneOf(x, 'passwordGate', p, ['open', 'locked', 'unlocked'] as const),
      };
    case 'at-late':
      return { ...base, kind, text: v.string(x, 'text', p) };
    case 'urc':
      return { ...base, kind, line: v.string(x, 'line', p) };
    case 'flow-step':
      return {
        ...base,
        kind,
        flow: v.string(x, 'flow', p),
        step: v.string(x, 'step', p),
        status: v.oneOf(x, 'status', p, STEP_STATUSES),
        detail: v.stringOrNull(x, 'detail', p),
      };
    case 'error':
      return {
        ...base,
        kind,
        source: v.string(x, 'source', p),
        code: v.string(x, 'code', p),
        message: v.string(x, 'message', p),
        detail: v.stringOrNull(x, 'detail', p),
      };
    case 'findings':
      return { ...base, kind, findings: v.array(x, 'findings', p).map((f, i) => readFinding(v, f, `${p}.findings[${i}]`)) };
    case 'protocol':
      return { ...base, kind, dir: v.oneOf(x, 'dir', p, ['h2d', 'd2h', 'info', 'error'] as const), text: v.string(x, 'text', p) };
    case 'progress':
      return {
        ...base,
        kind,
        phase: v.string(x, 'phase', p),
        part: v.stringOrNull(x, 'part', p),
        bytesDone: v.number(x, 'bytesDone', p),
        bytesTotal: v.number(x, 'bytesTotal', p),
      };
    case 'result':
      return {
        ...base,
        kind,
        outcome: v.oneOf(x, 'outcome', p, ['ok', 'problems', 'failed', 'cancelled'] as const),
        code: v.stringOrNull(x, 'code', p),
        message: v.stringOrNull(x, 'message', p),
      };
    case 'note':
      return { ...base, kind, text: v.string(x, 'text', p) };
  }
}

function readRaw(v: Validator, x: unknown, p: string, seen: Set<number>): RawChunk {
  if (!isObject(x)) v.fail(p, 'object', x);
  const seq = readSeq(v, x, p, seen);
  const t = v.number(x, 't', p);
  const dir = v.oneOf(x, 'dir', p, ['tx', 'rx'] as const);
  const data = v.string(x, 'data', p);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(data);
  } catch {
    v.fail(`${p}.data`, 'base64', data);
  }
  return { seq, t, dir, bytes };
}

export interface ImportOutcome {
  readonly id: string;
  /** The same session (same id) was already here: nothing was added. */
  readonly duplicate: boolean;
}

/** Validates and stores an export in one transaction; throws ImportError or LogStoreError. */
export async function importJournal(
  store: Pick<import('./store.ts').JournalStore, 'add' | 'enforceRetention'>,
  text: string,
  options: ImportOptions & { readonly protect?: ReadonlySet<string> } = {},
): Promise<ImportOutcome> {
  const data = parseJournalExport(text, options);
  const added = await store.add(data);
  if (added) await store.enforceRetention(new Set([...(options.protect ?? []), data.meta.id])).catch(() => undefined);
  return { id: data.meta.id, duplicate: !added };
}
