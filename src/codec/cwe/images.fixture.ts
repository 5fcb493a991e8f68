/**
 * Ready-made image descriptions for tests, benchmarks and the virtual modem. Each returns a
 * CweImageSpec for `buildCwe` / `streamCwe`, so callers can still tweak any field or fault.
 */
import { concatBytes } from '../bytes.ts';
import { buildCwe, type CweContainerSpec, type CweImageSpec, type SyntheticBytes } from './writer.ts';
import { jamcrc } from '../crc32.ts';

const RC76_R9 = '00.08.24.02';

/**
 * The shared golden image (shared/tools/peer/golden/test-image.spk, 3714 bytes):
 * SPKG{BOOT{QPAR,SBL1}, MODM{DSP2}, FILE{NVUP}}, product 9X07, RC76xx Release 9 GENERIC.
 * With the default DSP2 size the bytes equal make-test-image.py's output exactly.
 */
export function goldenTestImageSpec(options: { dsp2Size?: number; dsp2Seed?: number } = {}): CweContainerSpec {
  const pkg = `9999999_9999999_SWI9X07H_${RC76_R9}_00_GENERIC_001.081_000`;
  const build = `SWI9X07H_${RC76_R9} r0 test 2024/01/01`;
  const date = '01/01/24';
  const p = '9X07';
  const dsp2: Uint8Array | SyntheticBytes =
    options.dsp2Size === undefined || options.dsp2Size === 300
      ? new Uint8Array(300).fill(0x33)
      : { synthetic: 'random', size: options.dsp2Size, seed: options.dsp2Seed ?? 7607 };
  return {
    type: 'SPKG', product: p, version: pkg, date,
    children: [
      { type: 'BOOT', product: p, version: build, date, children: [
        { type: 'QPAR', product: p, version: 'CORE_4K', date, payload: new Uint8Array(64).fill(0x11) },
        { type: 'SBL1', product: p, version: build, date, payload: new Uint8Array(100).fill(0x22) },
      ] },
      { type: 'MODM', product: p, version: build, date, children: [{ type: 'DSP2', product: p, version: build, date, payload: dsp2 }] },
      { type: 'FILE', product: p, version: pkg, date, children: [{ type: 'NVUP', product: p, version: pkg, date, payload: new Uint8Array(50).fill(0x44) }] },
    ],
  };
}

export interface Rc76PackageOptions {
  /** Firmware version, e.g. "00.08.24.02" (Release 9). */
  readonly firmware?: string;
  readonly carrier?: string;
  /** PRI version and index, e.g. "001.081_000". */
  readonly config?: string;
  readonly product?: string;
  /** Platform prefix in the version strings. */
  readonly platform?: string;
  /** Size of the modem firmware leaf (DSP2); the real Release 9 package has 25 751 496 bytes. */
  readonly modemSize?: number;
  /** Leave out the firmware and keep only the carrier part (an .nvu). */
  readonly carrierOnly?: boolean;
  readonly date?: string;
  readonly seed?: number;
}

/**
 * A package shaped like `RC76xx_Release9_GENERIC_GCF_7620.spk`: with the default sizes the first
 * three images sit at the offsets libqmi logged for the real file (forum thread 29872: top
 * [0, 34 879 232), first child [400, 426 084) with children [800, 7 680) and [7 680, 426 084),
 * next child ending at 26 178 380). The type names and the inner layout past that are ours.
 */
export function rc76PackageSpec(o: Rc76PackageOptions = {}): CweImageSpec {
  const fw = o.firmware ?? RC76_R9;
  const platform = o.platform ?? 'SWI9X07H';
  const carrier = o.carrier ?? 'GENERIC';
  const config = o.config ?? '001.081_000';
  const p = o.product ?? '9X07';
  const date = o.date ?? '03/21/22';
  const seed = o.seed ?? 7620;
  const pkg = `9999999_9999999_${platform}_${fw}_00_${carrier}_${config}`;
  const build = `${platform}_${fw} f90cbd jenkins 2022/03/21 03:47:54`;
  const rnd = (size: number, s: number): SyntheticBytes => ({ synthetic: 'random', size, seed: seed + s });
  const nvup = { type: 'NVUP', product: p, version: pkg, date, compat: 1, payload: rnd(120_000, 9) } as const;
  const nvu: CweContainerSpec = { type: 'FILE', product: p, version: pkg, date, children: [nvup] };
  if (o.carrierOnly) return { type: 'SPKG', product: p, version: pkg, date, children: [nvu] };
  // Third child: the applications side, sized so that the package ends where the real one does.
  const applLength = 34_879_232 - 26_178_380 - (400 + 400 + 120_000);
  const appsSize = 3_000_000;
  const systSize = applLength - 400 - (400 + appsSize) - 400;
  return {
    type: 'SPKG', product: p, version: pkg, date,
    children: [
      { type: 'BOOT', product: p, version: build, date, children: [
        { type: 'QPAR', product: p, version: build, date, payload: rnd(6_480, 1) },
        { type: 'SBL1', product: p, version: build, date, payload: rnd(418_004, 2) },
      ] },
      { type: 'MODM', product: p, version: build, date, children: [{ type: 'DSP2', product: p, version: build, date, payload: rnd(o.modemSize ?? 25_751_496, 3) }] },
      { type: 'APPL', product: p, version: build, date, signature: 1, children: [
        { type: 'APPS', product: p, version: build, date, payload: rnd(appsSize, 4) },
        { type: 'SYST', product: p, version: build, date, payload: rnd(systSize, 5) },
      ] },
      nvu,
    ],
  };
}

// ---- every corruption, and the non-CWE files users drop -----------------------------------------

/** The golden image broken in each way the parser names, with the first error code it must report. */
export interface CorruptSample {
  readonly bytes: Uint8Array;
  readonly firstError: 'empty' | 'not-cwe' | 'truncated' | 'header-crc-mismatch' | 'image-crc-mismatch' | 'size-out-of-bounds' | 'non-printable' | 'depth-limit';
  /** Offset the first error must carry. */
  readonly offset: number;
}

export function corruptSamples(): Record<string, CorruptSample> {
  const spec = goldenTestImageSpec();
  const good = buildCwe(spec);
  const flipped = (at: number, value: number) => {
    const b = good.slice();
    b[at] = value;
    return b;
  };
  let deep: CweImageSpec = { type: 'DSP2', product: '9X07', payload: new Uint8Array(4) };
  for (let i = 0; i < 20; i++) deep = { type: 'FILE', product: '9X07', children: [deep] };
  const [boot, modm, file] = spec.children;
  return {
    empty: { bytes: new Uint8Array(0), firstError: 'empty', offset: 0 },
    'not-cwe': { bytes: new TextEncoder().encode('<!doctype html><title>404</title>'.repeat(20)), firstError: 'not-cwe', offset: 0 },
    'truncated-header': { bytes: good.slice(0, 300), firstError: 'truncated', offset: 0 },
    'truncated-payload': { bytes: good.slice(0, 2000), firstError: 'size-out-of-bounds', offset: 0 },
    'trailing-data': { bytes: concatBytes([good, new Uint8Array(16)]), firstError: 'size-out-of-bounds', offset: 3714 },
    'header-crc': { bytes: buildCwe({ ...spec, fault: { psbCrc: 0x12345678 } }), firstError: 'header-crc-mismatch', offset: 0 },
    'image-crc': { bytes: buildCwe({ ...spec, fault: { imageCrc: 0x12345678 } }), firstError: 'image-crc-mismatch', offset: 0 },
    'payload-byte': { bytes: flipped(2164 + 400 + 10, 0xcc), firstError: 'image-crc-mismatch', offset: 2164 },
    'nested-size-past-parent': {
      bytes: buildCwe({ ...spec, children: [boot!, { ...modm!, fault: { imageSize: 99_999 } }, file!] }),
      firstError: 'size-out-of-bounds',
      offset: 1764,
    },
    'zero-size': { bytes: buildCwe({ type: 'SPKG', product: '9X07', payload: new Uint8Array(0) }), firstError: 'size-out-of-bounds', offset: 0 },
    'non-printable': { bytes: buildCwe({ type: 'SPKG', product: '9X07', version: new Uint8Array([0x53, 0x01]), payload: new Uint8Array(4) }), firstError: 'non-printable', offset: 0 },
    'depth-limit': { bytes: buildCwe(deep), firstError: 'depth-limit', offset: 16 * 400 },
  };
}

/** One entry of a hand-built zip: every header field the caller may want to lie about. */
export interface ZipFixtureEntry {
  readonly name: string;
  /** The entry's data as stored in the zip (already deflated when method is 8). */
  readonly data: Uint8Array;
  readonly method?: 0 | 8 | number;
  /** What the central directory claims; defaults to the truth. */
  readonly declaredSize?: number;
  readonly flags?: number;
  /** Inflated size, when `data` is deflated (the truth for declaredSize's default). */
  readonly size?: number;
  /** Standard CRC-32 of the inflated data; 0 when the test does not care. */
  readonly crc?: number;
}

/**
 * A zip with every header field chosen by the caller, so a test can make a directory that lies
 * (declared sizes, entry counts) the way a crafted file does; zip libraries build honest zips only.
 */
export function buildZip(entries: readonly ZipFixtureEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 0;
    const size = e.declaredSize ?? e.size ?? e.data.length;
    const crc = e.crc ?? 0;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, Math.min(entries.length, 0xffff), true);
  ev.setUint16(10, Math.min(entries.length, 0xffff), true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  return concatBytes([...locals, ...centrals, end]);
}

/**
 * A zip archive with the entries stored (no compression) — enough for tests of the zip path
 * without a zip library in the codec layer. Entry CRCs are standard CRC-32 (JAMCRC's complement).
 */
export function storedZip(entries: readonly { readonly name: string; readonly bytes: Uint8Array }[]): Uint8Array {
  return buildZip(entries.map((e) => ({ name: e.name, data: e.bytes, crc: ~jamcrc(e.bytes) >>> 0 })));
}

/**
 * A file that looks like a Windows program (MZ header, PE signature) — with `sierra`, it also
 * names Sierra Wireless in UTF-16 the way an FDT2 installer's version resource does.
 */
export function windowsExecutableLike(options: { sierra?: boolean; size?: number } = {}): Uint8Array {
  const b = new Uint8Array(Math.max(4096, options.size ?? 8192));
  b.set([0x4d, 0x5a]);
  b[0x3c] = 0x80;
  b.set([0x50, 0x45, 0, 0], 0x80);
  if (options.sierra) b.set(Uint8Array.from([...'Sierra Wireless'].flatMap((c) => [c.charCodeAt(0), 0])), 2048);
  return b;
}
