/** The virtual RC7620-1 on a bench, brought into download mode the way a user does it (TP1 held at power-up). */
import { expect } from 'vitest';
import { VirtualBench } from '../../sim/bench.ts';

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
};

/** A virtual RC7620-1 held in download mode by TP1; `grantAt`: the page was granted its AT port first (Check my modem). */
export async function rc7620InDownloadMode(grantAt: boolean): Promise<VirtualBench> {
  const bench = new VirtualBench({ scenario: 'healthy', seed: 3, timeScale: 0.02 });
  await until(() => bench.snapshot().atReady);
  if (grantAt) await bench.serial.requestPort({ filters: [{ usbVendorId: 0x1199 }] });
  bench.holdTp1(true);
  bench.powerCycle();
  await until(() => bench.snapshot().mode === 'download' && bench.snapshot().usb !== null);
  bench.holdTp1(false);
  expect(bench.snapshot()).toMatchObject({ mode: 'download', model: 'RC7620-1' });
  return bench;
}

