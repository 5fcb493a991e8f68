/**
 * A WebSerial port as a UartPort. WebSerial fixes the rate and the flow control at open(), so
 * a change closes the port (the Transport's close releases the streams and the port) and opens
 * it again with the new options.
 */
import { fromPlatformError } from '../../transport/errors.ts';
import type { Transport } from '../../transport/transport.ts';
import { WebSerialTransport, serialPortLabel } from '../../transport/web-serial.ts';
import type { UartPort, UartSettings } from './port.ts';

export function webSerialUartPort(port: SerialPort, label = serialPortLabel(port)): UartPort {
  const info = port.getInfo();
  let transport: Transport | null = null;
  let settings: UartSettings | null = null;
  return {
    label,
    usb: info.usbVendorId !== undefined ? { vendorId: info.usbVendorId, productId: info.usbProductId ?? 0 } : null,
    get settings() {
      return settings;
    },
    async open(s) {
      await transport?.close();
      transport = null;
      try {
        await port.open({ baudRate: s.baudRate, flowControl: s.hardwareFlow ? 'hardware' : 'none', bufferSize: 64 * 1024 });
      } catch (e) {
        throw fromPlatformError(e, 'open');
      }
      settings = s;
      transport = new WebSerialTransport(port, {});
      return transport;
    },
    async close() {
      await transport?.close();
      transport = null;
    },
  };
}
