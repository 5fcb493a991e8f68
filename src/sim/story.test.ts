/**
 * The seed stories, replayed end to end against the virtual modem. The host side is the real
 * download engine (src/session/download) — a test-only import: it proves the engine and the
 * simulated module agree, which is what the simulator is for.
 */
import { describe, expect, it } from 'vitest';
import { DownloadEngine } from '../session/download/engine.ts';
import { FAST_TIMINGS } from '../session/download/timings.ts';
import { goldenImageBytes, imageFromBytes } from '../session/download/image.fixture.ts';
import type { Transport } from '../transport/transport.ts';
import { buildCwe, type CweImageSpec } from '../codec/cwe/writer.ts';
import { RealClock, ScaledClock } from './clock.ts';
import { startVirtualBench, type VirtualBench } from './index.ts';
import { waitUntil as waitFor } from './bench.fixture.ts';

const enc = (s: string) => new TextEncoder().encode(s);


/** A bare AT client over a Transport: enough to drive the stories. */
async function at(t: Transport, line: string, ms = 10_000): Promise<string> {
  await t.write(enc(`${line}\r`));
  let text = '';
  const end = Date.now() + ms;
  while (!/\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n$/.test(text)) {
    if (Date.now() > end) throw new Error(`no final result for ${line}: ${JSON.stringify(text)}`);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 50);
    try {
      text += new TextDecoder().decode(await t.read({ signal: ac.signal }));
    } catch (e) {
      if ((e as { code?: string }).code !== 'aborted') throw e;
    } finally {
      clearTimeout(timer);
    }
  }
  // URCs may precede the answer: keep the command's own lines
  return /REG\?$/.test(line) ? text : text.replace(/\r\n\+C(E)?REG: [^\r]*\r\n/g, '');
}

async function atPort(bench: VirtualBench): Promise<Transport> {
  await waitFor(() => bench.modem().snapshot().atReady);
  const t = bench.connectMemory('at');
  await at(t, 'ATE0');
  return t;
}

function fastBench(scenario: 'seed' | 'boot-loop'): VirtualBench {
  return startVirtualBench({ scenario, seed: 42, clock: new ScaledClock(new RealClock(), 0.01) });
}

describe('seed story 1: SIERRA image + Orange SIM → failed data call → GENERIC → works', () => {
  it('replays the diagnosis and the fix', async () => {
    const bench = fastBench('seed');
    let t = await atPort(bench);
    expect(await at(t, 'AT+CMEE=2')).toBe('\r\nOK\r\n');
    await waitFor(() => bench.modem().registration().camped);

    expect(await at(t, 'AT+CGACT=1,1')).toBe('\r\n+CME ERROR: activation rejected, unspecified\r\n');
    expect(await at(t, 'AT+COPS?')).toBe('\r\n+COPS: 0,0,"Orange F",7\r\n\r\nOK\r\n');
    const gstatus = await at(t, 'AT!GSTATUS?');
    expect(gstatus).toMatch(/PS state:\s+Not attached/);
    expect(gstatus).toMatch(/LTE Tx chan: 4294967295/);
    expect(gstatus).toMatch(/EMM state:\s+Deregistered/);
    const impref = await at(t, 'AT!IMPREF?');
    expect(impref).toContain(' preferred carrier name:  SIERRA');
    expect(impref).toContain(' current config name:     SIERRA_000.057_000');
    expect(await at(t, 'AT!PRIID?')).toContain('Carrier PRI: 9999999_9908736_SWI9X07H_00.08.07.00_00_SIERRA_000.057_000');
    expect(await at(t, 'AT+CIMI')).toBe('\r\n208013302714859\r\n\r\nOK\r\n');

    expect(await at(t, 'AT!IMPREF="GENERIC"')).toBe('\r\nERROR\r\n');
    expect(await at(t, 'AT!ENTERCND="A710"')).toBe('\r\nOK\r\n');
    expect(await at(t, 'AT!IMPREF="GENERIC"')).toBe('\r\nOK\r\n');
    const pending = await at(t, 'AT!IMPREF?');
    expect(pending).toContain(' preferred carrier name:  GENERIC');
    expect(pending).toContain(' current carrier name:    SIERRA');
    expect(pending).toContain(' carrier name mismatch');

    const firstAttachment = bench.modem().attachment;
    expect(await at(t, 'AT!RESET')).toBe('\r\nOK\r\n');
    const ended = await t.ended;
    expect(ended.reason).toBe('lost');
    await waitFor(() => bench.modem().attachment !== null && bench.modem().attachment !== firstAttachment);

    t = await atPort(bench);
    await waitFor(() => bench.modem().registration().attached);
    expect(await at(t, 'AT!IMPREF?')).not.toContain('mismatch');
    expect(await at(t, 'AT+CEREG?')).toMatch(/\r\n\+CEREG: 0,1\r\n\r\nOK\r\n$/);
    expect(await at(t, 'AT+CEREG=2')).toBe('\r\nOK\r\n');
    expect(await at(t, 'AT+CEREG?')).toMatch(/\r\n\+CEREG: 2,1,"0E62","02AC60[23]",7\r\n\r\nOK\r\n$/);
    expect(await at(t, 'AT+CGACT=1,1')).toBe('\r\nOK\r\n');
    expect(await at(t, 'AT+CGPADDR=1')).toMatch(/^\r\n\+CGPADDR: 1,10\.\d+\.\d+\.\d+\r\n\r\nOK\r\n$/);
    expect(await at(t, 'AT!ENTERCND?')).toBe('\r\nERROR\r\n');
    expect(bench.modem().snapshot().currentMa).toBe(bench.modem().profile.currentMa.dataCall);
    bench.dispose();
  });
});

describe('seed story 2: R8 → R9 update → boot loop → TP1 → recovered', () => {
  it('loses power mid-write, boot-loops at twice the current, and is rescued with TP1', async () => {
    const bench = fastBench('seed');
    const modem = bench.modem();
    let t = await atPort(bench);
    expect(await at(t, 'ATI')).toContain('Revision: SWI9X07H_00.08.07.00');

    // update: boot-and-hold, then the engine streams Release 9; power fails mid-write
    modem.setFault({ kind: 'power-loss-during-write', afterBytes: 1_000_000 });
    expect(await at(t, 'AT!BOOTHOLD')).toBe('\r\nOK\r\n');
    await t.ended;
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    expect(modem.snapshot().usb).toEqual({ vendorId: 0x1199, productId: 0x68c0, interfaces: [0], mode: 'download' });
    const image = goldenImageBytes(2_500_000);
    const dl = bench.connectMemory('download');
    await expect(new DownloadEngine({ transport: dl, images: [imageFromBytes(image, 'RC76xx_Release9_GENERIC_GCF_7620.spk')], timings: FAST_TIMINGS }).run()).rejects.toBeTruthy();

    // the boot loop: up for a moment, gone, again; AT never answers; double current
    await waitFor(() => modem.mode === 'boot-loop' && modem.attachment !== null);
    expect(modem.flash.health).toBe('boot-loop');
    expect(modem.snapshot().currentMa).toBeGreaterThanOrEqual(modem.profile.currentMa.idle * 2 - 20);
    const loopPort = bench.connectMemory('at');
    await loopPort.write(enc('AT\r'));
    const ended = await loopPort.ended;
    expect(ended.reason).toBe('lost');
    await waitFor(() => modem.snapshot().bootLoopCycles >= 2);

    // rescue: TP1 low at power-on → download mode; release TP1; flash R9 again
    modem.holdTp1(true);
    modem.powerCycle();
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    modem.holdTp1(false);
    const dl2 = bench.connectMemory('download');
    const result = await new DownloadEngine({ transport: dl2, images: [imageFromBytes(image, 'RC76xx_Release9_GENERIC_GCF_7620.spk')], timings: FAST_TIMINGS }).run();
    expect(result.reset).toBe('gone');

    t = await atPort(bench);
    const ati = await at(t, 'ATI');
    // what the module reports now comes from the flashed headers
    expect(ati).toContain('Revision: SWI9X07H_00.08.24.02 r0 test 2024/01/01');
    const impref = await at(t, 'AT!IMPREF?');
    expect(impref).toContain(' current fw version:      00.08.24.02');
    expect(impref).toContain(' current config name:     GENERIC_001.081_000');
    expect(modem.snapshot().flashHealth).toBe('ok');
    bench.dispose();
  });

  it('is caught in the boot-loop window with AT!BOOTHOLD', async () => {
    const bench = fastBench('boot-loop');
    const modem = bench.modem();
    await waitFor(() => modem.mode === 'boot-loop' && modem.attachment !== null);
    const t = bench.connectMemory('at');
    await t.write(enc('AT!BOOTHOLD\r'));
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    expect(modem.snapshot().usb?.interfaces).toEqual([0]);
    bench.dispose();
  });

  it('boot-loops after the cable is pulled mid-write (unplug-after fault), until re-flashed', async () => {
    const bench = fastBench('seed');
    const modem = bench.modem();
    const t = await atPort(bench);
    await at(t, 'AT!BOOTHOLD');
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    modem.setFault({ kind: 'unplug-after', bytes: 600_000 });
    const dl = bench.connectMemory('download');
    await expect(new DownloadEngine({ transport: dl, images: [imageFromBytes(goldenImageBytes(2_000_000))], timings: FAST_TIMINGS }).run()).rejects.toBeTruthy();
    expect(modem.snapshot()).toMatchObject({ mode: 'off', cablePlugged: false, flashHealth: 'boot-loop' });
    expect(modem.snapshot().flashHistory.at(-1)).toMatch(/download interrupted .* after \d+ bytes/);
    modem.clearFaults();
    modem.plugCable();
    await waitFor(() => modem.mode === 'boot-loop' && modem.attachment !== null);
    bench.dispose();
  });
});

/** An EM74xx/EM75xx package (SPKG{MODM{DSP2}, FILE{NVUP}}), built with the CWE writer. */
function emPackage(
  p = '9X30',
  build = 'SWI9X30C_02.30.01.01 r7792 CARMD-EV-FRMWR2 2018/07/30 21:55:04',
  pkg = '9999999_9904609_SWI9X30C_02.30.01.01_00_GENERIC_002.045_000',
): Uint8Array {
  const date = '07/30/18';
  const spec: CweImageSpec = {
    type: 'SPKG', product: p, version: pkg, date,
    children: [
      { type: 'MODM', product: p, version: build, date, children: [{ type: 'DSP2', product: p, version: build, date, payload: { synthetic: 'random', size: 400_000, seed: 74 } }] },
      { type: 'FILE', product: p, version: pkg, date, children: [{ type: 'NVUP', product: p, version: pkg, date, payload: new Uint8Array(3000).fill(0x5a) }] },
    ],
  };
  return buildCwe(spec);
}

describe('EM7455: QDL update with the PID pair changing', () => {
  it('unlocks, holds at 9078, takes 02.30.01.01 over QDL and comes back at 9079 running it', async () => {
    const bench = startVirtualBench({ scenario: 'em7455', seed: 5, clock: new ScaledClock(new RealClock(), 0.01) });
    const modem = bench.modem();
    const t = await atPort(bench);
    expect(await at(t, 'AT!BOOTHOLD')).toBe('\r\nERROR\r\n');
    expect(await at(t, 'AT!ENTERCND="A710"')).toBe('\r\nOK\r\n');
    expect(await at(t, 'AT!BOOTHOLD')).toBe('\r\nOK\r\n');
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    expect(modem.snapshot().usb).toMatchObject({ productId: 0x9078, interfaces: [0] });
    const dl = bench.connectMemory('download');
    const result = await new DownloadEngine({ transport: dl, images: [imageFromBytes(emPackage(), 'SWI9X30C_02.30.01.01_GENERIC.spk')], timings: FAST_TIMINGS }).run();
    expect(result.protocol).toBe('qdl');
    const t2 = await atPort(bench);
    expect(modem.snapshot().usb?.productId).toBe(0x9079);
    expect(await at(t2, 'AT+CGMR')).toBe('\r\nSWI9X30C_02.30.01.01 r7792 CARMD-EV-FRMWR2 2018/07/30 21:55:04\r\n\r\nOK\r\n');
    const image = await at(t2, 'AT!IMAGE?');
    expect(image).toContain('FW   2    GOOD   1   0    0    ?_?         02.30.01.01_?');
    expect(image).toContain('Active FW image is at slot 2');
    expect(await at(t2, 'AT!GOBIIMPREF?')).toContain(' current config name:     GENERIC_002.045_000');
    bench.dispose();
  });
});

describe('EM7565: Sahara + Firehose update', () => {
  it('holds at 9090, takes a package over Firehose and reports it after the reset', async () => {
    const bench = startVirtualBench({ scenario: 'em7565', seed: 6, clock: new ScaledClock(new RealClock(), 0.01) });
    const modem = bench.modem();
    const t = await atPort(bench);
    expect(await at(t, 'AT!ENTERCND="A710"')).toBe('\r\nOK\r\n');
    expect(await at(t, 'AT!BOOTHOLD')).toBe('\r\nOK\r\n');
    await waitFor(() => modem.mode === 'download' && modem.attachment !== null);
    expect(modem.snapshot().usb).toMatchObject({ productId: 0x9090, interfaces: [0] });
    const bytes = emPackage('9X50', 'SWI9X50C_01.14.02.00 6c91bc jenkins 2020/05/29 03:48:11', '9999999_9907259_SWI9X50C_01.14.02.00_00_GENERIC_002.028_000');
    const result = await new DownloadEngine({ transport: bench.connectMemory('download'), images: [imageFromBytes(bytes, 'SWI9X50C_01.14.02.00_GENERIC.spk')], timings: FAST_TIMINGS }).run();
    expect(result.protocol).toBe('firehose');
    const t2 = await atPort(bench);
    expect(modem.snapshot().usb?.productId).toBe(0x9091);
    expect(await at(t2, 'AT+CGMR')).toBe('\r\nSWI9X50C_01.14.02.00 6c91bc jenkins 2020/05/29 03:48:11\r\n\r\nOK\r\n');
    expect(await at(t2, 'AT!IMPREF?')).toContain(' current config name:     GENERIC_002.028_000');
    bench.dispose();
  });
});
