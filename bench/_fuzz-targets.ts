/**
 * Fuzz and property targets, shared by `npm run bench -- fuzz` (≥ 1,000,000 cases per parser)
 * and the CI smoke test (a few thousand). Each target makes one input from a seeded generator and
 * runs its parser on it; a thrown exception is a crash; a property that does not hold throws a
 * PropertyFailure naming the case. Expected refusals (typed decode errors) are not crashes.
 *
 * Inputs are mutations of real-shaped data (golden CWE packages, honest zips, real transcripts,
 * valid exports, valid protocol packets), so the parsers are driven past their first check.
 */
import { zipSync } from 'fflate';
import { buildCwe } from '../src/codec/cwe/writer.ts';
import { goldenTestImageSpec, rc76PackageSpec } from '../src/codec/cwe/images.fixture.ts';
import { flattenImages, parseCwe } from '../src/codec/cwe/parser.ts';
import { LineSplitter } from '../src/codec/at/line-splitter.ts';
import * as T from '../src/codec/at/transcripts.fixture.ts';
import { parseAti, parseCgmr, parseCgsn } from '../src/codec/at/identity.ts';
import { parseGstatus, parseGstatusPairs } from '../src/codec/at/gstatus.ts';
import { parseImagePreference } from '../src/codec/at/image-preference.ts';
import { parseImageTable } from '../src/codec/at/image-table.ts';
import { parseCops, parseCgdcont, parseCsq, parseRegistration } from '../src/codec/at/network.ts';
import { parseCarrierPri, parsePriId } from '../src/codec/at/pri-id.ts';
import { parseBand, parseCfun, parsePcinfo, parseSelrat } from '../src/codec/at/radio.ts';
import { parseRevision } from '../src/codec/at/revision.ts';
import { parseCpin } from '../src/codec/at/sim.ts';
import { parseCommand } from '../src/codec/at/command.ts';
import { classifyFinal } from '../src/codec/at/final-result.ts';
import { findIdentifiers, redactText } from '../src/codec/at/redact.ts';
import { decodePacket, encodeHello, encodeEndImageTransfer, encodeExecuteResponse, SaharaDecodeError, SaharaReassembler } from '../src/codec/sahara/messages.ts';
import { encodeLog, encodeResponse, FirehoseDocumentSplitter, FirehoseParseError, parseDocument, parseLogKeyValue } from '../src/codec/firehose/xml.ts';
import { decodeReply, decodeRequest, encodeCloseResponse, encodeError, encodeHelloResponse, encodeOpenResponse, encodeWriteResponse, QdlDecodeError } from '../src/codec/qdl/messages.ts';
import { HdlcDecoder, hdlcEncode } from '../src/codec/hdlc.ts';
import { analyzeText } from '../src/session/analysis/analyze.ts';
import * as L from '../src/session/analysis/logs.fixture.ts';
import { bytesSource } from '../src/session/images/byte-source.ts';
import { inspectSource } from '../src/session/images/inspect.ts';
import { buildZip, deflated } from '../src/session/images/zip.fixture.ts';
import { exportJson } from '../src/session/logs/export-json.ts';
import { ImportError, parseJournalExport } from '../src/session/logs/import-json.ts';
import { sampleJournal } from '../src/session/logs/sample-journal.fixture.ts';
import type { JournalData } from '../src/session/logs/schema.ts';

export class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';
}

const fail = (msg: string): never => {
  throw new PropertyFailure(msg);
};

// ---- seeded generator ---------------------------------------------------------------------------

/** Mulberry32: small, fast, and a case is replayed from its seed alone. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

const EDGE_U32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 399, 400, 401, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** Byte-level mutations: flips, edge values, truncation, duplication, insertion. */
export function mutateBytes(r: Rng, input: Uint8Array, hot: readonly number[] = []): Uint8Array {
  let b = input.slice();
  const n = 1 + r.int(4);
  for (let k = 0; k < n; k++) {
    const op = r.int(7);
    const at = hot.length && r.chance(0.6) ? Math.min(b.length - 1, hot[r.int(hot.length)]! + r.int(8)) : r.int(Math.max(1, b.length));
    if (b.length === 0) return r.bytes(r.int(64));
    switch (op) {
      case 0:
        b[at] = b[at]! ^ (1 << r.int(8));
        break;
      case 1:
        b[at] = r.int(256);
        break;
      case 2: {
        const v = r.pick(EDGE_U32);
        if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at, v, r.chance(0.5));
        break;
      }
      case 3:
        b = b.slice(0, r.int(b.length + 1));
        break;
      case 4: {
        const len = r.int(Math.min(512, b.length - at) + 1);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at + len));
        out.set(b.subarray(at, at + len), at + len);
        out.set(b.subarray(at + len), at + 2 * len);
        b = out;
        break;
      }
      case 5: {
        const ins = r.bytes(r.int(32));
        const out = new Uint8Array(b.length + ins.length);
        out.set(b.subarray(0, at));
        out.set(ins, at);
        out.set(b.subarray(at), at + ins.length);
        b = out;
        break;
      }
      case 6:
        b.fill(r.pick([0, 0xff, 0x20]), at, Math.min(b.length, at + r.int(64)));
        break;
    }
  }
  return b;
}

// ---- independent CRC (bitwise, not the codec's tables) -----------------------------------------

/** Built here from the polynomial, byte at a time: shares nothing with src/codec/crc32.ts. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CWE stores JAMCRC: CRC-32's register from 0xFFFFFFFF, without the final inversion. */
export function jamcrcIndependent(b: Uint8Array, from: number, to: number): number {
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

const u32be = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, false);

/** Rewrites every header and payload CRC of what parses, deepest first, so mutations get accepted. */
function fixCrcs(b: Uint8Array): Uint8Array {
  const out = b.slice();
  const r = parseCwe(out);
  const images = flattenImages(r.root).sort((x, y) => y.depth - x.depth);
  const dv = new DataView(out.buffer);
  for (const img of images) {
    const end = img.offset + 400 + img.size;
    if (end > out.length) continue;
    dv.setUint32(img.offset + 0x118, jamcrcIndependent(out, img.offset + 400, end), false);
    dv.setUint32(img.offset + 0x100, jamcrcIndependent(out, img.offset, img.offset + 256), false);
  }
  return out;
}

// ---- targets -----------------------------------------------------------------------------------

export interface Target {
  readonly name: string;
  /** One case; resolves when done. Throws on a crash or a broken property. */
  run(r: Rng): void | Promise<void>;
}

const golden = buildCwe(goldenTestImageSpec());
const nvu = buildCwe(rc76PackageSpec({ carrierOnly: true }));
const goldenHot = flattenImages(parseCwe(golden).root).flatMap((i) => [i.offset, i.offset + 0x100, i.offset + 0x10c, i.offset + 0x114, i.offset + 0x118, i.offset + 400]);

export const cweTarget: Target = {
  name: 'CWE/SPK parser',
  run(r) {
    const base = r.chance(0.7) ? golden : nvu;
    let input = mutateBytes(r, base, base === golden ? goldenHot : []);
    if (r.chance(0.5)) input = fixCrcs(input);
    const res = parseCwe(input, { chunkSize: r.pick([1 + r.int(64), 400, 512, 4096, 1 << 20]) });
    if (res.errors.length) return;
    // Accepted: every CRC and size must hold against an independent recomputation.
    const images = flattenImages(res.root);
    if (!res.root) fail('accepted without a root image');
    for (const img of images) {
      const end = img.offset + 400 + img.size;
      if (img.offset < 0 || end > input.length) fail(`${img.path}: ${img.offset}+${img.size} outside the file (${input.length})`);
      const h = jamcrcIndependent(input, img.offset, img.offset + 256);
      if (h !== u32be(input, img.offset + 0x100) || img.headerCrc.computed !== h || !img.headerCrc.ok) fail(`${img.path}: header CRC accepted but wrong`);
      const p = jamcrcIndependent(input, img.offset + 400, end);
      if (p !== u32be(input, img.offset + 0x118) || img.imageCrc.computed !== p || img.imageCrc.ok !== true) fail(`${img.path}: image CRC accepted but wrong`);
      for (const c of img.children) {
        if (c.offset < img.offset + 400 || c.offset + 400 + c.size > end) fail(`${c.path} is outside its parent ${img.path}`);
      }
    }
  },
};

const zipBases: Uint8Array[] = [
  zipSync({ 'RC76xx/test-image.spk': golden, 'RC76xx/GENERIC.nvu': nvu, 'README.txt': new TextEncoder().encode('hi') }),
  zipSync({ 'a.cwe': golden }, { level: 0 }),
  buildZip([{ name: 'stored.cwe', data: golden }, deflated('deflated.spk', golden)]),
];
const ZIP_CODES = new Set(['zip-too-large', 'zip-too-many-entries', 'zip-ratio', 'zip-encrypted', 'zip-method', 'zip-unreadable', 'zip-no-firmware', 'read-failed']);

export const zipTarget: Target = {
  name: 'zip bundles',
  async run(r) {
    const base = r.pick(zipBases);
    // Hot spots: the directory and the local headers, where the sizes and counts are.
    const eocd = base.length - 22;
    const input = mutateBytes(r, base, [0, 18, 22, 26, eocd + 8, eocd + 10, eocd + 12, eocd + 16, base.length - 120, base.length - 80]);
    const rep = await inspectSource(bytesSource(input, 'fuzz.zip'), { chunkSize: 1 + r.int(1 << 16) });
    for (const e of rep.errors) {
      if (e.code.startsWith('zip') || e.code === 'read-failed') {
        if (!ZIP_CODES.has(e.code)) fail(`unknown refusal ${e.code}`);
      }
    }
    if (rep.format === 'zip' && rep.verdict === 'ok') {
      for (const entry of rep.entries ?? []) if (entry.size > 64 << 20) fail(`${entry.name}: accepted ${entry.size} bytes from a tiny zip`);
    }
  },
};

const AT_LINES: readonly string[] = [
  ...T.ATI_RC7620_R8,
  ...T.ATI_EM7430,
  ...T.ATI_WP7607_TRUNCATED,
  ...T.CGMR_RC7620_R9,
  ...T.IMPREF_SEED,
  ...T.IMAGE_SEED,
  ...T.PRIID_EM7455_DELL,
  ...T.GSTATUS_RC76_ATTACHED,
  ...T.GSTATUS_9X30,
  '+CREG: 2,1,"1A2B","01C2D3E4",7',
  '+CEREG: 5',
  '+CSQ: 20,99',
  '+COPS: 0,0,"Orange F",7',
  '+CGDCONT: 1,"IPV4V6","orange","0.0.0.0",0,0',
  '+CPIN: SIM PIN',
  '+CME ERROR: 10',
  '+CMS ERROR: 500',
  'OK',
  'ERROR',
  'NO CARRIER',
  '!SELRAT: 00, Automatic',
  '+CFUN: 1',
  '!BAND: 00, All bands',
  '+CNUM: "Me","0612345678",129',
  '+CRSM: 144,0,"981003541521436587F9"',
  'AT!ENTERCND="A710"',
];
const LINE_PARSERS: readonly ((lines: string[]) => unknown)[] = [
  parseAti,
  parseCgmr,
  parseCgsn,
  parseGstatus,
  parseGstatusPairs,
  parseImagePreference,
  parseImageTable,
  parseCops,
  (l) => parseRegistration(l, 'eps'),
  (l) => parseRegistration(l, 'cs'),
  parseCsq,
  parseCgdcont,
  parsePriId,
  parseCfun,
  parseSelrat,
  parseBand,
  parsePcinfo,
  (l) => parseCpin(l),
  (l) => l.map((x) => parseRevision(x)),
  (l) => l.map((x) => parseCarrierPri(x)),
  (l) => l.map((x) => parseCommand(x)),
  (l) => l.map((x) => classifyFinal(x)),
];

function atText(r: Rng): string {
  const parts: string[] = [];
  const n = 1 + r.int(12);
  for (let i = 0; i < n; i++) {
    let line = r.pick(AT_LINES);
    if (r.chance(0.3)) line = String.fromCharCode(...mutateBytes(r, new TextEncoder().encode(line)));
    parts.push(line);
  }
  return parts.join(r.pick(['\r\n', '\r', '\n', '\r\r\n']));
}

export const atTarget: Target = {
  name: 'AT line splitter + parsers',
  run(r) {
    const text = atText(r);
    const bytes = new TextEncoder().encode(text + '\r\n');
    // Property: however the bytes are cut into reads, the same lines come out.
    const whole = new LineSplitter({ maxLineLength: 64 + r.int(8192) });
    const cut = new LineSplitter({ maxLineLength: 0 });
    const a = whole.push(bytes);
    const pieces = new LineSplitter({ maxLineLength: 8192 + 64 });
    const b: string[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + r.int(17);
      b.push(...pieces.push(bytes.subarray(i, i + n)));
      i += n;
    }
    const ref = new LineSplitter({ maxLineLength: 8192 + 64 }).push(bytes);
    if (ref.join('\n') !== b.join('\n')) fail('lines depend on how the bytes were cut');
    cut.push(bytes);
    for (const p of LINE_PARSERS) p(a);
  },
};

const LOG_TEXTS: readonly string[] = Object.values(L as Record<string, unknown>).filter((v): v is string => typeof v === 'string');

export const analyserTarget: Target = {
  name: 'analyser (transcripts and logs)',
  run(r) {
    const base = r.chance(0.5) ? r.pick(LOG_TEXTS) : atText(r);
    const lines = base.split('\n');
    const out: string[] = [];
    const n = 1 + r.int(Math.min(60, lines.length * 2));
    for (let i = 0; i < n; i++) {
      let line = r.pick(lines);
      if (r.chance(0.2)) line = String.fromCharCode(...mutateBytes(r, new TextEncoder().encode(line)));
      out.push(line);
    }
    analyzeText(out.join('\n'));
  },
};

const baseSession = sampleJournal();
const exportClear = exportJson(baseSession, { appVersion: '0.1.0', includeIdentifiers: true, now: () => 0 });

/** Normalises what an import legitimately changes (origin, import time, recomputed sizes). */
function normalise(json: string): string {
  const d = JSON.parse(json);
  d.session.origin = 'x';
  d.session.importedAt = null;
  delete d.session.sizeBytes;
  delete d.session.counts;
  delete d.session.raw;
  delete d.session.identifiersMasked;
  delete d.redacted;
  delete d.identifiers;
  return JSON.stringify(d);
}

function mutateJson(r: Rng, v: unknown, depth = 0): unknown {
  if (depth > 6 || !r.chance(0.35)) {
    if (Array.isArray(v)) return v.map((x) => mutateJson(r, x, depth + 1));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutateJson(r, x, depth + 1)]));
    return v;
  }
  switch (r.int(9)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1e15, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2]);
    case 2:
      return r.pick(['', 'x', '\u0000', 'AT!ENTERCND="A710"', '359234567890123', '<script>']);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return typeof v === 'number' ? v + r.pick([-1, 1, 1000]) : v;
    case 6:
      return Array.isArray(v) ? v.slice(0, r.int(v.length + 1)) : v;
    case 7:
      return Array.isArray(v) && v.length ? [...v, v[r.int(v.length)]] : v;
    default:
      return undefined;
  }
}

export const importTarget: Target = {
  name: 'session import',
  run(r) {
    const doc = JSON.parse(exportClear);
    let text: string;
    if (r.chance(0.1)) text = String.fromCharCode(...mutateBytes(r, new TextEncoder().encode(exportClear).subarray(0, 4096)));
    else text = JSON.stringify(mutateJson(r, doc));
    let data: JournalData;
    try {
      data = parseJournalExport(text ?? '', { now: () => 0 });
    } catch (e) {
      if (e instanceof ImportError) return;
      throw e;
    }
    // Property: what was imported, exported again and imported again, is the same session.
    const again = exportJson(data, { appVersion: '0.1.0', includeIdentifiers: true, now: () => 0 });
    const back = parseJournalExport(again, { now: () => 0 });
    const twice = exportJson(back, { appVersion: '0.1.0', includeIdentifiers: true, now: () => 0 });
    if (normalise(again) !== normalise(twice)) fail('import → export is not stable');
    if (data.meta.counts.events !== data.events.length) fail('counts not recomputed');
    if (!Number.isFinite(data.meta.sizeBytes) || data.meta.sizeBytes < 1024) fail(`stored size ${data.meta.sizeBytes} is not computed`);
  },
};

/** The unmutated export round-trips byte-identical after normalisation (checked once per run). */
export function checkRoundTrip(): void {
  const data = parseJournalExport(exportClear, { now: () => 0 });
  const again = exportJson(data, { appVersion: '0.1.0', includeIdentifiers: true, now: () => 0 });
  if (normalise(again) !== normalise(exportClear)) fail('the golden export does not round-trip byte-identical');
}

// ---- identifiers planted in sessions ------------------------------------------------------------

function luhnImei(r: Rng): string {
  let s = r.pick(['35', '86', '01', '99']);
  while (s.length < 14) s += String(r.int(10));
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(s[i]);
    if (i % 2) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return s + String((10 - (sum % 10)) % 10);
}

const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(r.int(10))).join('');

function spaced(r: Rng, s: string): string {
  switch (r.int(4)) {
    case 0:
      return s;
    case 1:
      return `${s.slice(0, 2)}-${s.slice(2, 8)}-${s.slice(8, 14)}-${s.slice(14)}`;
    case 2:
      return `${s.slice(0, 2)} ${s.slice(2, 8)} ${s.slice(8, 14)} ${s.slice(14)}`;
    default:
      return `${s.slice(0, 8)}-${s.slice(8, 14)}-${s.slice(14)}`;
  }
}

function swapNibbles(iccid: string): string {
  const p = iccid.length % 2 ? iccid + 'F' : iccid;
  let out = '';
  for (let i = 0; i < p.length; i += 2) out += p[i + 1]! + p[i]!;
  return out;
}

export const redactionTarget: Target = {
  name: 'redacted export (planted identifiers)',
  run(r) {
    const imei = luhnImei(r);
    const iccid = '89' + digits(r, 17);
    const imsi = r.pick(['208', '310', '234']) + digits(r, 12);
    const intl = '+' + r.pick(['33', '44', '49', '1']) + digits(r, 9);
    const national = '0' + r.pick(['6', '7']) + digits(r, 8);
    const fsn = r.pick(['4L', 'LL', 'X7']) + digits(r, 10) + 'A1';
    const pw = 'Pw' + digits(r, 6);
    const lines = [
      r.pick(['IMEI: ', 'imei ', 'IMEI:', '+CGSN: ', '', 'IMEI', 'imei_', 'log-', 'sn=']) + spaced(r, imei) + r.pick(['', '.', ',', ' ', '.txt', '_a']),
      `IMEISV: ${imei.slice(0, 14)}${digits(r, 2)}`,
      `FSN: ${fsn}`,
      r.pick(['+ICCID: ', '+CCID: ', 'ICCID: ']) + iccid,
      `+CRSM: 144,0,"${swapNibbles(iccid)}"`,
      `+CIMI: ${imsi}`,
      `+CNUM: "Me","${r.chance(0.5) ? intl : national}",${r.chance(0.5) ? 145 : 129}`,
      `+CMT: "${intl}",,"24/01/01,12:00:00+04"`,
      r.chance(0.5) ? `+CLIP: "${national}",129,,,,0` : `+CLIP: ${national},129`,
      r.pick([`ICCID: ${iccid.replace(/(\d{4})/g, '$1 ').trim()}`, `+CCID: "${iccid}"`, `iccid=${iccid}`]),
      r.pick([`+CMGR: "REC READ","${intl}",,"24/01/01,12:00:00+04"`, `+CMTI: "SM",3`, `call from ${intl}`]),
      `+CMGL: 3,"REC UNREAD","${intl}",,"24/01/01,12:00:00+04"`,
      `AT!ENTERCND="${pw}"`,
    ];
    const text = lines.join('\r\n') + '\r\n';
    const data = sampleJournal();
    const cut = 1 + r.int(text.length - 1);
    const bytes = new TextEncoder().encode(text);
    const session: JournalData = {
      meta: { ...data.meta, device: { ...data.meta.device, imei, iccid, imsi } },
      events: [
        ...data.events,
        { seq: 900, t: 1, kind: 'at-response', command: 'ATI', lines, final: 'OK', ok: true, durationMs: 1, passwordGate: 'open' },
        { seq: 901, t: 2, kind: 'note', text: r.pick(lines) },
      ],
      // Split at a random place, so an identifier may span two reads.
      raw: [
        { seq: 902, t: 3, dir: 'rx', bytes: bytes.subarray(0, cut) },
        { seq: 903, t: 4, dir: 'rx', bytes: bytes.subarray(cut) },
      ],
    };
    const json = exportJson(session, { appVersion: '0.1.0', now: () => 0 });
    const doc = JSON.parse(json);
    const raw = doc.raw.map((x: { data: string }) => atob(x.data)).join('');
    const all = json + '\n' + raw;
    const compact = all.replace(/[ \-.]/g, '');
    for (const [what, v] of [
      ['IMEI', imei],
      ['ICCID', iccid],
      ['swapped ICCID', swapNibbles(iccid).slice(0, 18)],
      ['IMSI', imsi],
      ['phone', intl.slice(1)],
      ['phone', national],
      ['FSN', fsn],
      ['password', pw],
    ] as const) {
      if (compact.includes(v)) fail(`${what} ${v} leaked into the redacted export`);
    }
    // Scanned with the same patterns: anything they still find must be masked already.
    for (const k of findIdentifiers(all)) {
      if (/^\d{10,}$/.test(k.value) && redactText(k.value) !== k.value) fail(`pattern still finds ${k.value}`);
    }
  },
};

// ---- download-mode reply decoders ---------------------------------------------------------------

const SAHARA_BASES = [encodeHello(), encodeExecuteResponse(0xff00, 16), encodeEndImageTransfer(13, 0)];
const QDL_BASES = [encodeHelloResponse(6), encodeError(0x16, 'unsupported'), encodeOpenResponse(0, 1 << 20), encodeWriteResponse(3, 0), encodeCloseResponse(0)];
const FIREHOSE_BASES = [encodeResponse('ACK', [['MaxPayloadSizeToTargetInBytes', 1048576]]), encodeLog('INFO: Calling handler for configure'), encodeResponse('NAK')];

const typed = (e: unknown) => e instanceof SaharaDecodeError || e instanceof QdlDecodeError || e instanceof FirehoseParseError || (e instanceof Error && e.name === 'HdlcFrameError');

export const downloadTarget: Target = {
  name: 'Sahara/Firehose/QDL decoders',
  run(r) {
    const which = r.int(4);
    try {
      if (which === 0) {
        const bytes = mutateBytes(r, r.pick(SAHARA_BASES), [0, 4, 8, 12]);
        try {
          decodePacket(bytes);
        } catch (e) {
          if (!typed(e)) throw e;
        }
        const re = new SaharaReassembler();
        for (let i = 0; i < bytes.length; ) {
          const n = 1 + r.int(9);
          re.push(bytes.subarray(i, i + n));
          i += n;
          for (let p = re.take(); p; p = re.take()) decodePacket(p);
        }
      } else if (which === 1) {
        const frame = hdlcEncode(mutateBytes(r, r.pick(QDL_BASES)));
        const wire = r.chance(0.5) ? mutateBytes(r, frame) : frame;
        const dec = new HdlcDecoder();
        for (const item of dec.push(wire)) {
          if (!item.ok) continue;
          try {
            decodeReply(item.payload);
          } catch (e) {
            if (!typed(e)) throw e;
          }
          try {
            decodeRequest(item.payload);
          } catch (e) {
            if (!typed(e)) throw e;
          }
        }
      } else {
        const bytes = mutateBytes(r, r.pick(FIREHOSE_BASES), [0, 5, 40, 60]);
        const sp = new FirehoseDocumentSplitter();
        for (let i = 0; i < bytes.length; ) {
          const n = 1 + r.int(64);
          for (const item of sp.push(bytes.subarray(i, i + n))) {
            if (!item.ok) continue;
            try {
              for (const x of parseDocument(item.text)) if (x.kind === 'log') parseLogKeyValue(x.value);
            } catch (e) {
              if (!typed(e)) throw e;
            }
          }
          i += n;
        }
      }
    } catch (e) {
      if (!typed(e)) throw e;
    }
  },
};

export const TARGETS: readonly Target[] = [cweTarget, zipTarget, atTarget, analyserTarget, importTarget, redactionTarget, downloadTarget];
