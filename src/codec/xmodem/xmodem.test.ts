import { describe, expect, it } from 'vitest';
import { ACK, CAN, CRC_REQUEST, EOT, NAK, SOH, STX, SUB, encodeBlock, parseFrame, crc16Xmodem, checksum8, XmodemSender, XmodemReceiver, type SenderAction } from './index.ts';

const enc = new TextEncoder();

function data(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** Runs sender and receiver against each other; `mangle` may corrupt or drop host→device frames. */
function loop(file: Uint8Array, opts: { mangle?: (frame: Uint8Array, n: number) => Uint8Array | null; expectedSize?: number; oneK?: boolean } = {}) {
  const tx = new XmodemSender({ totalBytes: file.length, ...(opts.oneK === false ? { oneK: false } : {}) });
  const rx = new XmodemReceiver(opts.expectedSize !== undefined ? { expectedSize: opts.expectedSize } : {});
  const got: Uint8Array[] = [];
  let toSender: number[] = [...rx.start()];
  let frames = 0;
  let last: SenderAction = { kind: 'wait' };
  for (let guard = 0; guard < 100_000; guard++) {
    if (!toSender.length) {
      // nothing on the line: whoever is waiting times out (receiver first: it owns the pacing)
      const s = rx.onTimeout();
      toSender.push(...s.send.flatMap((b) => [...b]));
      if (!toSender.length) {
        last = tx.onTimeout();
      }
    }
    while (toSender.length && last.kind !== 'done' && last.kind !== 'fail') {
      last = tx.onByte(toSender.shift()!);
      if (last.kind === 'send-block') {
        const frame = encodeBlock(last.seq, file.subarray(last.offset, last.offset + last.length), last.size, last.mode);
        const sent = opts.mangle ? opts.mangle(frame, frames++) : frame;
        if (sent) {
          const s = rx.feed(sent);
          for (const p of s.payloads) got.push(p.slice());
          toSender.push(...s.send.flatMap((b) => [...b]));
        }
      } else if (last.kind === 'send-eot') {
        const s = rx.feed(Uint8Array.of(EOT));
        toSender.push(...s.send.flatMap((b) => [...b]));
      }
    }
    if (last.kind === 'done' || last.kind === 'fail') break;
  }
  const out = new Uint8Array(got.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const g of got) out.set(g, (o += g.length) - g.length);
  return { tx, rx, out, last };
}

describe('CRC-16/XMODEM and checksum', () => {
  it('has the catalogue check value', () => {
    expect(crc16Xmodem(enc.encode('123456789'))).toBe(0x31c3);
    expect(checksum8(Uint8Array.of(0xff, 0x02))).toBe(0x01);
  });
});

describe('blocks', () => {
  it('frames a 1K block with STX, complement, SUB filler and CRC, and parses it back', () => {
    const b = encodeBlock(1, enc.encode('hi'), 1024, 'crc');
    expect(b.length).toBe(1029);
    expect([b[0], b[1], b[2], b[3], b[5]]).toEqual([STX, 1, 0xfe, 0x68, SUB]);
    const p = parseFrame(b, 'crc');
    expect(p?.used).toBe(1029);
    expect(p?.frame.kind).toBe('block');
  });
  it('reports a flipped bit as corrupt and a short buffer as incomplete', () => {
    const b = encodeBlock(9, data(128), 128, 'checksum');
    expect(b[0]).toBe(SOH);
    b[50]! ^= 1;
    expect(parseFrame(b, 'checksum')?.frame).toEqual({ kind: 'corrupt', reason: 'check' });
    expect(parseFrame(b.subarray(0, 40), 'checksum')).toBeNull();
  });
});

describe('sender ↔ receiver', () => {
  it('moves a file in 1K blocks, the tail in a 128-byte block, and cuts filler at the known size', () => {
    const file = data(5 * 1024 + 100);
    const r = loop(file, { expectedSize: file.length });
    expect(r.last.kind).toBe('done');
    expect(r.out).toEqual(file);
    expect(r.rx.stats.oneKBlocks).toBe(5);
    expect(r.rx.stats.blocks).toBe(6);
  });
  it('pads the last block with SUB when the receiver does not know the size', () => {
    const file = data(300);
    const r = loop(file);
    expect(r.out.length).toBe(1024);
    expect(r.out.subarray(0, 300)).toEqual(file);
    expect([...r.out.subarray(300)].every((b) => b === SUB)).toBe(true);
  });
  it('re-sends corrupted blocks and falls back to 128-byte blocks after three NAKs on one 1K block', () => {
    const file = data(4096);
    const r = loop(file, {
      expectedSize: file.length,
      mangle: (f, n) => {
        if (n >= 1 && n <= 3) {
          const c = f.slice();
          c[100]! ^= 0x40;
          return c;
        }
        return f;
      },
    });
    expect(r.last.kind).toBe('done');
    expect(r.out).toEqual(file);
    expect(r.tx.stats.fallbacksTo128).toBe(1);
    expect(r.tx.stats.naks).toBe(3);
  });
  it('recovers from a block that lost bytes (inter-byte timeout → NAK)', () => {
    const file = data(3000);
    const r = loop(file, { expectedSize: file.length, mangle: (f, n) => (n === 1 ? f.subarray(0, 700) : f) });
    expect(r.out).toEqual(file);
  });
  it('gives up with CAN after ten failed tries (a NAK storm)', () => {
    const file = data(2048);
    const r = loop(file, { mangle: (f) => { const c = f.slice(); c[10]! ^= 1; return c; } });
    // both ends count ten errors; whichever gives up first, the transfer ends in a cancel
    expect(r.last.kind).toBe('fail');
    expect(r.tx.stats.naks).toBeGreaterThanOrEqual(10);
  });
  it('handles an empty file with a lone EOT', () => {
    const r = loop(new Uint8Array(0));
    expect(r.last.kind).toBe('done');
    expect(r.out.length).toBe(0);
  });
  it('keeps 1K blocks with the 8-bit checksum when the receiver starts with NAK (as sx -k does)', () => {
    const tx = new XmodemSender({ totalBytes: 1000 });
    expect(tx.onByte(NAK)).toMatchObject({ kind: 'send-block', size: 1024, mode: 'checksum' });
    const classic = new XmodemSender({ totalBytes: 1000, oneK: false });
    expect(classic.onByte(NAK)).toMatchObject({ kind: 'send-block', size: 128, mode: 'checksum' });
  });
  it('moves a file to a checksum-mode receiver', () => {
    const file = data(3000);
    const tx = new XmodemSender({ totalBytes: file.length });
    const rx = new XmodemReceiver({ mode: 'checksum', expectedSize: file.length });
    let bytes = [...rx.start()];
    const out: number[] = [];
    for (let i = 0; i < 100 && bytes.length; i++) {
      const a = tx.onByte(bytes.shift()!);
      const frame = a.kind === 'send-block' ? encodeBlock(a.seq, file.subarray(a.offset, a.offset + a.length), a.size, a.mode) : a.kind === 'send-eot' ? Uint8Array.of(EOT) : null;
      if (!frame) continue;
      const s = rx.feed(frame);
      s.payloads.forEach((p) => out.push(...p));
      bytes = s.send.flatMap((b) => [...b]);
    }
    expect(Uint8Array.from(out)).toEqual(file);
    expect(rx.stats.oneKBlocks).toBe(3);
  });
});

describe('cancel and noise', () => {
  it('a single CAN is noise; two end the transfer', () => {
    const tx = new XmodemSender({ totalBytes: 10 });
    tx.onByte(CRC_REQUEST);
    expect(tx.onByte(CAN).kind).toBe('wait');
    expect(tx.onByte(ACK).kind).toBe('send-eot');
    expect(tx.onByte(CAN).kind).toBe('wait');
    expect(tx.onByte(CAN)).toMatchObject({ kind: 'fail', code: 'cancelled-by-receiver' });
  });
  it('the receiver stops on CAN CAN and on a sequence jump', () => {
    const rx = new XmodemReceiver();
    rx.start();
    expect(rx.feed(Uint8Array.of(CAN, CAN)).end).toEqual({ kind: 'failed', code: 'cancelled-by-sender' });
    const rx2 = new XmodemReceiver();
    rx2.start();
    const s = rx2.feed(encodeBlock(5, data(10), 128, 'crc'));
    expect(s.end).toEqual({ kind: 'failed', code: 'sequence-error' });
    expect(s.send[0]![0]).toBe(CAN);
  });
  it('a duplicate block (lost ACK) is acknowledged but kept once', () => {
    const rx = new XmodemReceiver();
    rx.start();
    const b = encodeBlock(1, data(128), 128, 'crc');
    expect(rx.feed(b).payloads.length).toBe(1);
    const again = rx.feed(b);
    expect(again.payloads.length).toBe(0);
    expect(again.send[0]).toEqual(Uint8Array.of(ACK));
  });
  it('the receiver falls back to checksum mode after four unanswered C', () => {
    const rx = new XmodemReceiver();
    expect(rx.start()).toEqual(Uint8Array.of(CRC_REQUEST));
    const sent = [1, 2, 3, 4].map(() => rx.onTimeout().send[0]![0]);
    expect(sent).toEqual([CRC_REQUEST, CRC_REQUEST, CRC_REQUEST, NAK]);
    expect(rx.mode).toBe('checksum');
  });
  it('the sender gives up when the receiver never starts', () => {
    const tx = new XmodemSender({ totalBytes: 10 });
    expect(tx.onByte(0x41).kind).toBe('wait');
    expect(tx.onTimeout()).toMatchObject({ kind: 'fail', code: 'receiver-never-started' });
  });
});
