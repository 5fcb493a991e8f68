import { describe, expect, it } from 'vitest';
import { enc, bootBench, openAtPort } from './bench.fixture.ts';

/** The V.250 / 27.007 behaviour real AT clients rely on (gammu, gsmlib, ModemManager). */
async function port(scenario: Parameters<typeof bootBench>[0] = 'healthy') {
  const { bench, clock } = await bootBench(scenario);
  const s = await openAtPort(bench, clock);
  return { ...s, bench, clock };
}

/** Writes raw bytes and lets the module answer (for numeric and quiet modes). */
async function raw(s: Awaited<ReturnType<typeof port>>, text: string, ms = 200): Promise<string> {
  s.out.take();
  await s.writer.write(enc(text));
  await s.clock.advance(ms);
  return s.out.take();
}

describe('registration URCs', () => {
  it('sends none after power-up (n=0) and reports n first in the read form', async () => {
    const s = await port();
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    await s.clock.advance(2000);
    expect(s.out.text).not.toMatch(/\+C(E|G)?REG:/);
    expect(await s.at('AT+CREG?')).toBe('AT+CREG?\r\r\n+CREG: 0,1\r\n\r\nOK\r\n');
    expect(await s.at('AT+CGREG?')).toBe('AT+CGREG?\r\r\n+CGREG: 0,1\r\n\r\nOK\r\n');
  });

  it('uses the form n asks for: the status alone for 1, with location for 2', async () => {
    const s = await port('no-signal');
    await s.at('ATE0');
    expect(await s.at('AT+CREG=1;+CEREG=2;+CGREG=0')).toBe('\r\nOK\r\n');
    s.bench.modem().setCoverage(true);
    await s.clock.until(() => s.out.text.includes('+CEREG: 1'), 10_000);
    expect(s.out.text).toContain('\r\n+CREG: 1\r\n');
    expect(s.out.text).toMatch(/\r\n\+CEREG: 1,"0E62","02AC602",7\r\n/);
    expect(s.out.text).not.toContain('+CGREG');
    s.out.take();
    expect(await s.at('AT+CEREG?')).toBe('\r\n+CEREG: 2,1,"0E62","02AC602",7\r\n\r\nOK\r\n');
    expect(await s.at('AT+CREG?')).toBe('\r\n+CREG: 1,1\r\n\r\nOK\r\n');
  });

  it('holds a URC that arises during a command until after its final result code', async () => {
    const s = await port();
    await s.at('ATE1');
    await s.at('AT+CEREG=1');
    s.out.take();
    const written = s.writer.write(enc('AT+COPS=?\r'));
    await s.clock.advance(100);
    s.bench.injectUrc('+CEREG: 5');
    await s.clock.until(() => s.out.text.includes('+CEREG: 5'), 10_000);
    await written;
    const text = s.out.take();
    expect(text.indexOf('OK')).toBeGreaterThan(0);
    expect(text.indexOf('+CEREG: 5')).toBeGreaterThan(text.indexOf('OK'));
    expect(text.startsWith('AT+COPS=?\r\r\n+COPS: ')).toBe(true);
  });

  it('holds URCs while the host is typing a line', async () => {
    const s = await port();
    await s.at('ATE0');
    s.out.take();
    await s.writer.write(enc('AT+CG'));
    s.bench.injectUrc('RING');
    await s.clock.advance(50);
    expect(s.out.text).toBe('');
    await s.writer.write(enc('MI\r'));
    await s.clock.advance(100);
    expect(s.out.take()).toBe('\r\nSierra Wireless, Incorporated\r\n\r\nOK\r\n\r\nRING\r\n');
  });
});

describe('V.250 command line', () => {
  it('takes several basic commands on one line and extended ones joined by ;', async () => {
    const s = await port();
    expect(await s.at('ATQ0 V1 E1 S0=0 &C1 &D2')).toBe('ATQ0 V1 E1 S0=0 &C1 &D2\r\r\nOK\r\n');
    await s.at('ATE0');
    expect(await s.at('AT+CGMI;+CGMM')).toBe('\r\nSierra Wireless, Incorporated\r\nRC7620-1\r\n\r\nOK\r\n');
    expect(await s.at('at+cgmi;+FOO;+CGMM')).toBe('\r\nERROR\r\n');
    expect(await s.at('aT+cGmM')).toBe('\r\nRC7620-1\r\n\r\nOK\r\n');
    expect(await s.at('ATS7=60 S7?')).toBe('\r\n060\r\n\r\nOK\r\n');
    expect(await s.at('ATS99=1')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT+BOGUS')).toBe('\r\nERROR\r\n');
    expect(await s.at('ATE2')).toBe('\r\nERROR\r\n');
    expect(await s.at('AT+IFC?;+IPR?')).toBe('\r\n+IFC: 2,2\r\n+IPR: 115200\r\n\r\nOK\r\n');
    expect(await raw(s, 'ATD*99#\r', 4000)).toBe('\r\nNO CARRIER\r\n');
  });

  it('repeats the last line with A/ and honours backspace', async () => {
    const s = await port();
    await s.at('ATE0');
    expect(await s.at('AT+CGMX\bM')).toBe('\r\nRC7620-1\r\n\r\nOK\r\n');
    expect(await raw(s, 'A/')).toBe('\r\nRC7620-1\r\n\r\nOK\r\n');
  });

  it('answers with numeric codes after ATV0 and with none after ATQ1', async () => {
    const s = await port();
    await s.at('ATE0');
    expect(await raw(s, 'ATV0\r')).toBe('0\r');
    expect(await raw(s, 'AT+CGMM\r')).toBe('RC7620-1\r\n0\r');
    expect(await raw(s, 'AT+NOPE\r')).toBe('4\r');
    expect(await raw(s, 'ATV1Q1\r')).toBe('');
    expect(await raw(s, 'AT+CGMM\r')).toBe('\r\nRC7620-1\r\n');
    expect(await raw(s, 'ATQ0\r')).toBe('\r\nOK\r\n');
  });

  it('saves the profile with &W, restores it with Z (also after a reset) and the factory one with &F', async () => {
    const s = await port();
    await s.at('ATE0');
    await s.at('ATS0=2&W');
    await s.at('ATS0=5');
    expect(await s.at('ATZ;S0?')).toBe('\r\n002\r\n\r\nOK\r\n');
    expect(await s.at('AT&V')).toContain('STORED PROFILE:\r\nE0 Q0 V1 X4 &C1 &D2\r\nS00:002');
    expect(await s.at('AT&F;S0?')).toBe('\r\n000\r\n\r\nOK\r\n');
    // &F turned echo back on
    expect(await s.at('AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('starts with the profile +CMEE (verbose on the RC76, numeric on the EM7455)', async () => {
    const rc = await port('no-sim');
    await rc.at('ATE0');
    expect(await rc.at('AT+CMEE?')).toBe('\r\n+CMEE: 2\r\n\r\nOK\r\n');
    expect(await rc.at('AT+CPIN?')).toBe('\r\n+CME ERROR: SIM not inserted\r\n');
    const em = await port('em7455');
    await em.at('ATE0');
    expect(await em.at('AT+CMEE?')).toBe('\r\n+CMEE: 1\r\n\r\nOK\r\n');
  });

  it('takes seconds to scan operators', async () => {
    const s = await port();
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    const t0 = s.clock.now();
    expect(await s.at('AT+COPS=?')).toContain('(2,"Orange F","Orange F","20801",7)');
    expect(s.clock.now() - t0).toBeGreaterThanOrEqual(3000);
  });
});

describe('what generic clients probe', () => {
  it('answers the SMS, indicator and character-set queries', async () => {
    const s = await port();
    await s.at('ATE0');
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    expect(await s.at('AT+CSCS?')).toBe('\r\n+CSCS: "IRA"\r\n\r\nOK\r\n');
    expect(await s.at('AT+CPMS?')).toBe('\r\n+CPMS: "SM",1,30,"SM",1,30,"SM",1,30\r\n\r\nOK\r\n');
    expect(await s.at('AT+CNMI=?')).toBe('\r\n+CNMI: (0-2),(0-3),(0,2),(0-2),(0-1)\r\n\r\nOK\r\n');
    expect(await s.at('AT+CIND?')).toBe('\r\n+CIND: 5,4,1,0,0,0,1,0\r\n\r\nOK\r\n');
    expect(await s.at('AT+COPS=3,2;+COPS?')).toBe('\r\n+COPS: 0,2,"20801",7\r\n\r\nOK\r\n');
    // the stored message as a 23.040 SMS-DELIVER in PDU mode
    const list = await s.at('AT+CMGL=4');
    expect(list).toMatch(/^\r\n\+CMGL: 1,1,,\d+\r\n07913386094000F0040B913316325476F800006211039021504015C2/);
    expect(await s.at('AT+CMGF=1;+CMGR=1')).toBe('\r\n+CMGR: "REC READ","+33612345678",,"26/11/30,09:12:05+04"\r\nBienvenue chez Orange\r\n\r\nOK\r\n');
    expect(await s.at('AT+CRSM=176,12258,0,0,10')).toBe('\r\n+CRSM: 144,0,"983310640191201837F5"\r\n\r\nOK\r\n');
  });
});

describe('ModemManager probing', () => {
  it('answers the commands ModemManager sends while probing a port', async () => {
    const s = await port();
    await s.clock.until(() => s.bench.modem().registration().attached, 10_000);
    await s.at('ATE0');
    const probes = ['AT', 'ATV1', 'AT+CMEE=1', 'AT+GCAP', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+CGSN', 'AT+CPIN?', 'AT+CGDCONT=?', 'AT+CIND=?', 'AT+CMER=?', 'AT+CNMI=?', 'AT+CPMS=?', 'AT+CSCS=?', 'AT+WS46=?', 'AT+CFUN?', 'AT+CLIP=1', 'AT+CRC=1', 'AT+CGREG=2', 'AT+CEREG=2', 'AT+COPS=3,2;+COPS?', 'AT+CESQ', 'AT+CCLK?', 'AT+CTZR=1', 'AT+CUSD=1', 'AT+CPBS=?', 'AT+CLCK="SC",2', 'AT+CNUM'];
    for (const p of probes) expect(await s.at(p), p).toMatch(/\r\nOK\r\n$/);
    expect(await s.at('AT+GCAP')).toBe('\r\n+GCAP: +CGSM\r\n\r\nOK\r\n');
    expect(await s.at('AT+CESQ')).toBe('\r\n+CESQ: 99,99,255,255,18,44\r\n\r\nOK\r\n');
  });
});
