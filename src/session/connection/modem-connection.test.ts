import { describe, expect, it } from 'vitest';
import { ModemConnection, parseIdentity, type ConnectionState } from './modem-connection.ts';
import { startVirtualBench } from '../../sim/index.ts';

async function readyBench() {
  const bench = startVirtualBench({ scenario: 'healthy', seed: 7 });
  await new Promise<void>((resolve) => {
    const check = () => bench.snapshots().some((s) => s.atReady) && resolve();
    bench.events.on('change', check);
    check();
  });
  return bench;
}

describe('ModemConnection', () => {
  it('opens the picked port, identifies the modem and tears down on disconnect', async () => {
    const bench = await readyBench();
    const c = new ModemConnection();
    const seen: ConnectionState['kind'][] = [];
    c.events.on('state', (s) => seen.push(s.kind));
    await c.connect(bench.serial);
    expect(seen).toEqual(['choosing', 'opening', 'identifying', 'connected']);
    const s = c.state;
    expect(s.kind).toBe('connected');
    if (s.kind !== 'connected') return;
    expect(s.identity.model).toBe('RC7620-1');
    expect(s.identity.imei).toMatch(/^\d{15}$/);
    expect(s.port).toBe('USB 1199:68C0');
    await c.disconnect();
    expect(c.state).toEqual({ kind: 'idle', lastError: null });
    bench.dispose();
  }, 20_000);

  it('a cancelled picker is not an error', async () => {
    const bench = await readyBench();
    bench.picker.next = 'cancel';
    const c = new ModemConnection();
    await c.connect(bench.serial);
    expect(c.state).toEqual({ kind: 'idle', lastError: null });
    bench.dispose();
  }, 20_000);

  it('an unplug while connected ends in idle with device-lost', async () => {
    const bench = await readyBench();
    const c = new ModemConnection();
    await c.connect(bench.serial);
    bench.pullCable();
    await new Promise<void>((resolve) => c.events.on('state', (s) => s.kind === 'idle' && resolve()));
    const s = c.state;
    expect(s.kind === 'idle' && s.lastError?.code).toBe('device-lost');
    bench.dispose();
  }, 20_000);

  it('a port that does not answer AT ends in no-at-answer', async () => {
    const bench = await readyBench();
    bench.setFault({ kind: 'silence' });
    const c = new ModemConnection();
    await c.connect(bench.serial, { identifyTimeoutMs: 300 });
    const s = c.state;
    expect(s.kind === 'idle' && s.lastError?.code).toBe('no-at-answer');
    bench.dispose();
  }, 20_000);
});

describe('parseIdentity', () => {
  it('reads the ATI block of an RC7620-1', () => {
    expect(
      parseIdentity([
        'Manufacturer: Sierra Wireless, Incorporated',
        'Model: RC7620-1',
        'Revision: SWI9X07H_00.08.07.00 b4fa7d jenkins 2021/02/04 06:36:42',
        'IMEI: 352653090412884',
        'FSN: 4L0183560502A1',
      ]),
    ).toEqual({
      manufacturer: 'Sierra Wireless, Incorporated',
      model: 'RC7620-1',
      revision: 'SWI9X07H_00.08.07.00 b4fa7d jenkins 2021/02/04 06:36:42',
      imei: '352653090412884',
      fsn: '4L0183560502A1',
    });
  });
});
