import { describe, expect, it } from 'vitest';
import { usbPairFor } from '../../knowledge/preflight/usb-identities.ts';
import { describerFromFunctions, mayBeAppPort, mayBeDownloadPort, serialRole } from './port-role.ts';
import { rig } from '../flows/rig.fixture.ts';
import { lineFromUsbName, modelFromUsbName } from './usb-name.ts';

const port = (productId: number) => ({ getInfo: () => ({ usbVendorId: 0x1199, usbProductId: productId }) }) as unknown as SerialPort;

describe('port roles', () => {
  it('tells the mode from the PID where the family has two (EM74xx 9079 / 9078)', () => {
    const pair = usbPairFor('EM7455');
    expect(serialRole(port(0x9079), pair)).toBe('app');
    expect(serialRole(port(0x9078), pair)).toBe('download');
    expect(mayBeDownloadPort(port(0x9079), pair)).toBe(false);
    expect(mayBeAppPort(port(0x9078), pair)).toBe(false);
  });

  it('cannot tell on one PID (RC76xx 68C0) unless the platform says which function the port is', () => {
    const pair = usbPairFor('RC7620-1');
    expect(serialRole(port(0x68c0), pair)).toBeNull();
    expect(mayBeDownloadPort(port(0x68c0), pair) && mayBeAppPort(port(0x68c0), pair)).toBe(true);
    const said = describerFromFunctions(() => 'download');
    expect(serialRole(port(0x68c0), pair, said)).toBe('download');
    expect(mayBeAppPort(port(0x68c0), pair, said)).toBe(false);
    expect(serialRole(port(0x68c0), pair, describerFromFunctions(() => 'at'))).toBe('app');
  });

  it("the virtual bench's describe() is such a platform: its AT port is the application", async () => {
    const r = rig('healthy');
    await r.clock.advance(5000);
    const ports = await r.bench.serial.getPorts();
    r.bench.picker.next = 'auto';
    const granted = ports[0] ?? (await r.bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] }));
    expect(r.env.describePort?.(granted)).toBe('app');
  });
});

describe('the model a USB device names itself by', () => {
  it('finds the model number in the product string, else says nothing', () => {
    expect(modelFromUsbName('Sierra Wireless RC7620')).toBe('RC7620');
    expect(modelFromUsbName('EM7455')).toBe('EM7455');
    expect(modelFromUsbName('Sierra Wireless WP7607')).toBe('WP7607');
    expect(modelFromUsbName('QUSB__BULK')).toBeNull();
    expect(modelFromUsbName(null)).toBeNull();
  });

  it('reads a line wildcard ("EM92xx", the EM9291 in download mode) as a line, never as a model', () => {
    expect(modelFromUsbName('EM92xx')).toBeNull();
    expect(lineFromUsbName('EM92xx')).toBe('EM929x');
    expect(lineFromUsbName('Sierra Wireless, Incorporated EM92xx')).toBe('EM929x');
    // EM74xx covers EM/MC74xx models and the 9x50 EM7411: no one line
    expect(lineFromUsbName('EM74xx')).toBeNull();
    expect(lineFromUsbName('EM9293')).toBeNull();
    expect(lineFromUsbName(null)).toBeNull();
  });
});
