import { describe, expect, it } from 'vitest';
import { openWebSerial } from './web-serial.ts';
import { isTransportError, type TransportError } from './errors.ts';

/**
 * A stand-in for Chrome's SerialPort with the stream semantics that matter: `readable` is
 * replaced by a fresh stream after a non-fatal line error and becomes null after a fatal one;
 * close() rejects while a stream is locked; open() rejects InvalidStateError when open.
 */
class FakePort extends EventTarget {
  opened = false;
  closeCalls = 0;
  written: Uint8Array[] = [];
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  #readable: ReadableStream<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;
  #dead = false;

  getInfo() {
    return { usbVendorId: 0x1199, usbProductId: 0x68c0 };
  }

  async open(): Promise<void> {
    if (this.opened) throw new DOMException('The port is already open.', 'InvalidStateError');
    this.opened = true;
    this.#newReadable();
    this.#writable = new WritableStream({ write: (chunk) => void this.written.push(chunk) });
  }

  #newReadable() {
    this.#readable = new ReadableStream<Uint8Array>({ start: (c) => void (this.#controller = c) });
  }

  get readable() {
    if (this.#dead || !this.opened) return null;
    return this.#readable;
  }

  get writable() {
    return this.#dead || !this.opened ? null : this.#writable;
  }

  emit(bytes: string) {
    this.#controller!.enqueue(new TextEncoder().encode(bytes));
  }

  lineError(name: string) {
    this.#controller!.error(new DOMException('line error', name));
    this.#newReadable();
  }

  unplug() {
    this.#controller!.error(new DOMException('The device has been lost.', 'NetworkError'));
    this.#dead = true;
    this.dispatchEvent(new Event('disconnect'));
  }

  async close(): Promise<void> {
    this.closeCalls++;
    if (this.#readable?.locked || this.#writable?.locked) throw new TypeError('Cannot close a locked stream');
    this.opened = false;
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('WebSerialTransport', () => {
  it('delivers bytes and writes through one writer', async () => {
    const port = new FakePort();
    const t = await openWebSerial(port as unknown as SerialPort);
    expect(t.info.label).toBe('USB 1199:68C0');
    port.emit('OK\r\n');
    expect(text(await t.read())).toBe('OK\r\n');
    await t.write(new TextEncoder().encode('AT\r'));
    await t.write(new TextEncoder().encode('ATI\r'));
    expect(port.written.map(text)).toEqual(['AT\r', 'ATI\r']);
    await t.close();
  });

  it('maps a port that is already open to port-busy', async () => {
    const port = new FakePort();
    await port.open();
    await expect(openWebSerial(port as unknown as SerialPort)).rejects.toSatisfy((e) => isTransportError(e, 'port-busy'));
  });

  it('survives BreakError and ParityError and keeps reading', async () => {
    const port = new FakePort();
    const errors: TransportError[] = [];
    const t = await openWebSerial(port as unknown as SerialPort, { onLineError: (e) => errors.push(e) });
    port.emit('first');
    expect(text(await t.read())).toBe('first');
    port.lineError('BreakError');
    await new Promise((r) => setTimeout(r, 0));
    port.emit('second');
    expect(text(await t.read())).toBe('second');
    port.lineError('ParityError');
    await new Promise((r) => setTimeout(r, 0));
    port.emit('third');
    expect(text(await t.read())).toBe('third');
    expect(errors.map((e) => e.code)).toEqual(['line-error', 'line-error']);
    expect(t.state).toBe('open');
    await t.close();
  });

  it('a timed-out read loses no bytes', async () => {
    const port = new FakePort();
    const t = await openWebSerial(port as unknown as SerialPort);
    await expect(t.read({ signal: AbortSignal.timeout(10) })).rejects.toSatisfy((e) => isTransportError(e, 'aborted'));
    port.emit('late');
    expect(text(await t.read())).toBe('late');
    await t.close();
  });

  it('close() releases both locks so the port really closes', async () => {
    const port = new FakePort();
    const t = await openWebSerial(port as unknown as SerialPort);
    await t.write(new Uint8Array([0x41]));
    await t.close();
    expect(port.opened).toBe(false);
    expect(t.state).toBe('closed');
    await expect(t.read()).rejects.toSatisfy((e) => isTransportError(e, 'closed'));
    expect(await t.ended).toEqual({ reason: 'closed' });
    // the same port can be opened again afterwards
    const again = await openWebSerial(port as unknown as SerialPort);
    await again.close();
  });

  it('an unplug ends pending reads with device-lost', async () => {
    const port = new FakePort();
    const t = await openWebSerial(port as unknown as SerialPort);
    const pending = t.read();
    port.unplug();
    await expect(pending).rejects.toSatisfy((e) => isTransportError(e, 'device-lost'));
    const end = await t.ended;
    expect(end.reason).toBe('lost');
    await expect(t.write(new Uint8Array([1]))).rejects.toSatisfy((e) => isTransportError(e, 'device-lost'));
  });
});
