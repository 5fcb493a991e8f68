/**
 * The fuzz bench's targets, a few hundred cases each, in CI: the same properties as
 * `npm run bench -- fuzz` (1,000,000 cases per parser), kept short (a few seconds in all).
 * No timing is asserted; a crash or a broken property names its seed for replay.
 */
import { describe, expect, it } from 'vitest';
import { checkRoundTrip, PropertyFailure, Rng, TARGETS } from '../../bench/_fuzz-targets.ts';

const CASES = 300;

describe('fuzz smoke', () => {
  it('the golden export round-trips byte-identical after normalisation', () => {
    expect(() => checkRoundTrip()).not.toThrow();
  });

  for (const t of TARGETS) {
    it(`${t.name}: no crash, no broken property`, async () => {
      const failures: string[] = [];
      const n = t.name.startsWith('redacted') ? CASES / 3 : CASES;
      for (let seed = 1; seed <= n; seed++) {
        try {
          await t.run(new Rng(seed));
        } catch (e) {
          failures.push(`seed ${seed} ${e instanceof PropertyFailure ? 'property' : 'crash'}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
