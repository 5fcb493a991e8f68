import { describe, expect, it } from 'vitest';
import { concatBytes } from './bytes.ts';

describe('concatBytes', () => {
  it('joins in order and copies', () => {
    const a = Uint8Array.of(1, 2);
    const out = concatBytes([a, Uint8Array.of(), Uint8Array.of(3)]);
    expect([...out]).toEqual([1, 2, 3]);
    a[0] = 9;
    expect(out[0]).toBe(1);
  });

  it('accepts a known total and an empty list', () => {
    expect([...concatBytes([Uint8Array.of(5), Uint8Array.of(6)], 2)]).toEqual([5, 6]);
    expect(concatBytes([]).length).toBe(0);
  });
});
