/**
 * Ready-made image descriptions for tests, benchmarks and the virtual modem. Each returns a
 * CweImageSpec for `buildCwe` / `streamCwe`, so callers can still tweak any field or fault.
 */
import type { CweContainerSpec, CweImageSpec, SyntheticBytes } from './writer.ts';

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
