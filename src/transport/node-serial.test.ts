import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usbIdentityOfTty } from './node-serial.ts';

describe('USB identity behind a Linux tty', () => {
  const root = mkdtempSync(join(tmpdir(), 'fake-sys-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('walks from /sys/class/tty/NAME/device up to the usb_device', async () => {
    const usbdev = join(root, 'devices/pci0000:00/usb1/1-1');
    const port = join(usbdev, '1-1:1.0/ttyUSB9');
    mkdirSync(join(port, 'tty/ttyUSB9'), { recursive: true });
    writeFileSync(join(usbdev, 'idVendor'), '05c6\n');
    writeFileSync(join(usbdev, 'idProduct'), '9008\n');
    mkdirSync(join(root, 'class/tty/ttyUSB9'), { recursive: true });
    symlinkSync(port, join(root, 'class/tty/ttyUSB9/device'));
    const dev = join(root, 'ttyUSB9');
    writeFileSync(dev, '');
    expect(await usbIdentityOfTty(dev, root)).toEqual({ vendorId: 0x05c6, productId: 0x9008 });
  });

  it('is null for a tty without a USB device (PTY)', async () => {
    const dev = join(root, 'pts-3');
    writeFileSync(dev, '');
    expect(await usbIdentityOfTty(dev, root)).toBeNull();
  });
});
