/**
 * Analyser size budgets (issue 13): `boothold analyze` of a 10 MB log and of a 1,000,000-line
 * paste, and the paste box's path (the whole text in memory, analysed in slices as the worker
 * does). Each case runs in its own process so its CPU time and peak memory (max RSS) are its
 * own; a 50 MB log shows the CLI's memory stays flat as the input grows (it streams).
 * Exits 1 when a budget is blown. CPU time, not wall time: the machine may be shared.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as L from '../src/session/analysis/logs.fixture.ts';

interface Measure {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly lines: number;
  readonly findings: number;
}

const mode = process.argv[2];
if (mode === 'cli' || mode === 'paste' || mode === 'idle') {
  // Child: one case, then its own figures on stdout.
  const file = process.argv[3]!;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let lines = 0;
  let findings = 0;
  if (mode === 'cli') {
    const { run } = await import('../src/cli/analyze.ts');
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => ((out += s), true);
    await run([file, '--json']);
    (process.stdout as unknown as { write: typeof write }).write = write;
    const r = JSON.parse(out) as { lineCount: number; findings: unknown[] };
    lines = r.lineCount;
    findings = r.findings.length;
  } else if (mode === 'paste') {
    const { analyseString } = await import('../src/session/analysis/chunked.ts');
    const text = readFileSync(file, 'utf8');
    const r = analyseString(text, () => {});
    lines = r.result.lineCount;
    findings = r.result.findings.length;
  } else {
    await import('../src/session/analysis/chunked.ts');
    await import('../src/cli/analyze.ts');
  }
  const c = process.cpuUsage(c0);
  const m: Measure = { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, lines, findings };
  process.stdout.write(JSON.stringify(m) + '\n');
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'boothold-analyser-bench-'));
let failed = false;

function child(kind: 'cli' | 'paste' | 'idle', file: string): Measure {
  const r = spawnSync('npx', ['tsx', 'bench/analyser.ts', kind, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Measure;
  } catch {
    throw new Error(`bench child failed (${kind}): ${r.stderr.slice(-500)}`);
  }
}

function report(name: string, m: Measure, budgetCpuMs: number, budgetRssMb: number): void {
  const ok = m.cpuMs < budgetCpuMs && m.maxRssMb < budgetRssMb;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: CPU ${m.cpuMs.toFixed(0)} ms (budget ${budgetCpuMs}), peak RSS ${m.maxRssMb.toFixed(0)} MB (budget ${budgetRssMb.toFixed(0)}), wall ${m.wallMs.toFixed(0)} ms — ${m.lines} lines, ${m.findings} findings`,
  );
}

/** A kernel/tool log of about `mb` MB: real failure shapes buried in unrelated lines. */
function logOf(mb: number): string {
  const pieces = [L.BOOT_LOOP_DMESG_AND_LIBQMI, L.FDT2_PRIMARY_14, L.SEED_MIXED, L.JOURNAL_MM, L.FWDWL_INVALID_IMAGE, L.RX_TX_TRANSCRIPT];
  const filler = Array.from({ length: 200 }, (_, i) => `[ ${(1000 + i).toFixed(6)}] systemd[1]: Started Session ${i} of user pi; nothing to do with the modem here.`).join('\n');
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const p = pieces[i % pieces.length] + '\n' + filler + '\n';
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

/** A 1,000,000-line terminal paste: a timestamped AT session polled over and over (short lines). */
function pasteOf(lines: number): string {
  const block = [
    '[10:00:00.000] Send: AT+CSQ',
    '[10:00:00.050] Recieve: +CSQ: 17,99',
    '[10:00:00.051] Recieve: OK',
    '[10:00:01.000] Send: AT+CREG?',
    '[10:00:01.050] Recieve: +CREG: 0,1',
    '[10:00:01.051] Recieve: OK',
    '[10:00:02.000] Send: AT!GSTATUS?',
    '[10:00:02.050] Recieve: !GSTATUS:',
    '[10:00:02.051] Recieve: Current Time:  356\t\tTemperature: 40',
    '[10:00:02.052] Recieve: OK',
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(block[i % block.length]!);
  return out.join('\n') + '\n';
}

try {
  const log10 = join(dir, 'log-10mb.txt');
  const log50 = join(dir, 'log-50mb.txt');
  const paste = join(dir, 'paste-1m-lines.txt');
  writeFileSync(log10, logOf(10));
  writeFileSync(log50, logOf(50));
  writeFileSync(paste, pasteOf(1_000_000));
  const idle = child('idle', log10);
  console.log(`     baseline (modules loaded, nothing analysed): peak RSS ${idle.maxRssMb.toFixed(0)} MB, CPU ${idle.cpuMs.toFixed(0)} ms`);
  const sub = (m: Measure): Measure => ({ ...m, cpuMs: Math.max(0, m.cpuMs - idle.cpuMs) });
  const cli10 = sub(child('cli', log10));
  report('boothold analyze, 10 MB log (streamed)', cli10, 2500, idle.maxRssMb + 120);
  const cli50 = sub(child('cli', log50));
  report('boothold analyze, 50 MB log (streamed)', cli50, 12_000, idle.maxRssMb + 120);
  console.log(`     flat memory: 50 MB costs ${(cli50.maxRssMb - cli10.maxRssMb).toFixed(0)} MB more peak RSS than 10 MB`);
  if (cli50.maxRssMb - cli10.maxRssMb > 60) {
    failed = true;
    console.log('FAIL CLI memory grows with the input');
  }
  report('boothold analyze, 1,000,000-line paste (streamed)', sub(child('cli', paste)), 5000, idle.maxRssMb + 150);
  // The paste box holds the text (a JS string) and analyses it in slices, as the worker does.
  report('paste box path (worker code), 1,000,000-line paste in memory', sub(child('paste', paste)), 5000, idle.maxRssMb + 400);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.exitCode = failed ? 1 : 0;
