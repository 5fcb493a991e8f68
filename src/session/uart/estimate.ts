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

const BURST = 48;

export async function probeThroughput(link: UartAtLink, clock: FlowClock, baudRate: number): Promise<ProbeResult> {
  await link.command('ATE0', 3_000).catch(() => undefined);
  // one OK per AT, counted as they arrive; the busier direction sets the pace
  let replies = 0;
  let lastAt = 0;
  const off = link.onUrc((line) => {
    if (line === 'OK') {
      replies++;
      lastAt = clock.now();
    }
  });
  const start = clock.now();
  try {
    await link.write('AT\r'.repeat(BURST));
    const deadline = start + 3_000;
    while (replies < BURST && clock.now() < deadline) await new Promise<void>((r) => clock.setTimeout(r, 10));
  } finally {
    off();
  }
  const tx = 3 * BURST;
  const rxBytes = 6 * replies;
  const elapsed = Math.max(1, (lastAt || clock.now()) - start);
  const bps = (Math.max(tx, rxBytes) * 1000) / elapsed;
  const nominal = baudRate / 10;
  return { bytesPerSecond: Math.min(bps, nominal), efficiency: Math.min(1, bps / nominal), replies };
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
