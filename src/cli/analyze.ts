/**
 * `boothold analyze FILE [--json] [--lang en|fr]` — diagnose an AT transcript or a flasher /
 * kernel log (`-` reads stdin). Identifiers are always masked in the output.
 * Exit: 0 no error-level finding, 1 at least one, 2 usage, 3 unreadable input.
 */
import { readFile } from 'node:fs/promises';
import { analyzeText } from '../session/analysis/analyze.ts';
import { toReport, type AnalysisReport } from '../session/analysis/report.ts';
import { forTerminal, jsonForTerminal } from './terminal.ts';

const USAGE = `Usage: boothold analyze FILE [--json] [--lang en|fr]

Reads an AT transcript or a log (qmi-firmware-update, FDT2, fwdwl-lite, dmesg, journalctl; several
at once is fine) and prints what modem it is, what went wrong and what to do.
FILE "-" reads standard input. IMEI and ICCID are masked.

  --json        print one JSON object (schema: kind, modem, tool, errors, findings)
  --lang en|fr  language of titles and next steps (default en)`;

export async function run(argv: string[]): Promise<number> {
  let file: string | null = null;
  let json = false;
  let lang: 'en' | 'fr' = 'en';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--lang') {
      const v = argv[++i];
      if (v !== 'en' && v !== 'fr') return usage(`--lang takes en or fr`);
      lang = v;
    } else if (a.startsWith('--lang=')) {
      const v = a.slice(7);
      if (v !== 'en' && v !== 'fr') return usage(`--lang takes en or fr`);
      lang = v;
    } else if (a.startsWith('-') && a !== '-') return usage(`unknown option ${a}`);
    else if (file === null) file = a;
    else return usage('only one FILE');
  }
  if (file === null) return usage('FILE is missing');

  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(`boothold analyze: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }
  const report = toReport(analyzeText(text), lang);
  // The report quotes the transcript (a Model line can hold terminal escapes): sanitise what is printed.
  process.stdout.write(json ? jsonForTerminal(JSON.stringify(report, null, 2)) + '\n' : forTerminal(render(report, lang)));
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write(`boothold analyze: ${problem}\n\n${USAGE}\n`);
  return 2;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function render(r: AnalysisReport, lang: 'en' | 'fr'): string {
  const fr = lang === 'fr';
  const out: string[] = [];
  const m = r.modem;
  const unknown = fr ? 'inconnu' : 'unknown';
  out.push(`${fr ? 'Type' : 'Kind'}: ${r.kind}${r.tools.length ? ` (${r.tools.join(', ')})` : ''}`);
  out.push(`${fr ? 'Modèle' : 'Model'}: ${m.model ?? unknown}${m.family ? ` [${m.family}]` : ''}`);
  out.push(`Firmware: ${m.firmware ?? unknown}${m.release ? ` (${m.release})` : ''}`);
  if (m.carrier.current || m.carrier.preferred) out.push(`${fr ? 'Image opérateur' : 'Carrier image'}: ${m.carrier.current ?? unknown} (${fr ? 'préférée' : 'preferred'} ${m.carrier.preferred ?? unknown})`);
  if (m.imei) out.push(`IMEI: ${m.imei}`);
  if (m.iccid) out.push(`ICCID: ${m.iccid}`);
  if (m.sim) out.push(`SIM: ${m.sim}`);
  if (m.operator) out.push(`${fr ? 'Opérateur' : 'Operator'}: ${m.operator}`);
  if (m.usb) out.push(`USB: ${m.usb.vid}:${m.usb.pid}`);
  if (r.errors.length) {
    out.push('', fr ? 'Erreurs :' : 'Errors:');
    for (const e of r.errors) out.push(`  ${e.line !== null ? `L${e.line} ` : ''}${e.table} ${e.code ?? ''} ${e.name}${e.meaning ? ` — ${e.meaning}` : ''}`.replace(/\s+/g, ' ').trimEnd());
  }
  out.push('', r.findings.length ? (fr ? 'Constats :' : 'Findings:') : fr ? 'Aucun constat.' : 'No findings.');
  for (const f of r.findings) {
    out.push(`  [${f.severity}] ${f.id}: ${f.title}`);
    out.push(`    ${f.detail}`);
    f.nextSteps.forEach((s, i) => out.push(`    ${i + 1}. ${s}`));
  }
  return out.join('\n') + '\n';
}
