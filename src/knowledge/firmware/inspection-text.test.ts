import { describe, expect, it } from 'vitest';
import { IMAGE_TYPE_TEXT, ISSUE_TEXT, VERDICT_TEXT } from './inspection-text.ts';
import { COMPATIBILITY_TEXT } from '../compatibility.ts';
import { RC76XX_RELEASES } from './releases.ts';
import type { CweError, CweWarning } from '../../codec/cwe/issues.ts';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('inspection texts', () => {
  const tables = { ISSUE_TEXT, VERDICT_TEXT, IMAGE_TYPE_TEXT, COMPATIBILITY_TEXT } as Record<string, Record<string, { en: string; fr: string }>>;
  for (const [name, table] of Object.entries(tables)) {
    it(`${name}: every text in English and French with the same placeholders`, () => {
      for (const [key, t] of Object.entries(table)) {
        expect(t.en.trim(), `${name}.${key}`).not.toBe('');
        expect(t.fr.trim(), `${name}.${key}`).not.toBe('');
        expect(holes(t.fr), `${name}.${key}`).toEqual(holes(t.en));
      }
    });
  }

  it('has a text for every parser error and warning code', () => {
    const codes: (CweError['code'] | CweWarning['code'])[] = ['empty', 'not-cwe', 'truncated', 'header-crc-mismatch', 'image-crc-mismatch', 'depth-limit', 'non-printable', 'unknown-type', 'crc-indicator', 'header-revision', 'padding', 'product-differs'];
    for (const c of codes) expect(ISSUE_TEXT).toHaveProperty(c);
    for (const r of ['past-eof', 'past-parent', 'zero', 'trailing-data']) expect(ISSUE_TEXT).toHaveProperty(`size-out-of-bounds.${r}`);
  });

  it('labels every release in both languages', () => {
    for (const r of RC76XX_RELEASES) {
      expect(r.label.en).not.toBe('');
      expect(r.label.fr).not.toBe('');
      expect(r.source).not.toBe('');
    }
  });
});
