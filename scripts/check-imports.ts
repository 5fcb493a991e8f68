/**
 * The import rules of docs/ARCHITECTURE.md, checked over the source instead of trusted.
 *
 * The rules are read from the document's tables (every table whose header is
 * `| folder | holds | may import |`), so the prose and the check cannot drift apart. A file belongs
 * to the row with the longest folder that contains it; it may import its own row's files and what
 * its row's "may import" cell names. The cell is either a list of `src/`-relative paths in
 * backticks (a path followed by "(types)" may only be imported with `import type`), or one of
 * "nothing", "everything", "everything below" (the rows after this one, in any table of the
 * document), "everything below but `x`".
 *
 * Four rules, each reported with the file and line:
 *  - layer: an import the importer's row does not allow (an arrow up the layers);
 *  - circle: production files that import each other, directly or round a loop;
 *  - test-helper: a production file importing test scaffolding (`*.test.ts`, `*.fixture.ts`,
 *    anything outside src/);
 *  - naming: test scaffolding named in another style than `*.fixture.ts`.
 * Test files and fixtures may import across layers (a session test drives the virtual modem);
 * production code is what the rules hold.
 *
 * Run alone: `npx tsx scripts/check-imports.ts` (exit code 1 when something is reported).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export type RuleId = 'layer' | 'circle' | 'test-helper' | 'naming' | 'unresolved' | 'table';

export interface Violation {
  /** Repository-relative, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly rule: RuleId;
  readonly message: string;
}

export interface LayerRow {
  /** Folder (`ui/shell`) or file (`main.ts`) under src/, no trailing slash. */
  readonly folder: string;
  /** Path prefixes under src/ this row may import; `typesOnly` ones only with `import type`. */
  readonly allows: readonly { readonly path: string; readonly typesOnly: boolean }[];
  /** The cell as written, for messages. */
  readonly cell: string;
  /** Line of the row in the document. */
  readonly line: number;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly typeOnly: boolean;
  readonly specifier: string;
}

const TEST_SCAFFOLDING = /\.(test|fixture)\.ts$/;
/** Names the convention replaced: a helper for tests must say so as `*.fixture.ts`. */
const OLD_SCAFFOLDING_NAMES = /(^|\/)(fixtures?|testing|test-support|test-helpers?|test-utils)\.ts$|-fixtures\.ts$|\.fake\.ts$/;

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** Parses the layer tables. Throws on a row it cannot read: an unreadable rule is no rule. */
export function parseLayerTable(markdown: string): LayerRow[] {
  const lines = markdown.split('\n');
  const raw: { folder: string; cell: string; line: number; table: number }[] = [];
  let table = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|\s*folder\s*\|\s*holds\s*\|\s*may import\s*\|\s*$/.test(lines[i]!.trim())) continue;
    table++;
    for (let j = i + 2; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const cells = splitRow(lines[j]!);
      if (cells.length !== 3) throw new Error(`docs/ARCHITECTURE.md:${j + 1}: a layer row has ${cells.length} cells, not 3`);
      const m = /^`src\/([^`]+?)\/?`$/.exec(cells[0]!);
      if (!m) throw new Error(`docs/ARCHITECTURE.md:${j + 1}: the folder cell must be one \`src/…\` path, found ${cells[0]}`);
      raw.push({ folder: m[1]!, cell: cells[2]!, line: j + 1, table });
    }
  }
  if (raw.length === 0) throw new Error('docs/ARCHITECTURE.md has no `| folder | holds | may import |` table');
  return raw.map((r, index) => ({
    folder: r.folder,
    cell: r.cell,
    line: r.line,
    allows: readCell(r.cell, raw.slice(index + 1).filter((x) => x.table === r.table).map((x) => x.folder), r.line),
  }));
}

/** Splits a markdown row on the pipes that are not inside backticks (`a|b` stays one cell). */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let code = false;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === '\\' && body[k + 1] === '|') {
      cur += '|';
      k++;
    } else if (ch === '`') {
      code = !code;
      cur += ch;
    } else if (ch === '|' && !code) {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

function readCell(cell: string, below: readonly string[], line: number): LayerRow['allows'] {
  const text = cell.trim();
  const paths = [...text.matchAll(/`([^`]+)`(\s*\(types\))?/g)].map((m) => ({ path: m[1]!.replace(/^src\//, '').replace(/\/$/, ''), typesOnly: Boolean(m[2]) }));
  if (/^nothing\b/i.test(text)) return [];
  if (/^everything below but\b/i.test(text)) {
    const except = new Set(paths.map((p) => p.path));
    return below.filter((f) => !except.has(f) && ![...except].some((e) => f.startsWith(`${e}/`))).map((path) => ({ path, typesOnly: false }));
  }
  if (/^everything below\b/i.test(text)) return below.map((path) => ({ path, typesOnly: false }));
  if (/^everything\b/i.test(text)) return [{ path: '', typesOnly: false }];
  if (paths.length === 0) throw new Error(`docs/ARCHITECTURE.md:${line}: cannot read the rule "${cell}"`);
  return paths;
}

/**
 * Whether a pattern (`codec`, `transport/memory.ts`, `ui/*`) covers a src/-relative path: its
 * segments match the path's first ones, `*` standing for any one folder (then the path must go on
 * below it: `ui/*` covers `ui/fleet/x.ts`, not `ui/App.svelte`). The empty pattern covers all.
 */
function covers(pattern: string, srcPath: string): boolean {
  if (pattern === '') return true;
  const p = pattern.split('/');
  const s = srcPath.split('/');
  if (s.length < p.length || (p[p.length - 1] === '*' && s.length === p.length)) return false;
  return p.every((seg, i) => seg === '*' || seg === s[i]);
}

/** Literal segments weigh more than wildcards: `ui/shell` is more specific than `ui/*`. */
function specificity(pattern: string): number {
  return pattern.split('/').reduce((n, seg) => n + (seg === '*' ? 1 : 2), 0);
}

/** The row a src/-relative path belongs to: the most specific folder covering it. */
function rowOf(rows: readonly LayerRow[], srcPath: string): LayerRow | null {
  let best: LayerRow | null = null;
  for (const r of rows) if (covers(r.folder, srcPath) && (!best || specificity(r.folder) > specificity(best.folder))) best = r;
  return best;
}

/** The row a nested row sits inside (`ui` for `ui/shell` and `ui/*`), if any. */
function parentOf(rows: readonly LayerRow[], row: LayerRow): LayerRow | null {
  const depth = row.folder.split('/').length;
  let best: LayerRow | null = null;
  for (const r of rows) {
    if (r === row || r.folder.split('/').length >= depth) continue;
    const prefix = row.folder.split('/').slice(0, r.folder.split('/').length).join('/');
    if (r.folder.split('/').every((seg, i) => seg === '*' || seg === prefix.split('/')[i]) && (!best || specificity(r.folder) > specificity(best.folder))) best = r;
  }
  return best;
}

/**
 * The rule that lets `row` import `target`, or null. A nested row names what it may import
 * inside its parent's folder; for anything outside that folder, the parent's rule decides.
 */
function allowance(rows: readonly LayerRow[], row: LayerRow, target: string, typeOnly: boolean): { ok: boolean; row: LayerRow; typesOnly: string | null } {
  const hit = row.allows.find((a) => covers(a.path, target));
  if (hit && (!hit.typesOnly || typeOnly)) return { ok: true, row, typesOnly: null };
  if (hit) return { ok: false, row, typesOnly: hit.path };
  const parent = parentOf(rows, row);
  if (parent && !covers(parent.folder, target)) return allowance(rows, parent, target, typeOnly);
  return { ok: false, row, typesOnly: null };
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listSources(p));
    else if (name.endsWith('.css')) continue;
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The TypeScript of a file: .ts as is, .svelte its <script> blocks at their own lines. */
function scriptText(file: string, text: string): string {
  if (!file.endsWith('.svelte')) return text;
  // Keep every line where it is (blank out the markup), so positions give the file's real line.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
    const start = m.index! + m[1]!.length;
    out += text.slice(last, start).replace(/[^\n]/g, ' ') + m[2]!;
    last = start + m[2]!.length;
  }
  return out + text.slice(last).replace(/[^\n]/g, ' ');
}

interface RawImport {
  readonly specifier: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

/** Static imports, re-exports, `import()` (also in types) and `new URL('…', import.meta.url)`. */
export function importsOf(file: string, text: string): RawImport[] {
  const source = ts.createSourceFile(file, scriptText(file, text), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: RawImport[] = [];
  const add = (lit: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(lit)) return;
    found.push({ specifier: lit.text, typeOnly, line: source.getLineAndCharacterOfPosition(lit.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const typeOnly = Boolean(
        c && (c.isTypeOnly || (!c.name && c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly))),
      );
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const typeOnly = node.isTypeOnly || Boolean(node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL' &&
      node.arguments?.length === 2 &&
      /^import\.meta\.url$/.test(node.arguments[1]!.getText(source))
    ) {
      add(node.arguments[0]!, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveSpecifier(fromAbs: string, specifier: string): string | null {
  const bare = specifier.replace(/[?#].*$/, '');
  const base = resolve(dirname(fromAbs), bare);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

export interface CheckResult {
  readonly violations: readonly Violation[];
  readonly rows: readonly LayerRow[];
  readonly files: number;
  readonly edges: readonly ImportEdge[];
}

export function checkImports(root: string, architecture = join(root, 'docs', 'ARCHITECTURE.md')): CheckResult {
  const rows = parseLayerTable(readFileSync(architecture, 'utf8'));
  const srcDir = join(root, 'src');
  const rel = (abs: string) => toPosix(relative(root, abs));
  const inSrc = (abs: string) => toPosix(relative(srcDir, abs));
  const violations: Violation[] = [];
  const files = listSources(srcDir);
  const edges: ImportEdge[] = [];

  for (const row of rows) {
    const p = join(srcDir, row.folder.replace(/\/\*$/, ""));
    if (!existsSync(p)) violations.push({ file: rel(architecture), line: row.line, rule: 'table', message: `the layer table names src/${row.folder}, which does not exist` });
  }

  for (const abs of files) {
    const file = rel(abs);
    const srcPath = inSrc(abs);
    const scaffolding = TEST_SCAFFOLDING.test(srcPath);
    if (OLD_SCAFFOLDING_NAMES.test(srcPath)) {
      violations.push({ file, line: 1, rule: 'naming', message: 'test scaffolding is named *.fixture.ts beside the code it serves' });
    }
    const row = rowOf(rows, srcPath);
    if (!row && !scaffolding) violations.push({ file, line: 1, rule: 'layer', message: `src/${srcPath} is in no row of the layer table (docs/ARCHITECTURE.md)` });
    for (const imp of importsOf(abs, readFileSync(abs, 'utf8'))) {
      if (!imp.specifier.startsWith('.')) continue;
      const target = resolveSpecifier(abs, imp.specifier);
      if (!target) {
        violations.push({ file, line: imp.line, rule: 'unresolved', message: `'${imp.specifier}' resolves to no file` });
        continue;
      }
      const to = rel(target);
      edges.push({ from: file, to, line: imp.line, typeOnly: imp.typeOnly, specifier: imp.specifier });
      if (scaffolding) continue;
      const targetInSrc = !toPosix(relative(srcDir, target)).startsWith('..');
      const targetSrcPath = inSrc(target);
      if (TEST_SCAFFOLDING.test(to) || /^(tests|bench)\//.test(to)) {
        violations.push({ file, line: imp.line, rule: 'test-helper', message: `production code imports test scaffolding ${to}` });
        continue;
      }
      // Outside src/ (package.json for the version): data, not a layer.
      if (!targetInSrc) continue;
      if (!row) continue;
      const targetRow = rowOf(rows, targetSrcPath);
      if (targetRow === row) continue;
      const verdict = allowance(rows, row, targetSrcPath, imp.typeOnly);
      if (verdict.ok) continue;
      violations.push({
        file,
        line: imp.line,
        rule: 'layer',
        message: verdict.typesOnly
          ? `src/${verdict.row.folder} may import only types from src/${verdict.typesOnly}, not values (${to}) — docs/ARCHITECTURE.md:${verdict.row.line}`
          : `src/${verdict.row.folder} may not import ${to} (it may import: ${verdict.row.cell}) — docs/ARCHITECTURE.md:${verdict.row.line}`,
      });
    }
  }

  violations.push(...circles(edges.filter((e) => !TEST_SCAFFOLDING.test(e.from) && !TEST_SCAFFOLDING.test(e.to))));
  return { violations, rows, files: files.length, edges };
}

/** One violation per strongly connected group of files, naming one loop through it edge by edge. */
function circles(edges: readonly ImportEdge[]): Violation[] {
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  // Tarjan's strongly connected components, iteratively (the tree is deep enough for recursion to matter little, but why risk it).
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  for (const start of nodes) {
    if (idx.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const next = out.get(top.node) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++]!.to;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === idx.get(top.node)) {
        const group: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== top.node);
        if (group.length > 1) groups.push(group.sort());
      }
    }
  }
  return groups.map((group) => {
    const members = new Set(group);
    const loop = shortestLoop(group[0]!, members, out);
    const path = loop.map((e) => `${e.from}:${e.line} → ${e.to}`).join(', ');
    const first = loop[0]!;
    return {
      file: first.from,
      line: first.line,
      rule: 'circle' as const,
      message: `import circle: ${path}${group.length > loop.length ? ` (${group.length} files in this knot: ${group.join(', ')})` : ''}`,
    };
  });
}

/** Breadth-first from `start` back to itself inside one group: the loop a reader can follow. */
function shortestLoop(start: string, members: ReadonlySet<string>, out: ReadonlyMap<string, readonly ImportEdge[]>): ImportEdge[] {
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  while (queue.length) {
    const n = queue.shift()!;
    for (const e of out.get(n) ?? []) {
      if (!members.has(e.to)) continue;
      if (e.to === start) {
        const loop = [e];
        let cur = n;
        while (cur !== start) {
          const back = via.get(cur)!;
          loop.unshift(back);
          cur = back.from;
        }
        return loop;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return [];
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line}  [${v.rule}]  ${v.message}`).join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const result = checkImports(root);
  if (process.argv.includes('--matrix')) {
    // Which row imports which (production files only): what the table would have to allow.
    const counts = new Map<string, number>();
    for (const e of result.edges) {
      if (TEST_SCAFFOLDING.test(e.from)) continue;
      const a = rowOf(result.rows, e.from.replace(/^src\//, ''))?.folder ?? '?';
      const b = e.to.startsWith('src/') ? (rowOf(result.rows, e.to.replace(/^src\//, ''))?.folder ?? '?') : e.to;
      if (a !== b) counts.set(`${a} -> ${b}${e.typeOnly ? ' (types)' : ''}`, (counts.get(`${a} -> ${b}${e.typeOnly ? ' (types)' : ''}`) ?? 0) + 1);
    }
    for (const [k, n] of [...counts].sort()) console.log(`${String(n).padStart(4)}  ${k}`);
  }
  if (result.violations.length) {
    console.error(formatViolations(result.violations));
    console.error(`\n${result.violations.length} import-rule violation(s) in ${result.files} files`);
    process.exitCode = 1;
  } else console.log(`import rules hold in ${result.files} files (${result.rows.length} rows in docs/ARCHITECTURE.md)`);
}
