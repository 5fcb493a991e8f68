import { describe, expect, it } from 'vitest';
import { bootBench, openAtPort } from './bench.fixture.ts';

async function session(scenario: Parameters<typeof bootBench>[0]) {
  const { bench, clock } = await bootBench(scenario);
  const s = await openAtPort(bench, clock);
  await s.at('ATE0');
  // numeric error codes and registration URCs, as a host that sets them up
  await s.at('AT+CMEE=1;+CREG=2;+CEREG=2');
  return { ...s, bench, clock };
}

describe('AT personality: SIM and error modes', () => {
  it('reports a missing SIM per +CMEE', async () => {
    const s = await session('no-sim');
    expect(await s.at('AT+CPIN?')).toBe('\r\n+CME ERROR: 10\r\n');
    expect(await s.at('AT+CMEE=2')).toBe('\r\nOK\r\n');
    expect(await s.at('AT+CPIN?')).toBe('\r\n+CME ERROR: SIM not inserted\r\n');
    expect(await s.at('AT+CMEE=0')).toBe('\r\nOK\r\n');
    expect(await s.at('AT+CIMI')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT+CMEE?')).toBe('\r\n+CMEE: 0\r\n\r\nOK\r\n');
  });

  it('asks for the PIN, counts attempts, then registers', async () => {
    const s = await session('sim-pin');
    expect(await s.at('AT+CPIN?')).toBe('\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n');
    expect(await s.at('AT+CIMI')).toBe('\r\n+CME ERROR: 11\r\n');
    expect(await s.at('AT+ICCID')).toBe('\r\nICCID: 8933014610190281735\r\n\r\nOK\r\n');
    expect(await s.at('AT!ICCID?')).toBe('\r\n+CME ERROR: 11\r\n');
    expect(await s.at('AT+CPIN="0000"')).toBe('\r\n+CME ERROR: 16\r\n');
    expect(await s.at('AT+CPIN="1234"')).toBe('\r\nOK\r\n');
    expect(await s.at('AT+CPIN?')).toBe('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    await s.clock.until(() => s.out.text.includes('+CEREG: 1'), 10_000);
    expect(await s.at('AT+CCID')).toBe('\r\n+CCID: 8933014610190281735\r\n\r\nOK\r\n');
  });

  it('blocks the PIN after three wrong tries and unblocks with the PUK', async () => {
    const s = await session('sim-pin');
    for (let i = 0; i < 3; i++) await s.at('AT+CPIN="9999"');
    expect(await s.at('AT+CPIN?')).toBe('\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n');
    expect(await s.at('AT+CPIN="12345678","4321"')).toBe('\r\nOK\r\n');
    expect(s.bench.modem().sim.pin).toBe('4321');
  });
});

describe('AT personality: radio and network', () => {
  it('shows a healthy registration', async () => {
    const s = await session('healthy');
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    expect(await s.at('AT+CSQ')).toBe('\r\n+CSQ: 23,99\r\n\r\nOK\r\n');
    expect(await s.at('AT+COPS?')).toBe('\r\n+COPS: 0,0,"Orange F",7\r\n\r\nOK\r\n');
    expect(await s.at('AT+CFUN?')).toBe('\r\n+CFUN: 1\r\n\r\nOK\r\n');
    expect(await s.at('AT!SELRAT?')).toBe('\r\n!SELRAT: 00, Automatic\r\n\r\nOK\r\n');
    expect(await s.at('AT+CGDCONT?')).toBe('\r\n+CGDCONT: 1,"IPV4V6","","",0,0,0,0\r\n+CGDCONT: 2,"IPV4V6","ims","",0,0,0,0\r\n\r\nOK\r\n');
    const g = await s.at('AT!GSTATUS?');
    expect(g).toMatch(/^\r\n!GSTATUS: \r\nCurrent Time:  \d+\t\tTemperature: 34\r\n/);
    expect(g).toContain('LTE band:      B20    \t\tLTE bw:      10 MHz');
    expect(g).toContain('PS state:    Attached');
    expect(g).toContain('Modem Mitigate Level:');
    expect(g).toContain('RSRP');
    // !SCACT is tied to GobiNet on RC76: no network service even when registered
    expect(await s.at('AT!SCACT=1,1')).toBe('\r\n+CME ERROR: 30\r\n');
    expect(await s.at('AT+CGACT=1,1')).toBe('\r\nOK\r\n');
    expect(await s.at('AT+CGACT?')).toBe('\r\n+CGACT: 1,1\r\n+CGACT: 2,0\r\n\r\nOK\r\n');
  });

  it('searches forever without coverage', async () => {
    const s = await session('no-signal');
    await s.clock.advance(8000);
    expect(await s.at('AT+CREG?')).toBe('\r\n+CREG: 2,2\r\n\r\nOK\r\n');
    expect(await s.at('AT+CSQ')).toBe('\r\n+CSQ: 99,99\r\n\r\nOK\r\n');
    expect(await s.at('AT+COPS?')).toBe('\r\n+COPS: 0\r\n\r\nOK\r\n');
    expect(await s.at('AT+CGACT=1,1')).toBe('\r\n+CME ERROR: 30\r\n');
    s.bench.modem().setCoverage(true);
    await s.clock.until(() => s.out.text.includes('+CEREG: 1'), 10_000);
  });

  it('turns the radio off and on with +CFUN, and prints the low-power GSTATUS', async () => {
    const s = await session('healthy');
    expect(await s.at('AT+CFUN=4')).toBe('\r\nOK\r\n');
    expect(await s.at('AT!GSTATUS?')).toBe('\r\n!GSTATUS: \r\nCurrent Time:  ' + (await currentTime(s)) + '\t\tTemperature: 34\r\nReset Counter: 2\t\tMode:        LOW POWER MODE \r\n\r\nOK\r\n');
    expect(await s.at('AT!PCINFO?')).toContain('State: Low Power Mode\r\nLPM voters - Temp:0, Volt:0, User:1,');
    expect(await s.at('AT+CFUN=1')).toBe('\r\nOK\r\n');
  });

  it('lists operators with +COPS=? after a scan', async () => {
    const s = await session('healthy');
    await s.clock.until(() => s.bench.modem().registration().camped, 10_000);
    expect(await s.at('AT+COPS=?')).toBe('\r\n+COPS: (2,"Orange F","Orange F","20801",7),(3,"SFR","SFR","20810",7),(3,"Bouygues","BYTEL","20820",7),,(0-4),(0-2)\r\n\r\nOK\r\n');
  });
});

async function currentTime(s: { bench: { modem(): { clock: { now(): number }; session: { bootedAt: number } } } }): Promise<number> {
  const m = s.bench.modem();
  return Math.floor((m.clock.now() - m.session.bootedAt) / 1000);
}

describe('AT personality: protected commands and images', () => {
  it('hides band masks until ENTERCND and refuses protected setters', async () => {
    const s = await session('healthy');
    expect(await s.at('AT!BAND=?')).toBe('\r\nIndex, Name\r\n00, All bands\r\n01, Europe 3G\r\n02, North America 3G\r\n06, Europe\r\n07, North America\r\n08, WCDMA ALL\r\n09, LTE ALL\r\n\r\nOK\r\n');
    expect(await s.at('AT!BAND=09')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT!USBCOMP?')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT!ENTERCND="nope"')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT!ENTERCND="A710"')).toBe('\r\nOK\r\n');
    const band = await s.at('AT!BAND?');
    expect(band).toContain('GW Band Mask     L Band Mask');
    // RC7620-1 bands 1,3,7,8,20,28 → bits 0,2,6,7,19,27
    expect(band).toContain('00000000080800C5');
    expect(await s.at('AT!USBCOMP?')).toBe('\r\nConfig Index: 1\r\nConfig Type:  1 (Generic)\r\nInterface bitmask: 0008010D (diag,nmea,modem,rmnet0,ecm)\r\n\r\nOK\r\n');
  });

  it('lists firmware and carrier images', async () => {
    const s = await session('seed');
    const image = await s.at('AT!IMAGE?');
    expect(image).toContain('FW   1    GOOD   1   0    0    ?_?         00.08.07.00_?');
    expect(image).toContain('Active FW image is at slot 1');
    expect(image).toContain('PRI  FF   GOOD   0   0    0    000.057_000 00.08.07.00_SIERRA');
    expect(image).toContain('PRI  FF   GOOD   0   0    0    001.081_000 00.08.07.00_GENERIC');
    expect(image).toContain('Max PRI images: 50');
  });

  it('answers chained commands and ignores lines without AT', async () => {
    const s = await session('healthy');
    expect(await s.at('AT+CGMI;+CGMM')).toBe('\r\nSierra Wireless, Incorporated\r\nRC7620-1\r\n\r\nOK\r\n');
    expect(await s.at('ATE0V1')).toBe('\r\nOK\r\n');
    s.out.take();
    await s.writer.write(new TextEncoder().encode('hello\r'));
    await s.clock.advance(200);
    expect(s.out.text).toBe('');
  });

  it('uses the 9x30 GSTATUS layout and GOBIIMPREF on the EM7455', async () => {
    const s = await session('em7455');
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    const g = await s.at('AT!GSTATUS?');
    expect(g).toContain('LTE CA state:  NOT ASSIGNED');
    expect(g).toContain('RSRP (dBm):  -97');
    expect(g).not.toContain('Mitigate');
    expect(await s.at('AT!GOBIIMPREF?')).toContain(' current config name:     GENERIC_002.026_000');
    const ati = await s.at('ATI');
    expect(ati).toContain('Revision: SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 06:23:09');
    expect(ati).toContain('MEID: 35907206045169');
  });

  it('uses the 9x50 layout on the EM7565', async () => {
    const s = await session('em7565');
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    const g = await s.at('AT!GSTATUS?');
    expect(g).toContain('LTE SSC1 state:INACTIVE');
    expect(g).toContain('PCC RxM RSRP:');
    expect(await s.at('AT!GOBIIMPREF?')).toBe('\r\nERROR\r\n');
  });
});

describe('AT personality: WP7607', () => {
  it('boots slowly, reports its SWI9X07Y revision and shows the ADB interface on USB only', async () => {
    const s = await session('wp7607');
    expect(await s.at('AT+CGMR')).toBe('\r\nSWI9X07Y_02.37.03.00 73df45 jenkins 2020/04/08 10:59:14\r\n\r\nOK\r\n');
    expect(s.bench.modem().snapshot().usb?.interfaces).toEqual([0, 1, 2, 3, 8]);
    expect(s.bench.picker.history.at(-1)?.candidates.map((c) => c.function)).toEqual(['dm', 'nmea', 'at']);
    expect(s.bench.modem().clock.now()).toBeGreaterThan(12_000);
  });
});

describe('AT personality: image preference mismatch', () => {
  it('stays in low power mode until the preference names a stored image', async () => {
    const s = await session('impref-mismatch');
    expect(await s.at('AT+CMEE=2')).toBe('\r\nOK\r\n');
    expect(await s.at('AT+CFUN?')).toBe('\r\n+CFUN: 0\r\n\r\nOK\r\n');
    expect(await s.at('AT+CFUN=1')).toBe('\r\n+CME ERROR: operation not supported\r\n');
    expect(await s.at('AT!PCINFO?')).toContain('IMSWITCH:1');
    const impref = await s.at('AT!IMPREF?');
    expect(impref).toContain(' fw version mismatch\r\n carrier name mismatch\r\n config name mismatch\r\n');
    expect(await s.at('AT!GSTATUS?')).toContain('Mode:        LOW POWER MODE');
    expect(await s.at('AT!ENTERCND="A710"')).toBe('\r\nOK\r\n');
    expect(await s.at('AT!IMPREF="GENERIC"')).toBe('\r\nOK\r\n');
    expect(await s.at('AT!RESET')).toContain('OK');
    await s.clock.until(() => s.bench.modem().mode === 'booting', 2000);
    await s.clock.until(() => s.bench.modem().snapshot().atReady, 20_000);
    expect(s.bench.modem().session.imswitchLpm).toBe(false);
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
  });
});
