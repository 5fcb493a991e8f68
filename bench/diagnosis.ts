/**
 * Diagnosis budgets: a full "Check my modem" snapshot against an in-memory responder with
 * 50 ms latency per command must finish under 1.5 s (the session reacts to final result
 * codes, no fixed sleeps); `analyze` of a 10 MB log under 1 s. Exits 1 when a budget is blown.
 */
import { AtSession } from '../src/session/at/at-session.ts';
import { runSnapshot } from '../src/session/at/snapshot.ts';
import { seedModem } from '../src/session/at/seed-modem.fixture.ts';
import { analyzeText } from '../src/session/analysis/analyze.ts';
import * as L from '../src/session/analysis/logs.fixture.ts';

let failed = false;
function report(name: string, ms: number, budget: number, extra = ''): void {
  const ok = ms < budget;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${ms.toFixed(0)} ms (budget ${budget} ms)${extra ? ` — ${extra}` : ''}`);
}

// 1. Snapshot over 50 ms latency.
{
  const runs: number[] = [];
  let commands = 0;
  for (let i = 0; i < 3; i++) {
    const modem = seedModem(50);
    const session = new AtSession(modem.transport);
    const t0 = performance.now();
    await runSnapshot(session);
    runs.push(performance.now() - t0);
    commands = modem.received.length;
    await session.close();
  }
  const worst = Math.max(...runs);
  report('snapshot, 50 ms/command', worst, 1500, `${commands} commands, floor ${commands * 50} ms, runs ${runs.map((r) => r.toFixed(0)).join('/')} ms`);
}

// 2. analyze of a 10 MB mixed log.
{
  const pieces = [L.BOOT_LOOP_DMESG_AND_LIBQMI, L.FDT2_PRIMARY_14, L.SEED_MIXED, L.JOURNAL_MM, L.FWDWL_INVALID_IMAGE, L.RX_TX_TRANSCRIPT];
  const filler = Array.from({ length: 200 }, (_, i) => `[ ${(1000 + i).toFixed(6)}] systemd[1]: Started Session ${i} of user pi; nothing to do with the modem here.`).join('\n');
  let text = '';
  let i = 0;
  while (text.length < 10 * 1024 * 1024) text += pieces[i++ % pieces.length] + '\n' + filler + '\n';
  const mb = text.length / 1024 / 1024;
  analyzeText(text.slice(0, 200_000)); // warm-up (JIT)
  // The analyser is single-threaded CPU work: its process CPU time is what it costs. Wall time
  // is printed too; on a shared, loaded machine it mostly measures the neighbours.
  let best = { cpu: Infinity, wall: Infinity };
  let r = analyzeText('');
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    r = analyzeText(text);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1000;
    if (cpu < best.cpu) best = { cpu, wall };
  }
  report(`analyze ${mb.toFixed(1)} MB (CPU time)`, best.cpu, 1000, `wall ${best.wall.toFixed(0)} ms, ${r.lineCount} lines, ${r.errors.length} distinct errors, ${r.findings.length} findings`);
}

process.exitCode = failed ? 1 : 0;
