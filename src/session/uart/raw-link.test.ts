import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../transport/memory.ts';
import { realFlowClock } from '../flows/clock.ts';
import { UartAtLink } from './at-link.ts';
import { RawXmodemLink } from './raw-link.ts';

const enc = new TextEncoder();

function link() {
  const t = new MemoryTransport({ kind: 'memory', label: 'test' }, { onHostData: () => undefined });
  return { t, at: new UartAtLink(t, realFlowClock) };
}

describe('XMODEM start detection after AT+WDSD', () => {
  it("takes a 'C' right behind the echo as the start", async () => {
    const { t, at } = link();
    const raw = new RawXmodemLink(at, realFlowClock, { awaitStart: true });
    t.deliver(enc.encode('AT+WDSD=5000\rC'));
    expect([...(await raw.read(1000))!]).toEqual([0x43]);
    expect(raw.refusal).toBeNull();
  });
  it("reads '+CME ERROR: 3' as the module's refusal, not as a 'C'", async () => {
    const { t, at } = link();
    const raw = new RawXmodemLink(at, realFlowClock, { awaitStart: true });
    t.deliver(enc.encode('AT+WDSD=999999999\r\r\n+CME ERROR: 3\r\n'));
    expect(await raw.read(1000)).toBeNull();
    expect(raw.refusal).toBe('+CME ERROR: 3');
  });
  it('gives bytes after the transfer back to the line reader (the OK in the last chunk)', async () => {
    const { at } = link();
    const raw = new RawXmodemLink(at, realFlowClock);
    const final = at.awaitFinal('AT+WDSD=5000', 1000);
    raw.unread(enc.encode('\r\nOK\r\n'));
    raw.release();
    expect((await final).final.kind).toBe('ok');
  });
});
