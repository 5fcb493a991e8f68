/**
 * What the UART job needs from a serial port: (re)open it at a rate with or without RTS/CTS,
 * and say what it is. WebSerial must close and reopen to change either; a Node tty or the
 * virtual adapter can change in place — each implementation hides which.
 */
import type { Transport } from '../../transport/transport.ts';

export interface UartSettings {
  readonly baudRate: number;
  readonly hardwareFlow: boolean;
}

export interface UartPort {
  readonly label: string;
  /** USB ids of the adapter (a USB-UART bridge) or null for a board's own UART. */
  readonly usb: { readonly vendorId: number; readonly productId: number } | null;
  /** Opens (or reopens) with these settings; the previous Transport is closed first. */
  open(settings: UartSettings): Promise<Transport>;
  close(): Promise<void>;
  readonly settings: UartSettings | null;
}

/** A port whose transport can change settings in place (sim adapter, Node tty). */
export function inPlacePort(label: string, usb: UartPort['usb'], transport: Transport & { setBaudRate(r: number): Promise<void>; setHardwareFlow(on: boolean): Promise<void> }): UartPort {
  let settings: UartSettings | null = null;
  return {
    label,
    usb,
    get settings() {
      return settings;
    },
    async open(s) {
      await transport.setBaudRate(s.baudRate);
      await transport.setHardwareFlow(s.hardwareFlow);
      settings = s;
      return transport;
    },
    async close() {
      await transport.close();
    },
  };
}
