import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.ts';
import { UartLine } from './line.ts';

describe('simulated UART line', () => {
  it('limits bytes per second to the baud rate (8N1)', async () => {
    const clock = new VirtualClock();
    const line = new UartLine(clock);
    let got = 0;
    line.onDeviceReceive = (b) => (got += b.length);
    const p = line.hostWrite(new Uint8Array(11_520));
    await clock.advance(999);
    expect(got).toBe(0);
    await clock.advance(2);
    await p;
    expect(got).toBe(11_520);
  });
  it('loses bytes during a flash stall at 921600 without RTS/CTS, none with it', async () => {
    for (const flow of [false, true]) {
      const clock = new VirtualClock();
      const line = new UartLine(clock, { fifoBytes: 512 });
      line.host.baudRate = line.device.baudRate = 921600;
      line.host.hardwareFlow = line.device.hardwareFlow = flow;
      let got = 0;
      line.onDeviceReceive = (b) => (got += b.length);
      line.stall(25);
      const p = line.hostWrite(new Uint8Array(4096));
      await clock.until(() => got > 0, 1000);
      await p;
      expect(got).toBe(flow ? 4096 : 4096 - (Math.round(25 * 92.16) - 512));
    }
  });
  it('garbles bytes when the two ends disagree on the rate', async () => {
    const clock = new VirtualClock();
    const line = new UartLine(clock);
    line.device.baudRate = 921600;
    let got: Uint8Array | null = null;
    line.onDeviceReceive = (b) => (got = b);
    await Promise.all([line.hostWrite(new TextEncoder().encode('AT\r')), clock.advance(5)]);
    expect(got).not.toBeNull();
    expect(new TextDecoder().decode(got!)).not.toContain('AT');
  });
});
