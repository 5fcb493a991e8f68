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
import { SUB } from '../../src/codec/xmodem/constants.ts';
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

/**
 * rx took the file (exit 0) and the sender either saw the final ACK or was still waiting for it
 * when rx had gone (the PTY race described in lrzsz-link.ts); every block before was ACKed.
 */
function expectDelivered(run: { result: Awaited<ReturnType<typeof sendXmodem>>; exitCode: number | null }) {
  expect(run.exitCode).toBe(0);
  if (!run.result.ok) expect(run.result.code).toBe('cancelled');
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
      const run = await withLrzsz(dir, ['rx', '-c', '-b', `in-${baud ?? 0}.bin`], baud, (link, gone) => sendXmodem(link, bytesSource(file, 'f'), { clock: realFlowClock, signal: gone }));
      expectDelivered(run);
      expect(Buffer.from(readFileSync(join(dir, `in-${baud ?? 0}.bin`)))).toEqual(Buffer.from(file));
    }, 30_000);
  }

  it('a size that is not a block multiple reaches rx with SUB filler only after the data', async () => {
    const file = content(5_000, 3);
    const run = await withLrzsz(dir, ['rx', '-c', '-b', 'odd.bin'], null, (link, gone) => sendXmodem(link, bytesSource(file, 'f'), { clock: realFlowClock, signal: gone }));
    expectDelivered(run);
    const got = readFileSync(join(dir, 'odd.bin'));
    expect(got.subarray(0, file.length)).toEqual(Buffer.from(file));
    expect([...got.subarray(file.length)].every((b) => b === SUB)).toBe(true);
  }, 30_000);

  it('rx in checksum mode (it starts with NAK) takes 1K blocks with the 8-bit checksum', async () => {
    const file = content(8 * 1024, 4);
    const run = await withLrzsz(dir, ['rx', '-b', 'sum.bin'], null, (link, gone) => sendXmodem(link, bytesSource(file, 'f'), { clock: realFlowClock, signal: gone }));
    expectDelivered(run);
    expect(Buffer.from(readFileSync(join(dir, 'sum.bin')))).toEqual(Buffer.from(file));
  }, 30_000);
});
