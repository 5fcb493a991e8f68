import { describe, expect, it } from 'vitest';
import { bootBench, collect, enc, openAtPort } from './bench.fixture.ts';

describe('fake WebSerial: Chrome semantics', () => {
  it('validates open() and refuses a second open', async () => {
    const { bench } = await bootBench('healthy');
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    await expect(port.open({} as SerialOptions)).rejects.toBeInstanceOf(TypeError);
    await port.open({ baudRate: 115200 });
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(port.readable).not.toBeNull();
    expect(port.readable).toBe(port.readable);
  });

  it('refuses close() while a stream is locked, then closes', async () => {
    const { bench } = await bootBench('healthy');
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const writer = port.writable!.getWriter();
    await expect(port.close()).rejects.toBeInstanceOf(TypeError);
    await reader.cancel();
    reader.releaseLock();
    await expect(port.close()).rejects.toBeInstanceOf(TypeError);
    writer.releaseLock();
    await port.close();
    expect(port.readable).toBeNull();
    await expect(port.close()).rejects.toMatchObject({ name: 'InvalidStateError' });
    await port.open({ baudRate: 115200 });
  });

  it('filters require a vendor id with a product id; a missing match still opens the chooser', async () => {
    const { bench } = await bootBench('healthy');
    await expect(bench.serial.requestPort({ filters: [{ usbProductId: 0x68c0 }] })).rejects.toBeInstanceOf(TypeError);
    await expect(bench.serial.requestPort({ filters: [{ usbVendorId: 0x05c6 }] })).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(bench.picker.history.at(-1)?.candidates).toEqual([]);
  });

  it('AT!BOOTHOLD: disconnect bubbles from the port, the download port needs a new grant, reset brings a new AT port back', async () => {
    const { bench, clock } = await bootBench('seed');
    const s = await openAtPort(bench, clock);
    const events: string[] = [];
    const targets: unknown[] = [];
    bench.serial.addEventListener('connect', (e) => {
      events.push('serial:connect');
      targets.push(e.target);
    });
    bench.serial.addEventListener('disconnect', (e) => {
      events.push('serial:disconnect');
      targets.push(e.target);
    });
    s.port.addEventListener('disconnect', () => events.push('port:disconnect'));

    expect(await s.at('AT!BOOTHOLD')).toBe('AT!BOOTHOLD\r\r\nOK\r\n');
    await clock.until(() => bench.modem().mode === 'download' && bench.modem().attachment !== null, 10_000);
    expect(events).toEqual(['port:disconnect', 'serial:disconnect']);
    expect(targets[0]).toBe(s.port);
    expect(s.port.connected).toBe(false);
    expect(s.port.readable).toBeNull();
    expect(s.out.error).toMatchObject({ name: 'NetworkError' });
    await expect(s.writer.write(enc('AT\r'))).rejects.toMatchObject({ name: 'NetworkError' });

    // download mode reports no serial number: no grant carries over, no connect event
    expect(await bench.serial.getPorts()).toEqual([]);
    bench.picker.next = 'auto';
    const dl = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    expect(bench.describe(dl)).toMatchObject({ function: 'download', mode: 'download' });
    expect(dl.getInfo()).toEqual({ usbVendorId: 0x1199, usbProductId: 0x68c0 });
    expect(await bench.serial.getPorts()).toEqual([dl]);

    // the app closes the dead port (allowed once the device is gone)
    s.writer.releaseLock();
    await s.port.close();

    // back to application mode: the persistent grant brings a new AT port object, with a connect event
    bench.modem().powerCycle();
    await clock.until(() => bench.modem().snapshot().atReady, 20_000);
    const ports = await bench.serial.getPorts();
    expect(ports).toHaveLength(1);
    expect(ports[0]).not.toBe(s.port);
    expect(bench.describe(ports[0]!)?.function).toBe('at');
    expect(events.filter((e) => e === 'serial:connect')).toHaveLength(1);
    expect(targets.at(-1)).toBe(ports[0]);
  });

  it('keeps bytes that arrive before the page reads, up to bufferSize', async () => {
    const { bench, clock } = await bootBench('healthy');
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    await port.open({ baudRate: 115200, bufferSize: 4096 });
    const w = port.writable!.getWriter();
    await w.write(enc('ATE0\r'));
    await clock.advance(200);
    const out = collect(port.readable!.getReader());
    await clock.advance(10);
    expect(out.text).toBe('ATE0\r\r\nOK\r\n');
  });

  it('delivers a non-fatal line error and a fresh readable after it', async () => {
    const { bench, clock } = await bootBench('healthy');
    const s = await openAtPort(bench, clock);
    const { FakeSerialPort } = await import('./fake-web-serial.ts');
    (s.port as unknown as InstanceType<typeof FakeSerialPort>).injectLineError('BreakError');
    await clock.advance(10);
    expect(s.out.error).toMatchObject({ name: 'BreakError' });
    const again = collect(s.port.readable!.getReader());
    await s.writer.write(enc('AT\r'));
    await clock.advance(100);
    expect(again.text).toBe('AT\r\r\nOK\r\n');
  });
});

describe('fake WebSerial under the app’s own WebSerial transport', () => {
  it('carries AT and reports the loss on re-enumeration', async () => {
    // test-only import: the shipped sim never depends on the transport implementations
    const { openWebSerial } = await import('../transport/web-serial.ts');
    const { bench, clock } = await bootBench('healthy');
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    const t = await openWebSerial(port);
    await t.write(enc('ATE0\r'));
    let text = '';
    while (!text.includes('OK')) {
      await clock.advance(20);
      text += new TextDecoder().decode(await t.read());
    }
    expect(text).toBe('ATE0\r\r\nOK\r\n');
    await t.write(enc('AT!RESET\r'));
    await clock.until(() => bench.modem().mode === 'booting', 5000);
    const end = await t.ended;
    expect(end).toMatchObject({ reason: 'lost', error: { code: 'device-lost' } });
    await t.close();
    expect(port.readable).toBeNull();
  });
});

describe('fake WebSerial in download mode', () => {
  it('keeps the Sahara HELLO the module sends as the port opens', async () => {
    const { bench, clock } = await bootBench('tp1-download');
    const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
    await port.open({ baudRate: 115200 });
    const out = collect(port.readable!.getReader());
    await clock.advance(10);
    expect(out.text.charCodeAt(0)).toBe(1);
  });
});
