/**
 * Ground truth for the CWE tree walk: for every image we generate, the tree of offsets, types,
 * products, versions, dates and sizes our parser reports must equal what the real
 * `qmi-firmware-update --verify -v` (Debian libqmi-utils 1.32.2) prints for the same file, and
 * the detected firmware/config/carrier must match too. libqmi checks no CRC, so CRC-corrupted
 * images must still match structurally (and only we refuse them); files libqmi rejects outright
 * (size mismatch, not CWE) must be refused by us as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildCwe, streamCwe, type CweImageSpec } from '../../src/codec/cwe/writer.ts';
import { goldenTestImageSpec, rc76PackageSpec } from '../../src/codec/cwe/images.fixture.ts';
import { CWE_HEADER_SIZE } from '../../src/codec/cwe/header.ts';
import { openFileSource } from '../../src/session/images/node-file-source.ts';
import { inspectSource } from '../../src/session/images/inspect.ts';
import { parseCwe, flattenImages } from '../../src/codec/cwe/parser.ts';
import type { InspectionReport, ReportImage } from '../../src/session/images/report.ts';

const QFU = '/usr/bin/qmi-firmware-update';
const present = existsSync(QFU);
if (!present && process.env.CI) throw new Error(`${QFU} is missing on CI: apt-get install libqmi-utils`);
if (!present) console.warn(`SKIPPED: ${QFU} not installed (apt-get install libqmi-utils); libqmi conformance not checked`);

const run = promisify(execFile);

interface LibqmiImage {
  path: string;
  type: string;
  product: string;
  version: string;
  date: string;
  size: number;
  start: number;
  end: number;
}

interface LibqmiVerify {
  ok: boolean;
  firmware: string | null;
  config: string | null;
  carrier: string | null;
  images: LibqmiImage[];
  output: string;
}

async function verify(file: string): Promise<LibqmiVerify> {
  let stdout = '';
  let stderr = '';
  let ok = true;
  try {
    ({ stdout, stderr } = await run(QFU, ['--verify', '--verbose', file], { maxBuffer: 64 << 20 }));
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    ok = false;
    stdout = x.stdout ?? '';
    stderr = x.stderr ?? '';
  }
  const ranges = [...stdout.matchAll(/image offset range: \[(\d+),(\d+)\]/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const byPath = new Map<string, Partial<LibqmiImage>>();
  const order: string[] = [];
  const prefixes: [keyof LibqmiImage, string][] = [['type', 'type:    '], ['product', 'product: '], ['version', 'version: '], ['date', 'date:    '], ['size', 'size:    ']];
  for (const line of stdout.split('\n')) {
    const m = /^\s*\[cwe ([0-9.]+)\] (.*)$/.exec(line);
    if (!m) continue;
    const id = m[1]!;
    if (!byPath.has(id)) {
      byPath.set(id, { path: id });
      order.push(id);
    }
    for (const [key, prefix] of prefixes)
      if (m[2]!.startsWith(prefix)) (byPath.get(id) as Record<string, unknown>)[key] = key === 'size' ? Number(m[2]!.slice(prefix.length)) : m[2]!.slice(prefix.length);
  }
  const detected = (what: string) => {
    const m = new RegExp(`\\[cwe\\] detected ${what}:\\s+(.*)`).exec(stdout);
    return !m || m[1] === 'n/a' ? null : m[1]!.trim();
  };
  return {
    ok,
    firmware: detected('firmware version'),
    config: detected('config version'),
    carrier: detected('carrier'),
    // `--verify` prints the tree depth-first, the same order in which -v logs the ranges.
    images: order.map((id, i) => ({ ...(byPath.get(id) as LibqmiImage), start: ranges[i]?.[0] ?? -1, end: ranges[i]?.[1] ?? -1 })),
    output: stdout + stderr,
  };
}

/** libqmi prints version and date with %s: a field with no NUL runs on into the next one. */
function printedAs(file: Uint8Array, img: ReportImage, field: 'version' | 'date'): string {
  const start = img.offset + (field === 'version' ? 0x11c : 0x170);
  const headerEnd = img.offset + CWE_HEADER_SIZE;
  let s = '';
  for (let i = start; i < headerEnd && file[i] !== 0; i++) s += String.fromCharCode(file[i]!);
  // …and an empty one comes out as "n/a" (observed with 1.32.2).
  return s === '' ? 'n/a' : s;
}

function ours(file: Uint8Array, report: InspectionReport): LibqmiImage[] {
  const out: LibqmiImage[] = [];
  const walk = (img: ReportImage) => {
    out.push({
      path: img.path,
      type: img.type,
      product: img.product,
      version: printedAs(file, img, 'version'),
      date: printedAs(file, img, 'date'),
      size: img.size,
      start: img.offset,
      end: img.offset + CWE_HEADER_SIZE + img.size,
    });
    img.children.forEach(walk);
  };
  report.images.forEach(walk);
  return out;
}

const P = '9X07';
const leaf = (type: string, size: number, extra: Partial<CweImageSpec> = {}): CweImageSpec =>
  ({ type, product: P, version: `SWI9X07H_00.08.24.02 ${type}`, date: '01/01/24', payload: new Uint8Array(size).fill(size & 0xff), ...extra }) as CweImageSpec;
const box = (type: string, children: CweImageSpec[], extra: Partial<CweImageSpec> = {}): CweImageSpec =>
  ({ type, product: P, version: '9999999_9999999_SWI9X07H_00.08.24.02_00_GENERIC_001.081_000', date: '01/01/24', children, ...extra }) as CweImageSpec;

/** Images whose structure libqmi accepts: our tree must be identical. */
const VALID: Record<string, CweImageSpec> = {
  'golden.spk': goldenTestImageSpec(),
  'golden-2mb.spk': goldenTestImageSpec({ dsp2Size: 2_500_000 }),
  'deep.cwe': box('SPKG', [box('FILE', [box('FILE', [box('FILE', [box('FILE', [leaf('NVUP', 33)])])])]), leaf('MODM', 1)]),
  'padded.spk': box('SPKG', [box('BOOT', [leaf('QPAR', 3), leaf('SBL1', 5)], { trailer: new Uint8Array(999).fill(0) }), leaf('MODM', 7)], { trailer: new Uint8Array(17).fill(0xee) }),
  'short-tail.spk': box('SPKG', [leaf('MODM', 11)], { trailer: new Uint8Array(400).fill(0x55) }),
  'odd-strings.cwe': box('SPKG', [
    leaf('APPL', 9, { version: 'X'.repeat(84), date: '12/31/99' }),
    leaf('DSP2', 2, { version: '', date: '' }),
    leaf('A B ', 4, { product: '9x30', version: ' leading space', date: '1/2/3' }),
    leaf('ZZZZ', 6, { version: '~!@#$%^&*()_+{}|:"<>?', date: 'ABCDEFGH', compat: 1 }),
  ]),
  'first-child-bad.spk': box('SPKG', [box('MODM', [leaf('DSP2', 10, { version: new Uint8Array([0x41, 0x07]) })]), leaf('FILE', 20)]),
  'child-too-big.spk': box('SPKG', [leaf('BOOT', 30), leaf('MODM', 40, { fault: { imageSize: 5000 } }), leaf('FILE', 50)]),
  'zero-size-child.spk': box('SPKG', [leaf('BOOT', 30), leaf('MODM', 40, { fault: { imageSize: 0 } })]),
  'bad-crcs.spk': { ...goldenTestImageSpec(), fault: { psbCrc: 0xdeadbeef, imageCrc: 0x12345678 } },
  'nested-bad-crc.spk': box('SPKG', [box('MODM', [leaf('DSP2', 100, { fault: { imageCrc: 7 } })], { fault: { psbCrc: 1 } })]),
  'legato-psb.cwe': box('SPKG', [leaf('APPS', 64, { psb: new Uint8Array(256).map((_, i) => i) })]),
  'SWI9X30C_02.30.01.01_GENERIC_002.045_000.nvu': { type: 'SPKG', product: '9x30', version: 'INTERNAL_?_SWI9X30C_02.30.01.01_?_?_?_?', date: '01/02/20', children: [box('FILE', [leaf('NVUP', 202, { product: '9x30', version: '9999999_9901234_SWI9X30C_02.30.01.01_00_GENERIC_002.045_000' })], { product: '9x30' })] },
  'wrapped-file.cwe': box('FILE', [box('FILE', [leaf('NVUP', 602)], { version: 'fs/config/nv.bin' })]),
  'rc76-real-shaped.spk': rc76PackageSpec(),
};

/** Files libqmi rejects as a whole; we must refuse them too (with our specific code). */
const REJECTED: Record<string, { bytes: () => Uint8Array; code: string }> = {
  'truncated-payload.spk': { bytes: () => buildCwe(goldenTestImageSpec()).subarray(0, 3000), code: 'size-out-of-bounds' },
  'truncated-header.spk': { bytes: () => buildCwe(goldenTestImageSpec()).subarray(0, 300), code: 'truncated' },
  'trailing.spk': { bytes: () => Uint8Array.from([...buildCwe(goldenTestImageSpec()), 1, 2, 3]), code: 'size-out-of-bounds' },
  'zero-size.cwe': { bytes: () => buildCwe({ type: 'SPKG', product: P, payload: new Uint8Array(0) }), code: 'size-out-of-bounds' },
  'text.cwe': { bytes: () => new TextEncoder().encode('not firmware\n'.repeat(100)), code: 'not-cwe' },
  'nonprintable.cwe': { bytes: () => buildCwe({ type: 'SPKG', product: P, version: new Uint8Array([0x53, 0x01]), payload: new Uint8Array(4) }), code: 'non-printable' },
};

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'boothold-libqmi-'));
  for (const [name, spec] of Object.entries(VALID)) {
    const out = createWriteStream(path.join(dir, name));
    for (const chunk of streamCwe(spec)) if (!out.write(Buffer.from(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  for (const [name, c] of Object.entries(REJECTED)) writeFileSync(path.join(dir, name), c.bytes());
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

async function inspectFile(name: string) {
  const src = await openFileSource(path.join(dir, name));
  try {
    return await inspectSource(src);
  } finally {
    await src.close();
  }
}

describe.skipIf(!present)('CWE tree vs qmi-firmware-update --verify (libqmi 1.32.2)', () => {
  for (const name of Object.keys(VALID)) {
    it(`${name}: same tree, offsets, versions and detected identity`, async () => {
      const file = path.join(dir, name);
      const [libqmi, report] = await Promise.all([verify(file), inspectFile(name)]);
      expect(libqmi.ok, libqmi.output).toBe(true);
      const { readFileSync } = await import('node:fs');
      const bytes = new Uint8Array(readFileSync(file));
      expect(ours(bytes, report)).toEqual(libqmi.images);
      expect(libqmi.images.length).toBeGreaterThan(0);
      expect({ firmware: report.firmwareVersion, config: report.configVersion, carrier: report.carrier }).toEqual({
        firmware: libqmi.firmware,
        config: libqmi.config,
        carrier: libqmi.carrier,
      });
    });
  }

  it('CRC-corrupted images pass libqmi but we refuse them, naming each image', async () => {
    const r = await inspectFile('bad-crcs.spk');
    expect(r.verdict).toBe('refused');
    expect(r.errors.map((e) => [e.code, e.offset])).toEqual([['header-crc-mismatch', 0], ['image-crc-mismatch', 0]]);
    const n = await inspectFile('nested-bad-crc.spk');
    expect(n.errors.map((e) => [e.code, e.offset])).toEqual([['header-crc-mismatch', 400], ['image-crc-mismatch', 800]]);
  });

  for (const [name, c] of Object.entries(REJECTED)) {
    it(`${name}: libqmi rejects it and we refuse it with '${c.code}'`, async () => {
      const libqmi = await verify(path.join(dir, name));
      expect(libqmi.ok, libqmi.output).toBe(false);
      const r = await inspectFile(name);
      expect(r.verdict).toBe('refused');
      expect(r.errors[0]!.code).toBe(c.code);
    });
  }

  it('the parser alone (no file I/O) agrees on the golden image layout', () => {
    const img = flattenImages(parseCwe(buildCwe(goldenTestImageSpec())).root);
    expect(img.map((i) => i.offset)).toEqual([0, 400, 800, 1264, 1764, 2164, 2864, 3264]);
  });
});
