/**
 * `boothold analyze FILE [--json] [--redact] [--lang en|fr]` — diagnose an AT transcript or a
 * flasher / kernel log (`-` reads stdin). The file is streamed line by line, so memory stays flat
 * whatever its size. Identifiers are printed as found (it is the user's own text); `--redact`
 * masks IMEI and ICCID for text that will be posted publicly.
 * Exit: 0 no error-level finding, 1 at least one, 2 usage, 3 unreadable input.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineFeeder, TranscriptAnalyser } from '../session/analysis/analyze.ts';
import { toReport, type AnalysisReport } from '../session/analysis/report.ts';
import { forTerminal } from './terminal.ts';
import { isLocale, type Locale } from '../text/locale.ts';

const USAGE = `Usage: boothold analyze FILE [--json] [--redact] [--lang en|fr]

Reads an AT transcript or a log (qmi-firmware-update, qmicli, FDT2, fwdwl-lite, dmesg, journalctl,
lsusb, mmcli; several at once is fine) and prints what modem it is, what went wrong and what to do,
with the line numbers each finding rests on. FILE "-" reads standard input.

  --json        print one JSON object (schema: kind, modem, tool, errors, findings[].evidence)
  --redact      mask IMEI and ICCID (for text you will post publicly); default: as found
  --lang en|fr  language of titles and next steps (default en)`;

/** Everything this command prints goes through here (one place to filter terminal output). */
function print(stream: NodeJS.WriteStream, text: string): void {
  // Transcripts carry terminal escapes (a Model line with OSC/CSI): never let them reach the terminal.
  stream.write(forTerminal(text));
}

export async function run(argv: string[]): Promise<number> {
  let file: string | null = null;
  let json = false;
  let redact = false;
  let lang: Locale = 'en';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      print(process.stdout, USAGE + '\n');
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--redact') redact = true;
    else if (a === '--lang') {
      const v = argv[++i];
      if (!isLocale(v)) return usage(`--lang takes en or fr`);
      lang = v;
    } else if (a.startsWith('--lang=')) {
      const v = a.slice(7);
      if (!isLocale(v)) return usage(`--lang takes en or fr`);
      lang = v;
    } else if (a.startsWith('-') && a !== '-') return usage(`unknown option ${a}`);
    else if (file === null) file = a;
    else return usage('only one FILE');
  }
  if (file === null) return usage('FILE is missing');

  const analyser = new TranscriptAnalyser();
  try {
    await streamLines(file === '-' ? process.stdin : createReadStream(file), (line) => analyser.push(line));
  } catch (e) {
    print(process.stderr, `boothold analyze: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }
  const report = toReport(analyser.finish(), lang, { redact });
  print(process.stdout, json ? JSON.stringify(report, null, 2) + '\n' : render(report, lang));
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function usage(problem: string): number {
  print(process.stderr, `boothold analyze: ${problem}\n\n${USAGE}\n`);
  return 2;
}

/** UTF-8 decoding across chunk boundaries, then whole lines (CRLF, CR or LF). */
async function streamLines(input: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  const feeder = new LineFeeder(onLine);
  for await (const chunk of input) feeder.write(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  feeder.write(decoder.end());
  feeder.end();
}

function render(r: AnalysisReport, lang: Locale): string {
  const fr = lang === 'fr';
  const out: string[] = [];
  const m = r.modem;
  const unknown = fr ? 'inconnu' : 'unknown';
  out.push(`${fr ? 'Type' : 'Kind'}: ${r.kind}${r.tools.length ? ` (${r.tools.join(', ')})` : ''}`);
  if (r.several) {
    out.push(
      fr
        ? `Plusieurs ${r.several.modems > 1 ? `modems (${r.several.modems})` : `essais (${r.several.attempts})`} dans ce texte : état affiché = le dernier.`
        : `Several ${r.several.modems > 1 ? `modems (${r.several.modems})` : `attempts (${r.several.attempts})`} in this text: showing the last state.`,
    );
  }
  out.push(`${fr ? 'Modèle' : 'Model'}: ${m.model ?? unknown}${m.family ? ` [${m.family}${m.chipsetFamily ? `, ${m.chipsetFamily}` : ''}]` : m.chipsetFamily ? ` [${m.chipsetFamily}]` : ''}`);
  out.push(`Firmware: ${m.firmware ?? m.firmwareVersion ?? unknown}${m.release ? ` (${m.release})` : ''}`);
  if (m.carrier.current || m.carrier.preferred) out.push(`${fr ? 'Image opérateur' : 'Carrier image'}: ${m.carrier.current ?? unknown} (${fr ? 'préférée' : 'preferred'} ${m.carrier.preferred ?? unknown})`);
  if (m.imei || m.iccid) {
    const how = r.identifiers === 'masked' ? (fr ? 'masqués (--redact)' : 'masked (--redact)') : fr ? 'tels que trouvés ; --redact pour les masquer' : 'as found; --redact masks them';
    out.push(`${fr ? 'Identifiants' : 'Identifiers'}: ${how}`);
  }
  if (m.imei) out.push(`IMEI: ${m.imei}`);
  if (m.iccid) out.push(`ICCID: ${m.iccid}`);
  if (m.sim) out.push(`SIM: ${m.sim}`);
  if (m.operator) out.push(`${fr ? 'Opérateur' : 'Operator'}: ${m.operator}`);
  if (m.usb) out.push(`USB: ${m.usb.vid}:${m.usb.pid}`);
  if (r.errors.length) {
    out.push('', fr ? 'Erreurs :' : 'Errors:');
    for (const e of r.errors) {
      const times = e.count > 1 ? ` (×${e.count})` : '';
      out.push(`  ${e.line !== null ? `L${e.line} ` : ''}${e.table} ${e.code ?? ''} ${e.name}${times}${e.meaning ? ` — ${e.meaning}` : ''}`.replace(/\s+/g, ' ').trimEnd());
    }
  }
  const none =
    r.verdict === 'working'
      ? fr ? 'Aucun problème trouvé : le texte montre un module qui fonctionne.' : 'No problem found: the text shows a working module.'
      : fr ? 'Aucun constat, mais rien dans ce texte ne montre un module qui fonctionne non plus.' : 'No findings, but nothing in this text shows a working module either.';
  out.push('', r.findings.length ? (fr ? 'Constats :' : 'Findings:') : none);
  for (const f of r.findings) {
    out.push(`  [${f.severity}] ${f.id}: ${f.title}`);
    out.push(`    ${f.detail}`);
    if (f.evidence.length) out.push(`    ${fr ? 'Lignes' : 'Lines'}: ${f.evidence.join(', ')}`);
    f.nextSteps.forEach((s, i) => out.push(`    ${i + 1}. ${s}`));
  }
  return out.join('\n') + '\n';
}
