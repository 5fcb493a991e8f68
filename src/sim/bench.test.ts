import { describe, expect, it, vi } from 'vitest';
import { bootBench, enc, openAtPort } from './bench.fixture.ts';

describe('virtual bench: AT over the fake WebSerial port', () => {
  it('answers AT with echo, then without after ATE0', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    expect(await s.at('AT')).toBe('AT\r\r\nOK\r\n');
    expect(await s.at('ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await s.at('AT')).toBe('\r\nOK\r\n');
    expect(await s.at('ATE1')).toBe('\r\nOK\r\n');
    expect(await s.at('at')).toBe('at\r\r\nOK\r\n');
  });

  it('identifies itself with ATI and AT+CGMR', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    await s.at('ATE0');
    const ati = await s.at('ATI');
    expect(ati).toBe(
      '\r\nManufacturer: Sierra Wireless, Incorporated\r\nModel: RC7620-1\r\n' +
        'QTI baseline: MPSS.JO.2.0.2.c1.1-00073-9607_GENNS_PACK-1.416077.1.419248.1\r\n' +
        'Revision: SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54\r\n' +
        'IMEI: 352653090412884\r\nIMEI SV:  7\r\nFSN: 4L0183560502A1\r\n+GCAP: +CGSM\r\n\r\nOK\r\n',
    );
    expect(await s.at('AT+CGMR')).toBe('\r\nSWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54\r\n\r\nOK\r\n');
    expect(await s.at('AT+FOO')).toBe('\r\nERROR\r\n');
  });

  it('sends registration URCs while idle once the host enables them (n=0 after power-up)', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    expect(await s.at('AT+CREG=2;+CEREG=2')).toContain('OK');
    await clock.until(() => s.out.text.includes('+CEREG: 1'), 10_000);
    expect(s.out.text).toMatch(/\r\n\+CREG: 1,"0E62","02AC602",7\r\n/);
    expect(s.out.text).toMatch(/\r\n\+CEREG: 1,"0E62","02AC602",7\r\n/);
    s.out.take();
    bench.injectUrc('+CEREG: 2');
    await clock.advance(10);
    expect(s.out.take()).toBe('\r\n+CEREG: 2\r\n');
  });

  it('offers every serial function of the module; the picker hook chooses', async () => {
    const { bench } = await bootBench('healthy');
    bench.picker.next = 'first';
    const first = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    expect(bench.describe(first)?.function).toBe('dm');
    bench.picker.next = 'cancel';
    await expect(bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] })).rejects.toMatchObject({ name: 'NotFoundError' });
    const record = bench.picker.history.at(-1)!;
    expect(record.candidates.map((c) => c.function)).toEqual(['dm', 'nmea', 'at']);
    expect(first.getInfo()).toEqual({ usbVendorId: 0x1199, usbProductId: 0x68c0 });
  });

  it('connects an in-memory transport to the AT function', async () => {
    const { bench, clock } = await bootBench('healthy');
    const t = bench.connectMemory('at');
    await t.write(enc('AT+CGSN\r'));
    await clock.advance(100);
    let got = '';
    while (!got.includes('OK')) got += new TextDecoder().decode(await t.read());
    expect(got).toBe('AT+CGSN\r\r\n352653090412884\r\n\r\nOK\r\n');
    bench.pullCable();
    await expect(t.read()).rejects.toMatchObject({ code: 'device-lost' });
  });
});

describe('virtual bench options', () => {
  it('runs the modules faster with timeScale', async () => {
    // On the virtual clock, not the wall clock: a loaded CI machine cannot make this flaky.
    // Unscaled, the RC7620-1 takes at least 2.5 s to boot; scaled by 0.01 it is ready within
    // 100 ms of virtual time, and unscaled it is not.
    vi.useFakeTimers();
    try {
      const { startVirtualBench } = await import('./index.ts');
      const ready = async (timeScale: number) => {
        const bench = startVirtualBench({ scenario: 'healthy', seed: 1, timeScale });
        let atReady = false;
        const off = bench.events.on('change', (s) => {
          if (s.atReady) atReady = true;
        });
        await vi.advanceTimersByTimeAsync(100);
        off();
        bench.dispose();
        return atReady;
      };
      expect(await ready(0.01)).toBe(true);
      expect(await ready(1)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
