/**
 * Boothold's XMODEM-1K against an implementation no one here wrote: Debian's lrzsz. `sx -k`
 * sends into Boothold's receiver and Boothold's sender feeds `rx -c`, over a real PTY (socat),
 * once unthrottled and once with the PTY paced at a baud rate. Files are compared byte for
 * byte. Small files keep CI time low (the bench measures big transfers).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realFlowClock } from '../../src/session/flows/clock.ts';
import { bytesSource } from '../../src/session/images/byte-source.ts';
import { receiveXmodem } from '../../src/session/uart/xmodem-receive.ts';
import { sendXmodem } from '../../src/session/uart/xmodem-send.ts';
import { lrzszUnavailable, withLrzsz } from './support/lrzsz-link.ts';

const unavailable = lrzszUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI needs lrzsz and socat: ${unavailable}`);

function content(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  if (n) out[n - 1] = 0x55; // not SUB, so the filler is unambiguous
  return out;
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'boothold-lrzsz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(unavailable !== null)('XMODEM-1K interop with lrzsz over a PTY', () => {
  for (const baud of [null, 115200] as const) {
    const label = baud ? `throttled to ${baud} baud` : 'unthrottled';

    it(`sx -k → Boothold's receiver, ${label}`, async () => {
      const file = content(baud ? 20_000 : 100_000, 1);
      writeFileSync(join(dir, 'out.bin'), file);
      const got: Uint8Array[] = [];
      const run = await withLrzsz(dir, ['sx', '-k', 'out.bin'], baud, (link) =>
        receiveXmodem(link, (b) => void got.push(b.slice()), { clock: realFlowClock, expectedSize: file.length }),
      );
      expect(run.result).toMatchObject({ ok: true, bytes: file.length });
      expect(run.result.ok && run.result.stats.oneKBlocks).toBeGreaterThan(0);
      expect(Buffer.concat(got)).toEqual(Buffer.from(file));
      expect(run.exitCode).toBe(0);
    }, 30_000);

    it(`Boothold's sender → rx -c, ${label}: byte-identical`, async () => {
      const file = content(baud ? 16 * 1024 : 48 * 1024, 2);
      const run = await withLrzsz(dir, ['rx', '-c', '-b', `in-${baud ?? 0}.bin`], baud, (link) => sendXmodem(link, bytesSource(file, 'f'), { clock: realFlowClock }));
      expect(run.result.ok).toBe(true);
      expect(run.exitCode).toBe(0);
      expect(Buffer.from(readFileSync(join(dir, `in-${baud ?? 0}.bin`)))).toEqual(Buffer.from(file));
    }, 30_000);
  }
});
