/**
 * CPU time of this process's descendants (Chromium's browser, renderer, utility processes), per
 * thread, from /proc (Linux only). Wall-clock figures swing 3× when other jobs share the two
 * cores; CPU time spent per inspection does not, and says which thread bounds it.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK = 100 on Linux

function stat(file: string): { comm: string; ppid: number; ticks: number } | null {
  try {
    const s = readFileSync(file, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    return { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

const kinds = new Map<number, string>();

/** Read once per process: /proc/<pid>/cmdline takes the process's memory lock. */
function kind(pid: number): string {
  const known = kinds.get(pid);
  if (known) return known;
  const k = readKind(pid);
  kinds.set(pid, k);
  return k;
}

function readKind(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const t = /--type=([a-z-]+)/.exec(cmd)?.[1];
    if (!t) return cmd.includes('chromium') ? 'browser' : 'node';
    return t === 'utility' ? (/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1]?.split('.')[0] ?? 'utility') : t;
  } catch {
    return '?';
  }
}

/** Milliseconds of CPU per "process kind/thread name" for every descendant of `root`. */
export function cpuSnapshot(root = process.pid): Map<string, number> {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(`/proc/${d}/stat`);
    if (s) parent.set(Number(d), s.ppid);
  }
  const isDesc = (pid: number) => {
    for (let p = parent.get(pid), n = 0; p !== undefined && n < 20; p = parent.get(p), n++) if (p === root) return true;
    return false;
  };
  const out = new Map<string, number>();
  for (const pid of parent.keys()) {
    if (!isDesc(pid)) continue;
    const k = kind(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const s = stat(`/proc/${pid}/task/${tid}/stat`);
      if (!s) continue;
      const key = `${k}/${s.comm.replace(/\d+$/, '')}`;
      out.set(key, (out.get(key) ?? 0) + s.ticks * TICK_MS);
    }
  }
  return out;
}

export function cpuDiff(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const d = new Map<string, number>();
  for (const [k, v] of b) {
    const x = v - (a.get(k) ?? 0);
    if (x > 0) d.set(k, x);
  }
  return d;
}
