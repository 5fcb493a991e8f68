import { describe, expect, it } from 'vitest';
import { buildCwe, cweLayout, type CweImageSpec } from './writer.ts';
import { goldenTestImageSpec } from './images.fixture.ts';
import { flattenImages, parseCwe, type CweParseResult } from './parser.ts';
import { FIELD } from './header.ts';

const golden = () => buildCwe(goldenTestImageSpec());
const codes = (r: CweParseResult) => r.errors.map((e) => e.code);

describe('CWE parser: valid images', () => {
  it('walks the golden image like libqmi (offsets, types, versions)', () => {
    const r = parseCwe(golden());
    expect(r.errors).toEqual([]);
    const got = flattenImages(r.root).map((i) => [i.path, i.offset, i.offset + 400 + i.size, i.type]);
    // the offset ranges `qmi-firmware-update -z -v` logs for this file (protocol-spec §6.3)
    expect(got).toEqual([
      ['0', 0, 3714, 'SPKG'],
      ['0.0', 400, 1764, 'BOOT'],
      ['0.0.0', 800, 1264, 'QPAR'],
      ['0.0.1', 1264, 1764, 'SBL1'],
      ['0.1', 1764, 2864, 'MODM'],
      ['0.1.0', 2164, 2864, 'DSP2'],
      ['0.2', 2864, 3714, 'FILE'],
      ['0.2.0', 3264, 3714, 'NVUP'],
    ]);
    expect(r.root!.version).toBe('9999999_9999999_SWI9X07H_00.08.24.02_00_GENERIC_001.081_000');
    expect(r.root!.date).toBe('01/01/24');
    expect(r.root!.imageCrc).toEqual({ stored: 0x555b96ca, computed: 0x555b96ca, ok: true });
    for (const img of flattenImages(r.root)) {
      expect(img.headerCrc.ok).toBe(true);
      expect(img.imageCrc.ok).toBe(true);
    }
  });

  it('gives the same result for any chunking', () => {
    const bytes = buildCwe(goldenTestImageSpec({ dsp2Size: 20_000 }));
    const whole = JSON.stringify(parseCwe(bytes));
    for (const chunkSize of [1, 7, 399, 400, 401, 4096]) expect(JSON.stringify(parseCwe(bytes, { chunkSize }))).toBe(whole);
  });

  it('reports padding after the last child, and libqmi-style stops', () => {
    const spec: CweImageSpec = {
      type: 'SPKG', product: '9X07', version: 'v', date: '01/01/24',
      children: [{ type: 'MODM', product: '9X07', payload: new Uint8Array(10) }],
      trailer: new Uint8Array(500),
    };
    const r = parseCwe(buildCwe(spec));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ code: 'padding', offset: 810, imageType: 'SPKG', length: 500 }]);
    expect(flattenImages(r.root).map((i) => i.type)).toEqual(['SPKG', 'MODM']);
  });

  it('treats a short tail (< 401 bytes) after the last child as padding without trying a header', () => {
    const spec: CweImageSpec = {
      type: 'SPKG', product: '9X07', children: [{ type: 'MODM', product: '9X07', payload: new Uint8Array(10) }], trailer: new Uint8Array(3),
    };
    const r = parseCwe(buildCwe(spec));
    expect(r.warnings.map((w) => w.code)).toEqual(['padding']);
  });

  it('warns on unknown types, odd revisions, missing GOOD and mixed products', () => {
    const spec: CweImageSpec = {
      type: 'SPKG', product: '9X07',
      children: [{ type: 'ZZZZ', product: '9X30', headerRevision: 2, crcIndicator: 0xffffffff, payload: new Uint8Array(4) }],
    };
    const r = parseCwe(buildCwe(spec));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['crc-indicator', 'header-revision', 'product-differs', 'unknown-type']);
  });
});

describe('CWE parser: every corruption has its own code', () => {
  it('empty', () => expect(codes(parseCwe(new Uint8Array(0)))).toEqual(['empty']));

  it('truncated header', () => {
    expect(parseCwe(golden().subarray(0, 300)).errors).toEqual([{ code: 'truncated', offset: 0, available: 300, needed: 400 }]);
    expect(codes(parseCwe(new Uint8Array(100)))).toEqual(['truncated']);
  });

  it('not a CWE file', () => {
    expect(codes(parseCwe(new TextEncoder().encode('hello world')))).toEqual(['not-cwe']);
    expect(codes(parseCwe(new Uint8Array(4000).fill(0x41)))).toEqual(['not-cwe']);
    expect(codes(parseCwe(new Uint8Array(4000)))).toEqual(['not-cwe']);
  });

  it('header CRC mismatch names the image and both values', () => {
    const r = parseCwe(buildCwe({ ...goldenTestImageSpec(), fault: { psbCrc: 0x12345678 } }));
    expect(r.errors).toEqual([{ code: 'header-crc-mismatch', offset: 0, imageType: 'SPKG', stored: 0x12345678, computed: 0xf2697aa7 }]);
  });

  it('image CRC mismatch in a nested image, found at its offset', () => {
    const bytes = golden();
    bytes[2164 + 400 + 10] = 0xcc; // inside DSP2's payload (was 0x33)
    const r = parseCwe(bytes);
    expect(r.errors.map((e) => [e.code, e.offset, 'imageType' in e ? e.imageType : ''])).toEqual([
      ['image-crc-mismatch', 2164, 'DSP2'],
      ['image-crc-mismatch', 1764, 'MODM'],
      ['image-crc-mismatch', 0, 'SPKG'],
    ]);
  });

  it('a nested header with a corrupted PSB is still a child (as in libqmi) but flagged', () => {
    const bytes = golden();
    bytes[1764 + 5] = 1; // MODM's PSB
    const r = parseCwe(bytes);
    expect(flattenImages(r.root).length).toBe(8);
    expect(r.errors.map((e) => [e.code, e.offset])).toEqual([
      ['header-crc-mismatch', 1764],
      ['image-crc-mismatch', 0],
    ]);
  });

  it('size past the end of the file (truncated download)', () => {
    const r = parseCwe(golden().subarray(0, 2000));
    expect(r.errors).toEqual([{ code: 'size-out-of-bounds', offset: 0, imageType: 'SPKG', reason: 'past-eof', declaredEnd: 3714, limit: 2000 }]);
    expect(r.root!.imageCrc.computed).toBeNull();
  });

  it('trailing data after the top image', () => {
    const bytes = new Uint8Array(3714 + 10);
    bytes.set(golden());
    expect(parseCwe(bytes).errors).toEqual([{ code: 'size-out-of-bounds', offset: 3714, imageType: 'SPKG', reason: 'trailing-data', declaredEnd: 3714, limit: 3724 }]);
  });

  it('a nested size larger than its parent', () => {
    const spec = goldenTestImageSpec();
    const bad: CweImageSpec = { ...spec, children: [spec.children[0]!, { ...(spec.children[1] as object), fault: { imageSize: 99_999 } } as CweImageSpec, spec.children[2]!] };
    const r = parseCwe(buildCwe(bad));
    const e = r.errors.find((x) => x.code === 'size-out-of-bounds');
    expect(e).toMatchObject({ offset: 1764, reason: 'past-parent', imageType: 'MODM', limit: 3714 });
    expect(r.root!.children.map((c) => c.type)).toEqual(['BOOT']);
  });

  it('a zero size field', () => {
    const r = parseCwe(buildCwe({ type: 'SPKG', product: '9X07', payload: new Uint8Array(0) }));
    expect(r.errors[0]).toMatchObject({ code: 'size-out-of-bounds', reason: 'zero' });
  });

  it('non-printable version', () => {
    const version = new Uint8Array([0x41, 0x01, 0x42]);
    const r = parseCwe(buildCwe({ type: 'SPKG', product: '9X07', version, payload: new Uint8Array(8) }));
    expect(r.errors).toEqual([{ code: 'non-printable', offset: 0, field: 'version' }]);
  });

  it('depth limit', () => {
    let spec: CweImageSpec = { type: 'DSP2', product: '9X07', payload: new Uint8Array(4) };
    for (let i = 0; i < 6; i++) spec = { type: 'FILE', product: '9X07', children: [spec] };
    const r = parseCwe(buildCwe(spec), { maxDepth: 4 });
    expect(r.errors).toEqual([{ code: 'depth-limit', offset: 1600, depth: 5 }]);
    expect(flattenImages(r.root).length).toBe(4);
  });

  it('offsets in the layout helper agree with the parser', () => {
    const spec = goldenTestImageSpec({ dsp2Size: 1234 });
    const parsed = flattenImages(parseCwe(buildCwe(spec)).root).map((i) => ({ path: i.path, offset: i.offset, size: i.size, type: i.type }));
    expect(parsed).toEqual(cweLayout(spec));
  });
});

describe('CWE parser fuzzing', () => {
  // Deterministic so a failure reproduces; 100k cases in well under the suite's budget.
  function rng(seed: number) {
    let s = seed >>> 0 || 1;
    return () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 2 ** 32;
    };
  }

  function check(bytes: Uint8Array) {
    const r = parseCwe(bytes);
    for (const e of r.errors) {
      expect(typeof e.code).toBe('string');
      expect(Number.isInteger(e.offset)).toBe(true);
    }
    return r;
  }

  it('survives 100 000 mutated and random inputs with only typed errors', () => {
    const base = golden();
    const rand = rng(4242);
    const hot = [FIELD.imageSize, FIELD.imageSize + 3, FIELD.type, FIELD.version, FIELD.psbCrc, FIELD.imageCrc];
    const offsets = [0, 400, 800, 1264, 1764, 2164, 2864, 3264];
    let refused = 0;
    for (let i = 0; i < 100_000; i++) {
      let bytes: Uint8Array;
      const mode = i % 4;
      if (mode === 3) {
        bytes = new Uint8Array(Math.floor(rand() * 1200));
        for (let k = 0; k < bytes.length; k++) bytes[k] = rand() * 256;
        if (rand() < 0.5 && bytes.length >= 400) bytes.set(base.subarray(256, 300), 256); // half-plausible header
      } else {
        bytes = base.slice(0, mode === 2 ? Math.floor(rand() * base.length) : base.length);
        const flips = 1 + Math.floor(rand() * 3);
        for (let f = 0; f < flips; f++) {
          const at = rand() < 0.7 ? offsets[Math.floor(rand() * offsets.length)]! + hot[Math.floor(rand() * hot.length)]! + Math.floor(rand() * 4) : Math.floor(rand() * bytes.length);
          if (at < bytes.length) bytes[at] = rand() * 256;
        }
      }
      const r = parseCwe(bytes);
      if (r.errors.length) refused++;
      if (i % 10_000 === 0) check(bytes);
    }
    expect(refused).toBeGreaterThan(50_000);
    // ~2.5 s on an idle 2-core machine; a hang shows up as the timeout, the speed lives in the bench.
  }, 120_000);
});
