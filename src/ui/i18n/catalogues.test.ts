/**
 * Every user-facing catalogue (`src/ui/**\/messages.ts`) must say everything in English and in
 * French: same keys, no empty string, the same {placeholders}. The typecheck already catches
 * missing French keys at compile time; this catches the rest (empty strings, a placeholder
 * dropped or misspelt in translation) and any catalogue built around the types.
 */
import { describe, expect, it, vi } from 'vitest';

// messages.ts reads the active language from a Svelte rune; the tables themselves do not need it.
vi.mock('./locale.svelte.ts', () => ({ LOCALES: ['en', 'fr'], getLocale: () => 'en', setLocale: () => undefined }));

import { LOCALES } from '../../text/locale.ts';
import type { Messages } from './messages.ts';

const modules = import.meta.glob<Record<string, unknown>>('../**/messages.ts', { eager: true });

function isCatalogue(v: unknown): v is Messages<string> {
  return typeof v === 'object' && v !== null && 'tables' in v && typeof (v as { t?: unknown }).t === 'function';
}

const catalogues = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, v]) => isCatalogue(v))
    .map(([name, v]) => ({ id: `${file.replace(/^\.\.\//, 'src/ui/')} ${name}`, messages: v as Messages<string> })),
);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** The problems of one catalogue, as readable lines. */
function catalogueProblems(messages: Messages<string>): string[] {
  const problems: string[] = [];
  const en = messages.tables.en as Record<string, unknown>;
  for (const locale of LOCALES) {
    const table = messages.tables[locale] as Record<string, unknown> | undefined;
    if (!table) {
      problems.push(`no ${locale} table`);
      continue;
    }
    for (const key of Object.keys(en)) {
      const text = table[key];
      if (typeof text !== 'string') problems.push(`${locale}.${key} is missing`);
      else if (text.trim() === '') problems.push(`${locale}.${key} is empty`);
      else if (placeholders(text).join() !== placeholders(String(en[key])).join()) {
        problems.push(`${locale}.${key} has {${placeholders(text).join('}, {')}} where English has {${placeholders(String(en[key])).join('}, {')}}`);
      }
    }
    for (const key of Object.keys(table)) if (!(key in en)) problems.push(`${locale}.${key} is not in English`);
  }
  return problems;
}

describe('message catalogues', () => {
  it('finds the catalogues of every UI feature', () => {
    const files = new Set(catalogues.map((c) => c.id.split(' ')[0]));
    for (const f of ['src/ui/shell/messages.ts', 'src/ui/console/messages.ts', 'src/ui/sessions/messages.ts']) expect(files).toContain(f);
  });

  it.each(catalogues.map((c) => [c.id, c.messages] as const))('%s is complete in every language', (_, messages) => {
    expect(catalogueProblems(messages)).toEqual([]);
  });

  it('reports a missing, empty or mistranslated string', () => {
    const broken = {
      t: () => '',
      tables: {
        en: { a: 'Hello {name}', b: 'Bye', c: 'x' },
        fr: { a: 'Bonjour {nom}', b: ' ', d: 'y' },
      },
    } as unknown as Messages<string>;
    expect(catalogueProblems(broken)).toEqual([
      'fr.a has {nom} where English has {name}',
      'fr.b is empty',
      'fr.c is missing',
      'fr.d is not in English',
    ]);
  });
});
