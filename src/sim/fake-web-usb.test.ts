import { describe, expect, it } from 'vitest';
import { bootBench, dec, enc, openAtPort } from './bench.fixture.ts';

describe('fake WebUSB: Chrome semantics', () => {
  it('describes the application-mode composition and talks AT on interface 3', async () => {
    const { bench, clock } = await bootBench('healthy');
    await expect(bench.usb.requestDevice(undefined as unknown as USBDeviceRequestOptions)).rejects.toBeInstanceOf(TypeError);
    const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    expect([device.vendorId, device.productId, device.serialNumber]).toEqual([0x1199, 0x68c0, '4L0183560502A1']);
    expect(device.configuration?.interfaces.map((i) => i.interfaceNumber)).toEqual([0, 2, 3, 8]);
    await expect(device.claimInterface(3)).rejects.toMatchObject({ name: 'InvalidStateError' });
    await device.open();
    await device.claimInterface(3);
    const eps = device.configuration!.interfaces.find((i) => i.interfaceNumber === 3)!.alternate.endpoints;
    const bulkIn = eps.find((e) => e.direction === 'in' && e.type === 'bulk')!;
    const bulkOut = eps.find((e) => e.direction === 'out')!;
    const pending = device.transferIn(bulkIn.endpointNumber, 512);
    await device.transferOut(bulkOut.endpointNumber, enc('AT+CGSN\r'));
    let text = dec(new Uint8Array((await pending).data!.buffer));
    while (!text.includes('OK')) {
      const next = device.transferIn(bulkIn.endpointNumber, 512);
      await clock.advance(50);
      text += dec(new Uint8Array((await next).data!.buffer));
    }
    expect(text).toBe('AT+CGSN\r\r\n352653090412884\r\n\r\nOK\r\n');
    await expect(device.transferIn(9, 64)).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('cannot claim an interface an open serial port holds, nor any serial interface when a driver is bound', async () => {
    const { bench, clock } = await bootBench('healthy');
    await openAtPort(bench, clock);
    const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    await device.open();
    await expect(device.claimInterface(3)).rejects.toMatchObject({ name: 'NetworkError', message: 'Unable to claim interface.' });
    bench.setUsbDriverPolicy('bound');
    await expect(device.claimInterface(0)).rejects.toMatchObject({ name: 'NetworkError' });
    await expect(device.claimInterface(8)).resolves.toBeUndefined();
  });

  it('re-enumerates into the single-interface download device, which needs a new grant', async () => {
    const { bench, clock } = await bootBench('seed');
    const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    await device.open();
    await device.claimInterface(3);
    const events: { type: string; device: unknown }[] = [];
    const onEvent = (e: Event) => events.push({ type: e.type, device: (e as USBConnectionEvent).device });
    bench.usb.addEventListener('connect', onEvent);
    bench.usb.addEventListener('disconnect', onEvent);
    const pending = device.transferIn(4, 64).catch((e: unknown) => e);
    await device.transferOut(3, enc('AT!BOOTHOLD\r'));
    await clock.until(() => bench.modem().mode === 'download' && bench.modem().attachment !== null, 10_000);
    expect(events).toEqual([{ type: 'disconnect', device }]);
    // the echo came first; the next read fails with the device gone
    const first = await pending;
    expect(first).toHaveProperty('status', 'ok');
    await expect(device.transferIn(4, 64)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(await bench.usb.getDevices()).toEqual([]);

    const dl = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
    expect(dl).not.toBe(device);
    expect([dl.productId, dl.serialNumber]).toEqual([0x68c0, null]);
    const ifaces = dl.configuration!.interfaces;
    expect(ifaces).toHaveLength(1);
    const alt = ifaces[0]!.alternate;
    expect([alt.interfaceClass, alt.interfaceSubclass, alt.interfaceProtocol]).toEqual([0xff, 0xff, 0x10]);
    expect(alt.endpoints.map((e) => [e.endpointNumber, e.direction, e.type])).toEqual([
      [1, 'in', 'bulk'],
      [1, 'out', 'bulk'],
    ]);
    await dl.open();
    await dl.claimInterface(0);
    // Sahara: the module speaks first (HELLO, command 0x01)
    const hello = await dl.transferIn(1, 4096);
    expect(hello.data!.getUint32(0, true)).toBe(1);
  });

  it('changes identity with the PID pair (EM7455 9079→9078, OEM 9071→9070)', async () => {
    for (const [scenario, app, boot] of [
      ['em7455', 0x9079, 0x9078],
      ['em7455-oem', 0x9071, 0x9070],
      ['em7565', 0x9091, 0x9090],
    ] as const) {
      const { bench, clock } = await bootBench(scenario);
      expect(bench.modem().snapshot().usb?.productId).toBe(app);
      const s = await openAtPort(bench, clock);
      expect(await s.at('AT!BOOTHOLD')).toContain('\r\nERROR\r\n');
      expect(await s.at('AT!ENTERCND="A710"')).toContain('OK');
      expect(await s.at('AT!USBPID?')).toBe(`AT!USBPID?\r\r\nAPP : ${app.toString(16).toUpperCase()}\r\nBOOT: ${boot.toString(16).toUpperCase()}\r\n\r\nOK\r\n`);
      expect(await s.at('AT!BOOTHOLD')).toContain('OK');
      await clock.until(() => bench.modem().mode === 'download' && bench.modem().attachment !== null, 10_000);
      expect(bench.modem().snapshot().usb).toMatchObject({ productId: boot, interfaces: [0] });
    }
  });
});

describe('fake WebUSB with an enterprise policy grant', () => {
  it('fires connect for the download device and lists it without a picker', async () => {
    const { bench, clock } = await bootBench('seed');
    bench.setPolicyGrants([{ vendorId: 0x1199 }]);
    const seen: { type: string; productId: number; interfaces: number }[] = [];
    bench.usb.addEventListener('connect', (e) => {
      const d = (e as USBConnectionEvent).device;
      seen.push({ type: e.type, productId: d.productId, interfaces: d.configuration!.interfaces.length });
    });
    const serialConnects: number[] = [];
    bench.serial.addEventListener('connect', () => serialConnects.push(1));
    const s = await openAtPort(bench, clock);
    await s.at('AT!BOOTHOLD');
    await clock.until(() => bench.modem().mode === 'download' && bench.modem().attachment !== null, 10_000);
    expect(seen).toEqual([{ type: 'connect', productId: 0x68c0, interfaces: 1 }]);
    expect(serialConnects).toEqual([1]);
    expect(await bench.usb.getDevices()).toHaveLength(1);
  });
});
