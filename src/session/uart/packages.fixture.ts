/**
 * Small packages for the UART tests: an RC76-shaped .spk (the real one is 34.9 MB; these keep
 * the same header layout with small payloads) and an HL78 delta the virtual HL7800 accepts.
 */
import { buildCwe, type CweImageSpec } from '../../codec/cwe/writer.ts';

export function smallRc76Package(o: { firmware?: string; carrier?: string; product?: string; platform?: string; size?: number } = {}): Uint8Array {
  const fw = o.firmware ?? '00.08.24.02';
  const platform = o.platform ?? 'SWI9X07H';
  const p = o.product ?? '9X07';
  const carrier = o.carrier ?? 'GENERIC';
  const pkg = `9999999_9999999_${platform}_${fw}_00_${carrier}_001.089_000`;
  const build = `${platform}_${fw} f90cbd jenkins 2022/03/21 03:47:54`;
  const date = '03/21/22';
  const spec: CweImageSpec = {
    type: 'SPKG', product: p, version: pkg, date,
    children: [
      { type: 'MODM', product: p, version: build, date, children: [{ type: 'DSP2', product: p, version: build, date, payload: { synthetic: 'random', size: o.size ?? 40_000, seed: 3 } }] },
      { type: 'FILE', product: p, version: pkg, date, children: [{ type: 'NVUP', product: p, version: pkg, date, compat: 1, payload: { synthetic: 'random', size: 4_000, seed: 9 } }] },
    ],
  };
  return buildCwe(spec);
}
