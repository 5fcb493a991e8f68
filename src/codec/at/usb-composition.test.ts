import { describe, expect, it } from 'vitest';
import { hasNetworkAdapter, parseUsbComposition, parseUsbIds } from './usb-composition.ts';

describe('USB composition', () => {
  it('reads !USBCOMP? with the names the module prints', () => {
    const c = parseUsbComposition(['!USBCOMP:', 'Config Index: 1', 'Config Type:  1 (Generic)', 'Interface bitmask: 0000050D (diag,nmea,modem,rmnet0,rmnet1)'])!;
    expect(c).toEqual({ configIndex: 1, configType: 1, bitmask: 0x50d, functions: ['diag', 'nmea', 'modem', 'rmnet0', 'rmnet1'] });
    expect(hasNetworkAdapter(c)).toBe(true);
  });
  it('falls back to the bit table and spots a composition without a network adapter', () => {
    const c = parseUsbComposition(['Config Index: 1', 'Config Type:  3', 'Interface bitmask: 0000000D'])!;
    expect(c.functions).toEqual(['diag', 'nmea', 'modem']);
    expect(hasNetworkAdapter(c)).toBe(false);
    expect(parseUsbComposition(['Interface bitmask: 0000100D'])!.functions).toEqual(['diag', 'nmea', 'modem', 'mbim']);
  });
  it('reads !USBPID? and !USBVID?', () => {
    expect(parseUsbIds(['APP : 9091', 'BOOT: 9090'])).toEqual({ vid: null, appPid: 0x9091, bootPid: 0x9090 });
    expect(parseUsbIds(['!USBVID: 1199'])).toEqual({ vid: 0x1199, appPid: null, bootPid: null });
    expect(parseUsbIds(['OK'])).toBeNull();
  });
});
