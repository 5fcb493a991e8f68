/**
 * French typography over every French string the app can show: the catalogues' French tables
 * and every French text written in src/knowledge (the `fr` of a Localized value, the second
 * argument of `l(en, fr)`). French puts a narrow no-break space (U+202F) before `:` `;` `?` `!`,
 * and elides "de"/"le"/"que" before a vowel.
 * Code inside backticks and AT commands (`AT!IMPREF?`, `+CME ERROR: 30`) keep their own spelling.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('./locale.svelte.ts', () => ({ LOCALES: ['en', 'fr'], getLocale: () => 'fr', setLocale: () => undefined }));

import type { Messages } from './messages.ts';

const catalogueModules = import.meta.glob<Record<string, unknown>>('../**/messages.ts', { eager: true });
const knowledgeSources = import.meta.glob<string>(['../../knowledge/**/*.ts', '!../../knowledge/**/*.test.ts', '!../../knowledge/**/*.fixture.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

// Localized text still written inline in ui/ modules (connection help, section labels).
const uiSources = import.meta.glob<string>(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts', '!../**/messages.ts'], { eager: true, query: '?raw', import: 'default' });

const NNBSP = '\u202f';

/** Strips what keeps its own spelling: `code`, AT commands and result codes, URLs, {placeholders}, ${expressions}. */
function prose(text: string): string {
  return text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\$\{[^}]*\}/g, 'X')
    .replace(/\b(?:https?|about|chrome|edge):\S*/g, ' ')
    .replace(/\b[a-z]+(?:-[a-z]+)+:/g, 'X')
    .replace(/(?:\bAT)?[!+&$][A-Z][A-Z0-9_]*[?=]?/g, 'X')
    .replace(/\b[a-z]+@[a-z]+:/g, 'X')
    // quoted output of the vendor tools, in English as they print it
    .replace(/FW download failed:/g, 'X')
    .replace(/\b[A-Z][A-Z0-9_ ]*(?:ERROR|ERR)\s*:/g, 'X')
    .replace(/\b\d{1,2}:\d{2}\b/g, 'X');
}

/** The typography problems of one French string, as readable lines. */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  const p = prose(text);
  for (const m of p.matchAll(/(.)([:;?!])/gu)) {
    const before = m[1]!;
    const mark = m[2]!;
    if (before === NNBSP) continue;
    // "::" and "?)" style sequences and a mark after punctuation other than a word or a bracket are not prose.
    if (/[\s\u00a0]/.test(before) || /[\p{Ll}\p{Lu}\d)»’'"%]/u.test(before)) {
      const at = m.index ?? 0;
      // "X:" after an uppercase-only token is a label of modem output (SINR:, IMEI:) quoted in a sentence.
      if (/[\p{Lu}\d]/u.test(before) && /(?:^|[\s(«])[\p{Lu}\d_.-]+$/u.test(p.slice(0, at + 1))) continue;
      problems.push(`no narrow no-break space before "${mark}" in «…${p.slice(Math.max(0, at - 20), at + 2)}»`);
    }
  }
  for (const m of p.matchAll(/(?<![-\p{L}])([dDlL]e|[qQ]ue|[jJ]e|[nN]e|[sS]e) ([aeiouyàâéèêëîïôûAEIOUYÉÈÊÀ]\p{L}*)/gu)) {
    // "de un" is wrong, "le 1er" fine; proper nouns starting with a vowel need d’ too (d’Orange).
    problems.push(`no elision in «${m[0]}»`);
  }
  if (/\b0 \p{L}+s\b/u.test(p)) problems.push(`plural after 0 (French says "0 modem") in «${p}»`);
  return problems;
}

function isCatalogue(v: unknown): v is Messages<string> {
  return typeof v === 'object' && v !== null && 'tables' in v && typeof (v as { t?: unknown }).t === 'function';
}

/** French strings of the knowledge sources: `fr: '…'` and the second argument of `l('…', '…')`. */
function knowledgeFrench(source: string): string[] {
  const lit = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|` + '`(?:[^`\\\\]|\\\\.)*`';
  const out: string[] = [];
  for (const m of source.matchAll(new RegExp(String.raw`\bfr:\s*(${lit})`, 'g'))) out.push(m[1]!.slice(1, -1));
  for (const m of source.matchAll(new RegExp(String.raw`\bl\(\s*(?:${lit})\s*,\s*(${lit})`, 'g'))) out.push(m[1]!.slice(1, -1));
  return out.map((s) => s.replace(/\\u00a0/g, '\u00a0').replace(/\\u202f/g, NNBSP).replace(/\\'/g, "'"));
}

describe('French typography', () => {
  it('the checker knows good French from bad', () => {
    expect(frenchTypographyProblems(`Problème${NNBSP}: la SIM`)).toEqual([]);
    expect(frenchTypographyProblems('Problème: la SIM')).toHaveLength(1);
    expect(frenchTypographyProblems('Problème : la SIM')).toHaveLength(1);
    expect(frenchTypographyProblems(`Envoyer AT!IMPREF? puis +CME ERROR: 30`)).toEqual([]);
    expect(frenchTypographyProblems(`l’APN de Orange`)).toHaveLength(1);
    expect(frenchTypographyProblems(`Mettre à jour 0 modems`)).toHaveLength(1);
    expect(frenchTypographyProblems(`voir https://source.sierrawireless.com/ pour ${NNBSP}`)).toEqual([]);
  });

  it('every French catalogue string follows French typography', () => {
    const problems: string[] = [];
    for (const [file, mod] of Object.entries(catalogueModules)) {
      for (const [name, v] of Object.entries(mod)) {
        if (!isCatalogue(v)) continue;
        for (const [key, text] of Object.entries(v.tables.fr as Record<string, string>)) {
          for (const p of frenchTypographyProblems(text)) problems.push(`${file} ${name}.${key}: ${p}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every French text in src/knowledge and inline in src/ui follows French typography', () => {
    const problems: string[] = [];
    for (const [file, source] of [...Object.entries(knowledgeSources), ...Object.entries(uiSources)]) {
      for (const text of knowledgeFrench(source)) for (const p of frenchTypographyProblems(text)) problems.push(`${file}: ${p}`);
    }
    expect(problems).toEqual([]);
  });
});
