/**
 * The two browser paths against the virtual modem's Chrome look-alikes (src/sim): WebSerial
 * (the download port exposed as a tty/COM port) and WebUSB (the single download interface),
 * each through the real transport and the engine, and WebUSB refused while an OS driver holds
 * the interface.
 */
import { describe, expect, it } from 'vitest';
import { VirtualBench } from '../../sim/bench.ts';
import { openWebSerial } from '../../transport/web-serial.ts';
import { openWebUsb } from '../../transport/web-usb.ts';
import { DownloadEngine } from './engine.ts';
import { goldenImageBytes, imageFromBytes } from './image.fixture.ts';
import { FAST_TIMINGS } from './timings.ts';

async function benchInDownloadMode(): Promise<VirtualBench> {
  const bench = new VirtualBench({ scenario: 'download-hold', seed: 3 });
  for (let i = 0; i < 300 && !(bench.snapshot().mode === 'download' && bench.snapshot().usb); i++) await new Promise((r) => setTimeout(r, 50));
  expect(bench.snapshot().mode).toBe('download');
  return bench;
}

describe('browser paths against the fake WebSerial/WebUSB', () => {
  it('WebSerial: the download port as a serial port', async () => {
    const bench = await benchInDownloadMode();
    try {
      const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
      const t = await openWebSerial(port);
      const r = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes(200_000))], timings: { ...FAST_TIMINGS, saharaListenMs: 1500 } }).run();
      expect(r.reset).toBe('gone');
      await t.close();
    } finally {
      bench.dispose();
    }
  });

  it('WebUSB: the single download interface, claimed directly', async () => {
    const bench = await benchInDownloadMode();
    try {
      const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
      const t = await openWebUsb(device, { usb: bench.usb });
      const r = await new DownloadEngine({ transport: t, images: [imageFromBytes(goldenImageBytes(200_000))], timings: { ...FAST_TIMINGS, saharaListenMs: 1500 } }).run();
      expect(r.reset).toBe('gone');
    } finally {
      bench.dispose();
    }
  });

  it('WebUSB while qcserial holds the interface: claim-failed', async () => {
    const bench = await benchInDownloadMode();
    try {
      bench.setUsbDriverPolicy('bound');
      const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] });
      await expect(openWebUsb(device, { usb: bench.usb })).rejects.toMatchObject({ code: 'claim-failed' });
    } finally {
      bench.dispose();
    }
  });
});
