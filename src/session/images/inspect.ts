/**
 * Inspection engine: one file in, one InspectionReport out. Runs unchanged in the browser worker
 * and in the Node CLI — only the byte source and the CRC engine differ. Reads front to back in
 * bounded chunks; a zip is unzipped as a stream and each firmware entry parsed as it inflates.
 */
import { concatBytes } from '../../codec/bytes.ts';
import { tableCrc32Stream, type Crc32Stream } from '../../codec/crc32.ts';
import { CweParser, type CweParseResult } from '../../codec/cwe/parser.ts';
import { cweExtension, sniffFormat, SNIFF_BYTES } from '../../codec/sniff.ts';
import { checkCompatibility, compatibilityMessage, type ModemIdentity } from '../../knowledge/compatibility.ts';
import { readChunks, throttledProgress, DEFAULT_CHUNK_SIZE, type ByteSource } from './byte-source.ts';
import { checkDeclared, inflateEntry, InflateBudget, readZipDirectory, ZIP_LIMITS, ZipRefusal, type ZipDirectory, type ZipLimits } from './zip-reader.ts';
import { summarizeCwe, type CweSummary } from './cwe-summary.ts';
import { fromCweFinding, issue } from './issues.ts';
import { renderEnglish, renderHeadline } from './verdict.ts';
import type { CompatibilityNote, Headline, ImageFormat, InspectionReport, ReportIssue, ZipEntryReport } from './report.ts';

export interface InspectOptions {
  /** Makes the bulk CRC engine (one stream per parse). Defaults to the pure-JS table. */
  readonly crc?: () => Crc32Stream;
  /** The modem to check compatibility against. */
  readonly modem?: ModemIdentity | null;
  /** True when `modem` is the one connected right now ("compatible with the connected …"). */
  readonly modemConnected?: boolean;
  /** Called after every chunk with bytes read so far. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly chunkSize?: number;
  /** Reads kept in flight beyond the chunk being parsed (memory: (readAhead + 1) × chunkSize). */
  readonly readAhead?: number;
  readonly signal?: AbortSignal;
  /** Extra nesting limit for the CWE parser. */
  readonly maxDepth?: number;
  /** Bounds on zip bundles (tests shrink them); ZIP_LIMITS otherwise. */
  readonly zipLimits?: ZipLimits;
}

interface Parts {
  format: ImageFormat;
  errors: ReportIssue[];
  warnings: ReportIssue[];
  summary: CweSummary | null;
  entries?: ZipEntryReport[];
  installer?: { pe: boolean; sierra: boolean };
  crcEngine: string;
}

export async function inspectSource(source: ByteSource, options: InspectOptions = {}): Promise<InspectionReport> {
  const started = performance.now();
  const makeCrc = options.crc ?? tableCrc32Stream;
  let parts: Parts;
  try {
    const head = source.size === 0 ? new Uint8Array(0) : await source.read(0, Math.min(SNIFF_BYTES, source.size));
    const sniffed = sniffFormat(head);
    switch (sniffed.kind) {
      case 'empty':
        parts = { format: 'unknown', errors: [issue('empty', 'empty', 0, {})], warnings: [], summary: null, crcEngine: 'none' };
        break;
      case 'exe':
        parts = await inspectInstaller(source, sniffed.pe, options);
        break;
      case 'zip':
        parts = await inspectZip(source, makeCrc, options);
        break;
      case 'unknown':
        parts = { format: 'unknown', errors: [issue('not-cwe', 'not-cwe', 0, {})], warnings: [], summary: null, crcEngine: 'none' };
        break;
      case 'cwe':
        parts = await inspectCwe(source, makeCrc, options);
        break;
    }
  } catch (e) {
    if (options.signal?.aborted) throw e;
    parts = {
      format: 'unknown',
      errors: [issue('read-failed', 'read-failed', null, { detail: e instanceof Error ? e.message : String(e) })],
      warnings: [],
      summary: null,
      crcEngine: 'none',
    };
  }
  return assemble(source, parts, options, performance.now() - started);
}

// ---- CWE --------------------------------------------------------------------------------------

async function inspectCwe(source: ByteSource, makeCrc: () => Crc32Stream, o: InspectOptions): Promise<Parts> {
  const crc = makeCrc();
  const parser = new CweParser({ crc, ...(o.maxDepth ? { maxDepth: o.maxDepth } : {}) });
  let done = 0;
  const progress = throttledProgress(o.onProgress, o.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for await (const chunk of readChunks(source, o.chunkSize ?? DEFAULT_CHUNK_SIZE, 0, o.signal, o.readAhead)) {
    parser.push(chunk);
    done += chunk.length;
    progress(done, source.size);
    if (!parser.wantsMore) break;
  }
  return fromParse(parser.finish(), source.name, crc.engine);
}

function fromParse(result: CweParseResult, name: string, crcEngine: string, entry?: string): Parts {
  const summary = result.root ? summarizeCwe(result, name) : null;
  return {
    format: summary?.format ?? (cweExtension(name) ?? 'unknown'),
    errors: result.errors.map((e) => fromCweFinding(e, entry)),
    warnings: result.warnings.map((w) => fromCweFinding(w, entry)),
    summary,
    crcEngine,
  };
}

// ---- zip --------------------------------------------------------------------------------------

async function inspectZip(source: ByteSource, makeCrc: () => Crc32Stream, o: InspectOptions): Promise<Parts> {
  const crc = makeCrc();
  const limits = o.zipLimits ?? ZIP_LIMITS;
  const errors: ReportIssue[] = [];
  const warnings: ReportIssue[] = [];
  const refuse = (e: unknown, entry?: string) => {
    if (o.signal?.aborted) throw e;
    if (e instanceof ZipRefusal) errors.push(issue(e.code, e.code, null, e.params, e.entry ?? entry));
    else errors.push(issue('zip-unreadable', 'zip-unreadable', null, { detail: e instanceof Error ? e.message : String(e) }, entry));
  };
  let dir: ZipDirectory;
  try {
    dir = await readZipDirectory(source, limits);
  } catch (e) {
    refuse(e);
    return { format: 'zip', errors, warnings, summary: null, entries: [], crcEngine: crc.engine };
  }
  const files = dir.entries.filter((e) => !e.name.endsWith('/'));
  const firmware = files.filter((e) => cweExtension(e.name));
  const others = files.filter((e) => !cweExtension(e.name)).map((e) => e.name);
  if (dir.declaredTotal > limits.softTotalBytes && dir.declaredTotal <= limits.hardTotalBytes)
    warnings.push(issue('zip-large', 'zip-large', null, { total: dir.declaredTotal, limit: limits.softTotalBytes }));
  const budget = new InflateBudget(limits);
  const reports: ZipEntryReport[] = [];
  let first: CweSummary | null = null;
  const images = [];
  let checked = 0;
  let good = 0;
  let read = 0;
  const progress = throttledProgress(o.onProgress, o.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for (const entry of firmware) {
    // Entries inflate one after the other, so one CRC stream serves them all in turn.
    const parser = new CweParser({ crc, ...(o.maxDepth ? { maxDepth: o.maxDepth } : {}) });
    let size: number;
    try {
      checkDeclared(entry, dir, limits);
      size = await inflateEntry(
        source,
        entry,
        (chunk) => {
          parser.push(chunk);
          return parser.wantsMore;
        },
        budget,
        {
          ...(o.signal ? { signal: o.signal } : {}),
          onRead: (n) => progress((read += n), source.size),
        },
      );
    } catch (e) {
      refuse(e, entry.name);
      // A bundle-wide limit stops the whole bundle, not just this entry.
      if (e instanceof ZipRefusal && e.code === 'zip-too-large') break;
      continue;
    }
    const p = fromParse(parser.finish(), entry.name, crc.engine, entry.name);
    errors.push(...p.errors);
    warnings.push(...p.warnings);
    first ??= p.summary;
    if (p.summary) {
      images.push(...p.summary.images);
      checked += p.summary.crcs.checked;
      good += p.summary.crcs.good;
    }
    reports.push({
      name: entry.name,
      size: Math.max(size, entry.size),
      format: p.format,
      verdict: p.errors.length ? 'refused' : 'ok',
      product: p.summary?.product ?? null,
      firmwareVersion: p.summary?.firmwareVersion ?? null,
      carrier: p.summary?.carrier ?? null,
      images: p.summary?.images ?? [],
    });
  }
  if (firmware.length === 0 && errors.length === 0)
    errors.push(issue('zip-no-firmware', 'zip-no-firmware', null, { count: others.length, names: listNames(others) }));
  else if (others.length) warnings.push(issue('zip-other-files', 'zip-other-files', null, { count: others.length, names: listNames(others) }));
  const summary: CweSummary | null = first ? { ...first, format: 'zip', images, crcs: { checked, good } } : null;
  return { format: 'zip', errors, warnings, summary, entries: reports, crcEngine: crc.engine };
}

function listNames(names: string[]): string {
  return names.length <= 5 ? names.join(', ') || '—' : `${names.slice(0, 5).join(', ')}, …`;
}

// ---- Windows installer -------------------------------------------------------------------------

const SIERRA_MARKERS = ['Sierra Wireless', 'SierraWireless', 'FDT2', 'Firmware Download Tool'];

async function inspectInstaller(source: ByteSource, pe: boolean, o: InspectOptions): Promise<Parts> {
  // Installers name their vendor in the version resource (UTF-16) or in strings (ASCII); a few MiB is plenty.
  const limit = Math.min(source.size, 8 << 20);
  const needles = SIERRA_MARKERS.flatMap((m) => [ascii(m), utf16(m)]);
  let sierra = /fdt|sierra|swi9x|rc76|em7[45]|mc7[34]/i.test(source.name);
  let tail = new Uint8Array(0);
  let done = 0;
  const progress = throttledProgress(o.onProgress, o.chunkSize ?? DEFAULT_CHUNK_SIZE);
  for await (const chunk of readChunks(source, o.chunkSize ?? DEFAULT_CHUNK_SIZE, 0, o.signal, o.readAhead)) {
    if (sierra || done >= limit) break;
    const window = concat(tail, chunk);
    if (needles.some((n) => indexOf(window, n) >= 0)) sierra = true;
    tail = window.slice(Math.max(0, window.length - 64));
    done += chunk.length;
    progress(done, source.size);
  }
  const key = sierra ? 'windows-installer.sierra' : 'windows-installer';
  return { format: 'exe', errors: [issue('windows-installer', key, 0, {})], warnings: [], summary: null, installer: { pe, sierra }, crcEngine: 'none' };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

/** Joins without copying when there is nothing to join to (the common case: no carried tail). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.length === 0 ? b : concatBytes([a, b]);
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  outer: for (let i = hay.indexOf(first); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

// ---- report -----------------------------------------------------------------------------------

function assemble(source: ByteSource, p: Parts, o: InspectOptions, elapsedMs: number): InspectionReport {
  const s = p.summary;
  const compat = s
    ? checkCompatibility({ platform: s.platform, productCode: s.product, firmwareVersion: s.firmwareVersion, carrier: s.carrier }, o.modem)
    : { compatible: null, findings: [] };
  const compatibility: CompatibilityNote[] = compat.findings.map((f) => ({ code: f.code, message: compatibilityMessage(f), severity: f.severity, params: f.params }));
  const refused = p.errors.length > 0 || compat.compatible === false;
  const big = source.size >= 1 << 20;
  const size = Math.round((source.size / (big ? 1 << 20 : 1024)) * 10) / 10;
  const blocking = compatibility.find((c) => c.severity === 'block');
  const firstError = p.errors[0];
  const model = o.modem?.model ?? o.modem?.platform ?? null;
  const headline: Headline = {
    verdict: refused ? 'refused' : 'ok',
    what: s ? { key: s.contents.firmware ? (s.contents.carrierConfig ? 'firmwareAndCarrier' : 'firmwareOnly') : s.contents.carrierConfig ? 'carrierOnly' : 'unknownContents', name: displayName(s) } : null,
    zipCount: p.format === 'zip' ? (p.entries?.length ?? 0) : null,
    size,
    sizeUnit: big ? 'MiB' : 'KiB',
    crcs: s && s.crcs.checked > 0 ? s.crcs.checked : null,
    reason: firstError ? { key: firstError.textKey, params: firstError.params } : blocking ? { key: blocking.code, params: blocking.params } : null,
    compat: compat.compatible === true && model ? { key: o.modemConnected ? 'compatible' : 'compatibleTarget', model } : compat.compatible === false && model ? { key: 'incompatible', model } : null,
    cautions: compatibility.filter((c) => c.severity === 'caution').map((c) => ({ code: c.code, params: c.params })),
  };
  return {
    file: source.name,
    size: source.size,
    sha256: null,
    format: p.format,
    verdict: refused ? 'refused' : 'ok',
    errors: p.errors,
    warnings: p.warnings,
    product: s?.product ?? null,
    platform: s?.platform ?? null,
    productLine: s?.productLine ?? null,
    firmwareVersion: s?.firmwareVersion ?? null,
    configVersion: s?.configVersion ?? null,
    carrier: s?.carrier ?? null,
    release: s?.release ?? null,
    releaseDate: s?.releaseDate ?? null,
    contents: s?.contents ?? { firmware: false, carrierConfig: false },
    images: s?.images ?? [],
    crcs: s?.crcs ?? { checked: 0, good: 0 },
    compatible: compat.compatible,
    compatibility,
    target: o.modem ?? null,
    summary: renderHeadline(headline, renderEnglish),
    headline,
    ...(p.entries ? { entries: p.entries } : {}),
    ...(p.installer ? { installer: p.installer } : {}),
    crcEngine: p.crcEngine,
    elapsedMs: Math.round(elapsedMs * 10) / 10,
  };
}

/** "RC76xx Release 9 GENERIC": product line (or platform/product code), release (or version), carrier. */
function displayName(s: CweSummary): string {
  const parts = [s.productLine ?? s.platform ?? (s.product ? `product ${s.product}` : null), s.release?.label ?? s.firmwareVersion, s.carrier];
  return parts.filter(Boolean).join(' ') || 'CWE';
}
