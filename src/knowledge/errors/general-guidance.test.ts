import { describe, expect, it } from 'vitest';
import { ALL_ERRORS, lookup } from './catalog.ts';
import { guidanceFor } from './general-guidance.ts';

describe('decoder guidance', () => {
  it('every entry of every table says what to do, and gives causes or says plainly none are known', () => {
    const missing = ALL_ERRORS.filter((e) => {
      const g = guidanceFor(e);
      return g.nextSteps.length === 0 || (g.causesKnown !== g.causes.length > 0) || g.nextSteps.some((s) => !s.en.trim() || !s.fr.trim());
    }).map((e) => `${e.source} ${e.code ?? ''} ${e.name}`);
    expect(ALL_ERRORS.length).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });

  it('+CME ERROR 30 and FDT2 82 have their own causes and steps', () => {
    for (const e of [lookup('cme', 30)!, lookup('fdt2', 82)!]) {
      const g = guidanceFor(e);
      expect(g.causesKnown).toBe(true);
      expect(g.stepsGeneral).toBe(false);
      expect(g.nextSteps.length).toBeGreaterThanOrEqual(2);
    }
  });
});
