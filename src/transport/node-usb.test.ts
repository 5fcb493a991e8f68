import { describe, expect, it } from 'vitest';
import { createDownloadDevice } from '../sim/download/index.ts';
import { pickDownloadDevice, parseUsbSelector } from './node-usb.ts';
import { DOWNLOAD_INTERFACE, sierraAppInterfaces } from '../sim/profiles/types.ts';
import { loneUsbDevice } from '../sim/usb-device.fixture.ts';

/** The sim's USBDevice with this identity: 1 interface is download mode, 4 the application layout. */
const dev = (vendorId: number, productId: number, interfaceCount: 1 | 4 = 1): USBDevice =>
  loneUsbDevice(createDownloadDevice({ protocol: 'qdl' }), { vendorId, productId, interfaces: interfaceCount === 1 ? [DOWNLOAD_INTERFACE] : sierraAppInterfaces(false) }).device;

describe('node-usb device choice', () => {
  it('parses VID[:PID]', () => {
    expect(parseUsbSelector('1199:68c0')).toEqual({ vendorId: 0x1199, productId: 0x68c0 });
    expect(parseUsbSelector('1199')).toEqual({ vendorId: 0x1199 });
    expect(() => parseUsbSelector('zz')).toThrow(/hexadecimal/);
  });

  it('picks the single-interface Sierra device, not by PID', () => {
    const download = dev(0x1199, 0x68c0, 1);
    expect(pickDownloadDevice([dev(0x1d6b, 0x0002), dev(0x1199, 0x9071, 4), download])).toBe(download);
  });

  it('explains application mode and ambiguity', () => {
    expect(() => pickDownloadDevice([dev(0x1199, 0x68c0, 4)])).toThrow(expect.objectContaining({ detail: 'application-mode' }));
    expect(() => pickDownloadDevice([dev(0x1199, 0x9070), dev(0x1199, 0x9090)])).toThrow(/2 modules/);
    expect(() => pickDownloadDevice([])).toThrow(/No Sierra/);
  });

  it('returns an emergency-mode device so the engine can refuse it by name', () => {
    const edl = dev(0x05c6, 0x9008);
    expect(pickDownloadDevice([edl])).toBe(edl);
  });
});
