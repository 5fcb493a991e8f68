/**
 * How long the transfer will take, measured rather than assumed: a short echo-free probe
 * (echo off, a burst of `AT` whose OKs come back) gives the line's real bytes per second, and
 * XMODEM-1K's framing (1029 + 1 line bytes per 1024 payload bytes) and a per-block turnaround
 * give the time. At other rates the same efficiency is assumed.
 */
import type { UartAtLink } from './at-link.ts';
import type { FlowClock } from '../flows/clock.ts';

export interface ProbeResult {
  /** Line bytes per second measured. */
  readonly bytesPerSecond: number;
  /** Measured ÷ nominal (baud / 10). */
  readonly efficiency: number;
  readonly replies: number;
}

const BURST = 8;

/**
 * Echo off, then eight `ATI` at once: the module answers each with ~150 bytes, so the line
 * from module to host runs back-to-back for a while. The rate is the bytes between the first
 * and the last chunk over the time between them — the command latency before the first answer
 * does not count.
 */
export async function probeThroughput(link: UartAtLink, clock: FlowClock, baudRate: number): Promise<ProbeResult> {
  await link.command('ATE0', 3_000).catch(() => undefined);
  let replies = 0;
  let first = -1;
  let last = -1;
  let firstLen = 0;
  let total = 0;
  const offBytes = link.onBytes((b) => {
    const t = clock.now();
    if (first < 0) {
      first = t;
      firstLen = b.length;
    }
    last = t;
    total += b.length;
  });
  const offLines = link.onUrc((line) => {
    if (line === 'OK') replies++;
  });
  try {
    await link.write('ATI\r'.repeat(BURST));
    const deadline = clock.now() + 3_000;
    while (replies < BURST && clock.now() < deadline) await new Promise<void>((r) => clock.setTimeout(r, 10));
  } finally {
    offBytes();
    offLines();
  }
  const nominal = baudRate / 10;
  const span = last - first;
  if (replies === 0 || span <= 0) return { bytesPerSecond: nominal, efficiency: 1, replies };
  const bps = Math.min(nominal, ((total - firstLen) * 1000) / span);
  return { bytesPerSecond: bps, efficiency: bps / nominal, replies };
}

/** Seconds for `size` payload bytes over XMODEM-1K at `lineBytesPerSecond`, `turnaroundMs` per block. */
export function xmodemSeconds(size: number, lineBytesPerSecond: number, turnaroundMs = 2): number {
  const blocks = Math.ceil(size / 1024);
  return blocks * (1030 / lineBytesPerSecond + turnaroundMs / 1000);
}

export interface Estimate {
  readonly baudRate: number;
  readonly seconds: number;
}

export function estimates(size: number, probe: ProbeResult, current: number, rates: readonly number[]): Estimate[] {
  const eff = probe.replies > 0 ? Math.max(0.5, probe.efficiency) : 1;
  return [...new Set([current, ...rates])]
    .filter((r) => r >= current)
    .sort((a, b) => a - b)
    .map((r) => ({ baudRate: r, seconds: xmodemSeconds(size, (r / 10) * eff) }));
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
