/**
 * The contract between the device side of a link (a USB function of the virtual modem: an AT
 * port, a download-mode pipe) and whatever carries its bytes to the host: the fake
 * WebSerial/WebUSB objects, an in-memory Transport in unit tests, or stdin/stdout for
 * `boothold sim --stdio`. It sits in transport/ because it is the far end of a Transport: the
 * sim implements it and its fake browser APIs drive it; transport's own tests reach it through
 * the sim's fake USBDevice (sim/usb-device.fixture.ts), so production transport code imports
 * nothing from sim.
 */
export interface DeviceLink {
  /** Device → host bytes. */
  send(data: Uint8Array): void;
}

export interface DeviceEndpoint {
  /** The host opened the port / claimed the interface. */
  open(link: DeviceLink): void;
  /** Host → device bytes, in order. */
  receive(data: Uint8Array): void;
  /** The host closed the port (the device may stay enumerated). */
  close(): void;
}
