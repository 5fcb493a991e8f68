/**
 * The layer rules of docs/ARCHITECTURE.md hold over the real tree, and the checker does catch each
 * kind of break (shown on a small tree written for the purpose, so a checker that silently reads
 * nothing cannot pass).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports, formatViolations, parseLayerTable, type Violation } from '../../scripts/check-imports.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('import rules (docs/ARCHITECTURE.md)', () => {
  it('hold in src/: no import up a layer, no circle, no production file importing test scaffolding', () => {
    const result = checkImports(root);
    expect(result.rows.length).toBeGreaterThan(10);
    expect(result.files).toBeGreaterThan(300);
    // The list itself is the failure message: file:line [rule] what is wrong.
    expect(formatViolations(result.violations)).toBe('');
    // Reading ~500 files takes a few seconds of CPU; a loaded machine may stretch that past the default.
  }, 120_000);

  it('read every row of the tables, with the ground floor importable from every layer', () => {
    const rows = parseLayerTable(readArchitecture());
    const folders = rows.map((r) => r.folder);
    for (const f of ['ui', 'session', 'knowledge', 'transport', 'codec', 'sim', 'text', 'core', 'ui/shell', 'ui/app-state', 'ui/*']) expect(folders).toContain(f);
    const row = (f: string) => rows.find((r) => r.folder === f)!;
    expect(row('text').allows).toEqual([]);
    expect(row('core').allows).toEqual([]);
    for (const f of ['session', 'knowledge', 'transport', 'codec', 'sim']) expect(row(f).allows.map((a) => a.path)).toContain('text');
    expect(row('cli').allows.map((a) => a.path)).not.toContain('ui');
  });
});

describe('the import checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boothold-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'docs/ARCHITECTURE.md',
    [
      '| folder | holds | may import |',
      '|---|---|---|',
      '| `src/ui/` | pages | everything below |',
      '| `src/knowledge/` | data | `codec` (types), `text` |',
      '| `src/codec/` | pure | `text` |',
      '| `src/text/` | words | nothing |',
      '',
      '| folder | holds | may import |',
      '|---|---|---|',
      '| `src/ui/*/` | a feature | `ui/*` |',
      '| `src/ui/shell/` | chrome | nothing |',
    ].join('\n'),
  );
  write('src/text/words.ts', 'export const hello = { en: "hi", fr: "salut" };\n');
  write('src/codec/a.ts', "import { b } from './b.ts';\nexport const a = 1;\n");
  write('src/codec/b.ts', "\nimport { a } from './a.ts';\nexport const b = a;\n");
  write('src/codec/fixtures.ts', 'export const sample = 1;\n');
  write('src/codec/sample.fixture.ts', "import { hello } from '../../src/ui/fleet/store.ts';\nexport const s = hello;\n");
  write('src/knowledge/rules.ts', "import type { A } from '../codec/a.ts';\nimport { a } from '../codec/a.ts';\nimport { hello } from '../text/words.ts';\nexport type X = A;\nexport const r = [a, hello];\n");
  write('src/codec/up.ts', "export async function f() {\n  return import('../knowledge/rules.ts');\n}\n");
  write('src/codec/uses-fixture.ts', "import { s } from './sample.fixture.ts';\nexport const u = s;\n");
  write('src/ui/fleet/store.ts', "export const hello = 'x';\n");
  write('src/ui/shell/Header.svelte', "<script lang=\"ts\">\n  import { hello } from '../fleet/store.ts';\n</script>\n<p>{hello}</p>\n");
  write('src/ui/fleet/Page.svelte', "<h1>x</h1>\n<script lang=\"ts\">\n  import Header from '../shell/Header.svelte';\n  import { r } from '../../knowledge/rules.ts';\n</script>\n");

  const found = checkImports(dir).violations;
  const has = (rule: Violation['rule'], file: string, line: number) =>
    expect(found.filter((v) => v.rule === rule && v.file === file && v.line === line), formatViolations(found)).toHaveLength(1);

  it('reports an import up a layer, also a dynamic import(), with its line', () => {
    has('layer', 'src/codec/up.ts', 2);
  });
  it('reports a value import where only types are allowed, and lets the type import pass', () => {
    has('layer', 'src/knowledge/rules.ts', 2);
    expect(found.filter((v) => v.file === 'src/knowledge/rules.ts')).toHaveLength(1);
  });
  it('reads the script of a .svelte file at its real lines, with nested rows deciding inside their parent', () => {
    has('layer', 'src/ui/shell/Header.svelte', 2);
    // A feature may import the chrome and, through the src/ui/ row, the layers below.
    expect(found.filter((v) => v.file === 'src/ui/fleet/Page.svelte')).toEqual([]);
  });
  it('reports an import circle edge by edge', () => {
    has('circle', 'src/codec/a.ts', 1);
    const circle = found.find((v) => v.rule === 'circle')!;
    expect(circle.message).toContain('src/codec/a.ts:1 → src/codec/b.ts');
    expect(circle.message).toContain('src/codec/b.ts:2 → src/codec/a.ts');
  });
  it('reports production code importing test scaffolding, and lets scaffolding cross layers', () => {
    has('test-helper', 'src/codec/uses-fixture.ts', 1);
    expect(found.filter((v) => v.file === 'src/codec/sample.fixture.ts')).toEqual([]);
  });
  it('reports scaffolding named in an old style', () => {
    has('naming', 'src/codec/fixtures.ts', 1);
  });
  it('reports nothing else', () => {
    expect(found, formatViolations(found)).toHaveLength(6);
  });
});

function readArchitecture(): string {
  return readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
}
