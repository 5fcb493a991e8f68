import { vi } from 'vitest';

/** Collects what a command writes to stdout and stderr, for tests that call a CLI command in-process. */
export function captureOutput() {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return {
    out: () => out,
    err: () => err,
    /** stdout as one JSON document per line (the `--json` progress format). */
    jsonLines: () => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => (o.mockRestore(), e.mockRestore()),
  };
}
