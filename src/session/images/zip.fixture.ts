/**
 * Hand-built zips for tests and the fuzz bench. The header writer is the codec's `buildZip`; this
 * layer adds deflated entries (fflate), which the codec's fixtures cannot import.
 */
import { deflateSync } from 'fflate';
import { buildZip, type ZipFixtureEntry } from '../../codec/cwe/images.fixture.ts';

export { buildZip };

/** A deflated entry from plain bytes. */
export function deflated(name: string, plain: Uint8Array, declaredSize?: number): ZipFixtureEntry {
  return { name, data: deflateSync(plain, { level: 6 }), method: 8, size: plain.length, ...(declaredSize !== undefined ? { declaredSize } : {}) };
}
