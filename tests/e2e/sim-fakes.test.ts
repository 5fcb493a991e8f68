/**
 * The virtual modem's WebSerial/WebUSB look-alikes inside real Chromium: streams, DOMExceptions,
 * events and re-enumeration behave as the app expects from the browser's own APIs. Driven
 * through the demo-mode hook `window.__bootholdBench`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, launchBrowser, openApp } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Starts demo mode and adds a second module the test drives on its own. */
async function benchWith(page: Page, scenario: string): Promise<string> {
  // a click that lands before the page is wired up does nothing: try again, as a user would
  for (let attempt = 0; ; attempt++) {
    await page.getByRole('button', { name: 'Try the virtual modem' }).first().click();
    try {
      await page.waitForFunction(() => window.__bootholdBench !== undefined, null, { timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
  // let the app finish connecting to the first module, so it does not take our picker choice
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to/);
  return page.evaluate(async (sc) => {
    const bench = window.__bootholdBench!;
    const m = bench.addModem(sc as 'seed');
    await new Promise<void>((resolve) => {
      const done = () => m.snapshot().atReady;
      if (done()) return resolve();
      const off = m.events.on('change', () => {
        if (done()) {
          off();
          resolve();
        }
      });
    });
    return m.id;
  }, scenario);
}

describe('virtual modem fakes in Chromium', () => {
  it('serial: AT over real streams, then re-enumeration into download mode', async () => {
    const app = await openApp(browser);
    const id = await benchWith(app.page, 'seed');
    const result = await app.page.evaluate(async (modemId) => {
      const bench = window.__bootholdBench!;
      const pick = (fn: string) => (c: readonly { modemId: string; function: string | null }[]) => c.findIndex((x) => x.modemId === modemId && x.function === fn);
      bench.picker.next = pick('at');
      const port = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
      await port.open({ baudRate: 115200 });
      let openTwice = '';
      await port.open({ baudRate: 115200 }).catch((e: DOMException) => (openTwice = e.name));
      const reader = port.readable!.getReader();
      const writer = port.writable!.getWriter();
      let text = '';
      let readError = '';
      const pump = (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            text += new TextDecoder().decode(value);
          }
        } catch (e) {
          readError = (e as DOMException).name;
        }
      })();
      const until = async (cond: () => boolean) => {
        const end = Date.now() + 15_000;
        while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      };
      await writer.write(new TextEncoder().encode('ATE0\r'));
      await until(() => text.includes('OK'));
      const first = text;
      let closeLocked = '';
      await port.close().catch((e: Error) => (closeLocked = e.name));
      const events: string[] = [];
      let targetIsPort = false;
      bench.serial.addEventListener('disconnect', (e) => {
        events.push('disconnect');
        targetIsPort = e.target === port;
      });
      text = '';
      await writer.write(new TextEncoder().encode('AT!BOOTHOLD\r'));
      await until(() => readError !== '');
      await Promise.race([pump, new Promise((r) => setTimeout(r, 2000))]);
      const modem = bench.modem(modemId);
      await until(() => modem.mode === 'download' && modem.attachment !== null);
      const granted = (await bench.serial.getPorts()).filter((p) => bench.describe(p)?.modemId === modemId).length;
      bench.picker.next = pick('download');
      const dl = await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199, usbProductId: 0x68c0 }] });
      await dl.open({ baudRate: 115200 });
      const hello = await Promise.race([dl.readable!.getReader().read(), new Promise<{ value?: Uint8Array }>((r) => setTimeout(() => r({}), 5000))]);
      return {
        first,
        openTwice,
        closeLocked,
        boothold: text,
        readError,
        events,
        targetIsPort,
        connected: port.connected,
        granted,
        download: bench.describe(dl),
        helloCommand: hello.value ? new DataView(hello.value.buffer, hello.value.byteOffset).getUint32(0, true) : -1,
      };
    }, id);
    expect(result.first).toBe('ATE0\r\r\nOK\r\n');
    expect(result.openTwice).toBe('InvalidStateError');
    expect(result.closeLocked).toBe('TypeError');
    expect(result.boothold).toContain('\r\nOK\r\n');
    expect(result.readError).toBe('NetworkError');
    expect(result.events).toEqual(['disconnect']);
    expect(result.targetIsPort).toBe(true);
    expect(result.connected).toBe(false);
    expect(result.granted).toBe(0);
    expect(result.download).toMatchObject({ function: 'download', mode: 'download', modemId: id });
    expect(result.helloCommand).toBe(1);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('usb: picker cancel, descriptors, AT over bulk endpoints, and the boot-loop current', async () => {
    const app = await openApp(browser);
    const id = await benchWith(app.page, 'em7455');
    const result = await app.page.evaluate(async (modemId) => {
      const bench = window.__bootholdBench!;
      bench.picker.requireUserGesture = true;
      // Playwright's evaluate counts as a gesture: wait until Chrome's transient activation has
      // expired (the state), rather than for the ~5 s it usually lasts (a time).
      while (navigator.userActivation?.isActive) await new Promise((r) => setTimeout(r, 100));
      let noGesture = '';
      await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] }).catch((e: DOMException) => (noGesture = e.name));
      bench.picker.requireUserGesture = false;
      bench.picker.next = 'cancel';
      let cancelled = '';
      await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199 }] }).catch((e: DOMException) => (cancelled = e.name));
      bench.picker.next = (c) => c.findIndex((x) => x.modemId === modemId);
      const device = await bench.usb.requestDevice({ filters: [{ vendorId: 0x1199, productId: 0x9079 }] });
      await device.open();
      await device.claimInterface(3);
      await device.transferOut(3, new TextEncoder().encode('AT+CGMM\r'));
      let text = '';
      const end = Date.now() + 10_000;
      while (!text.includes('OK') && Date.now() < end) {
        const r = await device.transferIn(4, 512);
        text += new TextDecoder().decode(r.data!);
      }
      const interfaces = device.configuration!.interfaces.map((i) => i.interfaceNumber);
      bench.setScenario('boot-loop', modemId);
      const m = bench.modem(modemId);
      while (m.attachment === null && Date.now() < end + 20_000) await new Promise((r) => setTimeout(r, 50));
      return { noGesture, cancelled, text, interfaces, current: m.snapshot().currentMa, idle: m.profile.currentMa.idle, mode: m.mode };
    }, id);
    expect(result.noGesture).toBe('SecurityError');
    expect(result.cancelled).toBe('NotFoundError');
    expect(result.text).toBe('AT+CGMM\r\r\nEM7455\r\n\r\nOK\r\n');
    expect(result.interfaces).toEqual([0, 2, 3, 8, 10]);
    expect(result.mode).toBe('boot-loop');
    expect(result.current).toBeGreaterThanOrEqual(result.idle * 2 - 20);
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });
});
