import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { parseLinkFaults } from './faults.ts';
import { startVirtualBench } from './index.ts';
import { bootBench, enc, openAtPort } from './bench.fixture.ts';

describe('virtual modem lifecycle', () => {
  it('boot-loops: enumerates for 1–3 s, vanishes for 10–15 s, at about twice the idle current', async () => {
    const clock = new VirtualClock();
    const bench = startVirtualBench({ scenario: 'boot-loop', seed: 3, clock });
    const modem = bench.modem();
    const ups: number[] = [];
    const downs: number[] = [];
    let last = clock.now();
    bench.events.on('attach', () => {
      downs.push(clock.now() - last);
      last = clock.now();
    });
    bench.events.on('detach', () => {
      ups.push(clock.now() - last);
      last = clock.now();
    });
    await clock.until(() => ups.length >= 3, 120_000);
    for (const u of ups) expect(u).toBeGreaterThanOrEqual(1000), expect(u).toBeLessThanOrEqual(3000);
    for (const d of downs.slice(1)) expect(d).toBeGreaterThanOrEqual(10_000), expect(d).toBeLessThanOrEqual(15_000);
    expect(modem.snapshot().currentMa).toBeGreaterThanOrEqual(2 * modem.profile.currentMa.idle - 20);
    expect(modem.snapshot().mode).toBe('boot-loop');
  });

  it('is deterministic for a seed', async () => {
    const run = async () => {
      const clock = new VirtualClock();
      const bench = startVirtualBench({ scenario: 'boot-loop', seed: 11, clock });
      const times: number[] = [];
      bench.events.on('attach', () => times.push(clock.now()));
      await clock.until(() => times.length >= 3, 120_000);
      return times;
    };
    expect(await run()).toEqual(await run());
  });

  it('comes up in download mode with TP1 held at power-on, and in application mode once released', async () => {
    const { bench, clock } = await bootBench('tp1-download');
    const m = bench.modem();
    expect(m.snapshot()).toMatchObject({ mode: 'download', tp1Held: true, usb: { productId: 0x68c0, interfaces: [0] } });
    m.releaseTp1();
    m.powerCycle();
    await clock.until(() => m.snapshot().atReady, 20_000);
    expect(m.snapshot().usb?.interfaces).toEqual([0, 2, 3, 8]);
  });

  it('pulls and plugs the cable', async () => {
    const { bench, clock } = await bootBench('healthy');
    const m = bench.modem();
    bench.pullCable();
    expect(m.snapshot()).toMatchObject({ mode: 'off', powered: false, cablePlugged: false, currentMa: 0, usb: null });
    bench.plugCable();
    expect(m.snapshot().mode).toBe('booting');
    await clock.until(() => m.snapshot().atReady, 20_000);
  });

  it('stays in download mode after a failed update on the EM7455', async () => {
    const { bench } = await bootBench('download-hold');
    expect(bench.modem().snapshot()).toMatchObject({ mode: 'download', usb: { productId: 0x9078 } });
  });

  it('ignores the host before the AT server is up', async () => {
    const clock = new VirtualClock();
    const bench = startVirtualBench({ scenario: 'healthy', seed: 5, clock });
    await clock.until(() => bench.modem().attachment !== null, 10_000);
    expect(bench.modem().snapshot().atReady).toBe(false);
    const t = bench.connectMemory('at');
    await t.write(enc('AT\r'));
    await clock.until(() => bench.modem().snapshot().atReady, 5000);
    await clock.advance(200);
    let text = '';
    for (;;) {
      const ac = new AbortController();
      ac.abort();
      try {
        text += new TextDecoder().decode(await t.read({ signal: ac.signal }));
      } catch {
        break;
      }
    }
    expect(text).not.toContain('OK');
  });
});

describe('link faults', () => {
  it('parses fault specs', () => {
    expect(parseLinkFaults('silence, unplug-after:10,garbage:0.5,slow:9600,power-loss:2048')).toEqual([
      { kind: 'silence' },
      { kind: 'unplug-after', bytes: 10 },
      { kind: 'garbage', probability: 0.5 },
      { kind: 'slow', bytesPerSecond: 9600 },
      { kind: 'power-loss-during-write', afterBytes: 2048 },
    ]);
    expect(() => parseLinkFaults('nonsense')).toThrow(RangeError);
  });

  it('silence: commands go unanswered', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    bench.setFault({ kind: 'silence' });
    await expect(s.at('AT', 2000)).rejects.toThrow(/not met/);
    bench.clearFaults();
    expect(await s.at('AT')).toContain('OK');
  });

  it('unplugs after N host bytes', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    bench.setFault({ kind: 'unplug-after', bytes: 5 });
    expect(await s.at('AT')).toContain('OK');
    await s.writer.write(enc('ATI\r')).catch(() => undefined);
    await clock.advance(50);
    expect(bench.modem().snapshot()).toMatchObject({ mode: 'off', cablePlugged: false });
    expect(s.port.connected).toBe(false);
  });

  it('garbage: noise slips into the answers, deterministically', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    bench.setFault({ kind: 'garbage', probability: 1 });
    s.out.take();
    await s.writer.write(enc('AT\r'));
    await clock.advance(200);
    const got = s.out.take();
    expect(got).not.toBe('AT\r\r\nOK\r\n');
    expect(got.length).toBeGreaterThan('AT\r\r\nOK\r\n'.length);
  });

  it('slow link: 960 B/s makes ATI take about its length in milliseconds', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    await s.at('ATE0');
    bench.setFault({ kind: 'slow', bytesPerSecond: 960 });
    const t0 = clock.now();
    const ati = await s.at('ATI');
    const elapsed = clock.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual((ati.length / 960) * 1000);
  });
});

describe('DM port', () => {
  it('answers DIAG bad-command to a QDL probe and switches to download on 3A A1', async () => {
    const { hdlcEncode, HdlcDecoder } = await import('../codec/hdlc.ts');
    const { bench, clock } = await bootBench('healthy');
    const dm = bench.connectMemory('dm');
    await dm.write(enc('AT\r'));
    // DLOAD "switch to SDP" (0x70) on the DIAG port
    await dm.write(hdlcEncode(Uint8Array.of(0x70)));
    await clock.advance(10);
    const frames = new HdlcDecoder().push(await dm.read());
    expect(frames).toEqual([{ ok: true, payload: Uint8Array.of(0x13, 0x70) }]);
    await dm.write(hdlcEncode(Uint8Array.of(0x3a, 0xa1)));
    await clock.until(() => bench.modem().mode === 'download' && bench.modem().attachment !== null, 10_000);
  });
});

describe('boot-loop-tp1-only scenario', () => {
  it('ignores AT!BOOTHOLD in the window', async () => {
    const clock = new VirtualClock();
    const bench = startVirtualBench({ scenario: 'boot-loop-tp1-only', seed: 4, clock });
    const modem = bench.modem();
    await clock.until(() => modem.mode === 'boot-loop' && modem.attachment !== null, 60_000);
    const t = bench.connectMemory('at');
    await t.write(enc('AT!BOOTHOLD\r'));
    await clock.until(() => modem.snapshot().bootLoopCycles >= 2, 60_000);
    expect(modem.mode).toBe('boot-loop');
    bench.dispose();
  });
});

describe('download fault plans', () => {
  it('refuses a plan the download device cannot read, before any session', async () => {
    const { bench } = await bootBench('healthy');
    expect(() => bench.setDownloadFaults('nonsense@nowhere')).toThrow();
    bench.setDownloadFaults('nak@chunk:3');
    expect(bench.snapshot().downloadFaults).toBe('nak@chunk:3');
  });
});
