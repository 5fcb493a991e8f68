/**
 * `boothold inspect FILE [--json] [--target MODEL] …` — the same inspection engine as the web
 * app's worker, fed from a file on disk with Node's native CRC-32 and SHA-256.
 * Exit codes: 0 verdict ok, 1 refused, 2 usage error (bad option, unreadable file).
 */
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { zlibCrc32Stream, tableCrc32Stream, type Crc32Stream } from '../codec/crc32.ts';
import type { ModemIdentity } from '../knowledge/compatibility.ts';
import { openFileSource } from '../session/images/node-file-source.ts';
import { inspectSource } from '../session/images/inspect.ts';
import { sha256OfSource } from '../session/images/hashing.ts';
import type { InspectionReport, ReportImage } from '../session/images/report.ts';
import { forTerminal, jsonForTerminal, oneLine } from './terminal.ts';

const HELP = `Usage: boothold inspect FILE [options]

Inspects a Sierra Wireless firmware image (.spk .cwe .nvu, a .zip of them) without a modem:
nested image tree, versions, carrier, both CRCs of every image, and a verdict.

Options:
  --json                    Print one JSON object (stable field names) instead of text
  --target MODEL            Check compatibility with this module model (e.g. RC7620-1)
                            or firmware platform (e.g. SWI9X07H)
  --target-firmware VER     …and its current firmware (e.g. 00.08.07.00) to flag downgrades
  --target-carrier NAME     …and its current carrier (e.g. GENERIC)
  --no-sha256               Skip the SHA-256 of the file
  -h, --help                Show this help

Exit status: 0 verdict ok, 1 refused, 2 usage error.`;

interface Args {
  file: string;
  json: boolean;
  sha: boolean;
  target: ModemIdentity | null;
}

function parseArgs(argv: string[]): Args | { error: string } | 'help' {
  let file: string | null = null;
  let json = false;
  let sha = true;
  const target: { model?: string; platform?: string; firmwareVersion?: string; carrier?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | null => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return null;
      i++;
      return v;
    };
    const name = a.startsWith('--') ? a.split('=')[0]! : a;
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--json':
        json = true;
        break;
      case '--no-sha256':
        sha = false;
        break;
      case '--target':
      case '--target-firmware':
      case '--target-carrier': {
        const v = value();
        if (!v) return { error: `${name} needs a value` };
        // A platform prefix (SWI9X07H) is accepted where a model is expected.
        if (name === '--target') /^SWI/i.test(v) ? (target.platform = v) : (target.model = v);
        else if (name === '--target-firmware') target.firmwareVersion = v;
        else target.carrier = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') return { error: `unknown option '${a}'` };
        if (file !== null) return { error: `one file at a time (got '${file}' and '${a}')` };
        file = a;
    }
  }
  if (file === null) return { error: 'missing FILE' };
  return { file, json, sha, target: Object.keys(target).length ? target : null };
}

/** Node ≥ 20.15 has zlib.crc32 (native, several GB/s); older Nodes fall back on the JS table. */
function nativeCrc(): Crc32Stream {
  const crc32 = (zlib as unknown as { crc32?: (d: Uint8Array, v: number) => number }).crc32;
  return crc32 ? zlibCrc32Stream(crc32, 'node-zlib') : tableCrc32Stream();
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`boothold inspect: ${args.error}\n\n${HELP}\n`);
    return 2;
  }
  let source;
  try {
    source = await openFileSource(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'ENOTREG' ? 'not a regular file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    process.stderr.write(`boothold inspect: cannot open '${oneLine(args.file)}': ${oneLine(why)}\n`);
    return 2;
  }
  const progress = progressLine(args.json);
  try {
    const report = await inspectSource(source, { crc: nativeCrc, modem: args.target, onProgress: progress.update('inspecting') });
    const sha256 = args.sha ? await sha256OfSource(source, nodeSha256(), { onProgress: progress.update('SHA-256') }) : null;
    progress.clear();
    const full: InspectionReport = { ...report, sha256 };
    // Names, versions and messages come from the file: never let them drive the terminal.
    process.stdout.write(args.json ? jsonForTerminal(JSON.stringify(full, null, 2)) + '\n' : forTerminal(renderText(full)));
    return full.verdict === 'ok' ? 0 : 1;
  } finally {
    await source.close();
  }
}

/**
 * A one-line progress indicator on stderr for long runs (shown only after 200 ms, only on a
 * terminal, never with --json so scripted output stays clean).
 */
function progressLine(quiet: boolean) {
  const started = Date.now();
  let shown = false;
  const enabled = !quiet && process.stderr.isTTY === true;
  return {
    update: (what: string) => (done: number, total: number) => {
      if (!enabled || Date.now() - started < 200) return;
      shown = true;
      process.stderr.write(`\r  ${what}… ${total ? Math.floor((done / total) * 100) : 0}%   `);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

function nodeSha256() {
  const h = createHash('sha256');
  return { update: (b: Uint8Array) => void h.update(b), hex: () => h.digest('hex') };
}

// ---- text output --------------------------------------------------------------------------------

const tick = (ok: boolean | null) => (ok === null ? '?' : ok ? '✓' : '✗');

function renderText(r: InspectionReport): string {
  const out: string[] = [];
  out.push(r.summary, '');
  out.push(`  file:      ${r.file}`);
  out.push(`  size:      ${r.size} bytes`);
  if (r.sha256) out.push(`  sha256:    ${r.sha256}`);
  out.push(`  format:    ${r.format}`);
  if (r.product) out.push(`  product:   ${r.product}${r.platform ? ` (${r.platform}${r.productLine ? `, ${r.productLine}` : ''})` : ''}`);
  if (r.firmwareVersion) out.push(`  firmware:  ${r.firmwareVersion}${r.release ? ` — ${r.release.label}` : ''}`);
  if (r.carrier || r.configVersion) out.push(`  carrier:   ${r.carrier ?? '?'} ${r.configVersion ?? ''}`.trimEnd());
  if (r.releaseDate) out.push(`  date:      ${r.releaseDate}`);
  if (r.crcs.checked) out.push(`  CRCs:      ${r.crcs.good}/${r.crcs.checked} good (${r.crcEngine})`);
  if (r.entries) {
    out.push('', 'Zip entries:');
    for (const e of r.entries) out.push(`  ${e.verdict === 'ok' ? '✓' : '✗'} ${e.name}  ${e.size} bytes  ${e.format}`);
  }
  if (r.images.length) {
    out.push('', 'Images:');
    const walk = (img: ReportImage, indent: string) => {
      const flags = Object.entries(img.flags).filter(([, v]) => v).map(([k]) => k);
      out.push(
        `${indent}${img.type.padEnd(4)} ${img.product.padEnd(4)} @0x${img.offset.toString(16).toUpperCase()}  ${img.size} bytes  ` +
          `hdr ${tick(img.headerCrc.ok)} ${img.headerCrc.stored}  img ${tick(img.imageCrc.ok)} ${img.imageCrc.stored}` +
          (img.imageCrc.ok === false ? ` (computed ${img.imageCrc.computed})` : '') +
          (img.headerCrc.ok ? '' : ` (header computed ${img.headerCrc.computed})`) +
          (flags.length ? `  [${flags.join(', ')}]` : ''),
      );
      out.push(`${indent}     ${img.version}${img.date ? `  ${img.date}` : ''}`);
      for (const c of img.children) walk(c, indent + '  ');
    };
    for (const img of r.images) walk(img, '  ');
  }
  const list = (title: string, items: readonly { code: string; message: string }[]) => {
    if (!items.length) return;
    out.push('', title);
    for (const i of items) out.push(`  [${i.code}] ${i.message}`);
  };
  list('Errors:', r.errors);
  list('Warnings:', r.warnings);
  list('Compatibility:', r.compatibility);
  return out.join('\n') + '\n';
}
