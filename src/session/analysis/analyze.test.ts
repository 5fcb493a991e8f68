import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.ts';
import { toReport } from './report.ts';
import { stripNoise } from './noise.ts';
import * as L from './logs.fixture.ts';

const ids = (text: string) => analyzeText(text).findings.map((f) => f.id);

describe('stripNoise', () => {
  it.each([
    ['[  101.234567] usb 1-1.3: USB disconnect', 'usb 1-1.3: USB disconnect'],
    ['root@gateway:~# AT+CSQ', 'AT+CSQ'],
    ['pi@raspberrypi:~ $ AT', 'AT'],
    ['[10:11:12.050] Rx: +CME ERROR: 10', '+CME ERROR: 10'],
    ['2023-05-04 10:11:12.345 Modem is in QDL mode.', 'Modem is in QDL mode.'],
    ['Jan 02 10:11:12 box kernel: usb 2-1: x', 'kernel: usb 2-1: x'],
    ['> Model: EM7455', 'Model: EM7455'],
    ['\u001b[32mOK\u001b[0m', 'OK'],
  ])('%s', (raw, clean) => expect(stripNoise(raw)).toBe(clean));
});

describe('analyzeText', () => {
  it('reads the seed case from a mixed qmicli + AT paste', () => {
    const r = analyzeText(L.SEED_MIXED);
    expect(r.kind).toBe('mixed');
    expect(r.commandCount).toBe(5);
    const rep = toReport(r);
    expect(rep.modem).toMatchObject({
      model: 'RC7620-1', family: 'RC76xx', firmware: 'SWI9X07H_00.08.07.00', firmwareVersion: '00.08.07.00', release: 'Release 8',
      carrier: { current: 'SIERRA', preferred: 'SIERRA' }, cfun: null, usb: null,
    });
    // The user's own text: identifiers as found, masked only on request.
    expect(rep.modem.imei).toBe('352653090123456');
    expect(rep.identifiers).toBe('as-found');
    const masked = toReport(r, 'en', { redact: true });
    expect(masked.modem.imei).toBe('•••••••••••3456');
    expect(masked.modem.iccid).toBe('•••••••••••••••8901');
    expect(masked.identifiers).toBe('masked');
    expect(rep.errors[0]).toMatchObject({ source: 'qmi', code: 14, name: 'CallFailed', line: 2 });
    expect(rep.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed', 'firmware-outdated']));
    // The +CEREG URC in the middle of AT+CREG? did not become its answer.
    expect(r.snapshot.registration.cs).toMatchObject({ stat: 1 });
    expect(JSON.stringify(masked)).not.toContain('352653090123456');
  });

  it('reads a libqmi download log', () => {
    const r = analyzeText(L.LIBQMI_TP1_UNSUPPORTED);
    expect(r.kind).toBe('log');
    expect(r.tool).toBe('qmi-firmware-update');
    expect(r.errors.map((e) => e.source)).toEqual(['libqmi', 'libqmi', 'libqmi', 'libqmi']);
    expect(ids(L.LIBQMI_TP1_UNSUPPORTED)).toEqual(expect.arrayContaining(['download-protocol-failed', 'download-mode', 'download-mode-not-entered']));
  });

  it('spots a USB boot loop from dmesg and libqmi', () => {
    const r = analyzeText(L.BOOT_LOOP_DMESG_AND_LIBQMI);
    expect(r.tools).toEqual(expect.arrayContaining(['dmesg', 'qmi-firmware-update']));
    expect(toReport(r).modem.usb).toEqual({ vid: '1199', pid: '68c0' });
    expect(toReport(r).modem.usbMatches).toEqual(expect.arrayContaining(['RC7620-1', 'RC7611']));
    expect(toReport(r).modem.model).toBeNull();
    expect(r.findings[0]!.id).toBe('boot-loop');
  });

  it('reads FDT2 reports', () => {
    const r = analyzeText(L.FDT2_PRIMARY_14);
    expect(r.tool).toBe('fdt2');
    // One failure, one error: primary 14 with its secondary 0; "Device error code: 0x0" is no error.
    expect(toReport(r).errors.map((e) => [e.source, e.code, e.primary, e.secondary])).toEqual([['fdt2', '14/0', 14, 0]]);
    expect(r.findings.map((f) => f.id)).toContain('download-protocol-failed');
    expect(toReport(r).modem.imei).toBe('352653090123456');
    expect(ids(L.FDT2_EM7455_82_5)).toEqual(expect.arrayContaining(['download-protocol-failed', 'device-not-found']));
  });

  it('reads fwdwl-lite logs', () => {
    expect(analyzeText(L.FWDWL_MODEMMANAGER).findings.map((f) => f.id)).toEqual(['port-busy']);
    const inv = analyzeText(L.FWDWL_INVALID_IMAGE);
    expect(inv.tool).toBe('fwdwl-lite');
    expect(inv.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['image-rejected', 'download-mode', 'download-protocol-failed']));
    expect(ids(L.FWDWL_NO_BOOT_AND_HOLD)).toContain('download-mode-not-entered');
  });

  it('recognises answers without command lines under forum quoting', () => {
    const r = analyzeText(L.FORUM_ANSWERS_ONLY);
    expect(r.kind).toBe('at');
    expect(r.commandCount).toBe(0);
    const rep = toReport(r);
    expect(rep.modem).toMatchObject({ model: 'EM7455', family: 'EM/MC74xx', firmwareVersion: '02.24.05.06', cfun: 0, carrier: { current: 'GENERIC', preferred: 'GENERIC' } });
    expect(rep.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['carrier-mismatch', 'radio-off']));
  });

  it('reads a Tx/Rx logger transcript', () => {
    const r = analyzeText(L.RX_TX_TRANSCRIPT);
    expect(r.commandCount).toBe(5);
    expect(r.snapshot.sim?.state).toBe('not-inserted');
    expect(r.lockedCommands).toEqual(['AT!USBCOMP?']);
    expect(r.errors.map((e) => e.code)).toEqual([10, 923]);
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['sim-not-ready', 'data-call-failed', 'password-required']));
  });

  it('reads journalctl with ModemManager holding the port', () => {
    const r = analyzeText(L.JOURNAL_MM);
    expect(r.tools).toEqual(expect.arrayContaining(['journalctl', 'modemmanager']));
    expect(toReport(r).modem.usb).toEqual({ vid: '1199', pid: '9071' });
    expect(r.errors.map((e) => e.source)).toEqual(expect.arrayContaining(['kernel', 'libqmi']));
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['port-busy', 'device-not-found']));
  });

  it('re-joins wrapped lines and reads the ICCID from +CRSM', () => {
    const r = analyzeText('[  5.1] usb 1-1: New USB device found, idVendor=1199,\n    idProduct=68c0, bcdDevice= 0.00\nAT+CRSM=176,12258,0,0,10\n+CRSM: 144,0,"983310542143658709F1"\nOK\n');
    expect(toReport(r).modem.usb).toEqual({ vid: '1199', pid: '68c0' });
    expect(r.snapshot.iccid).toBe('8933014512345678901');
  });

  it('connects an FDT2 adapter error with a composition that lacks rmnet', () => {
    const r = analyzeText(`${L.FDT2_EM7455_82_5}AT!USBCOMP?\nConfig Index: 1\nConfig Type:  1 (Generic)\nInterface bitmask: 0000000D (diag,nmea,modem)\n\nOK\n`);
    expect(r.snapshot.usbComposition?.functions).toEqual(['diag', 'nmea', 'modem']);
    const f = r.findings.find((x) => x.id === 'download-protocol-failed')!;
    expect(f.nextSteps[0]!.text.en).toMatch(/no rmnet\/MBIM adapter/);
  });

  it('calls pure tool logs "log", even when they print identity lines', () => {
    for (const text of [L.LIBQMI_TP1_UNSUPPORTED, L.BOOT_LOOP_DMESG_AND_LIBQMI, L.FDT2_PRIMARY_14, L.FDT2_EM7455_82_5, L.FWDWL_MODEMMANAGER, L.FWDWL_INVALID_IMAGE, L.FWDWL_NO_BOOT_AND_HOLD, L.JOURNAL_MM]) {
      const r = analyzeText(text);
      expect(r.kind, text.slice(0, 60)).toBe('log');
      expect(r.findings.map((f) => f.id), text.slice(0, 60)).not.toContain('carrier-image-missing');
    }
  });

  it('reads mmcli and qmicli identity output', () => {
    const mm = toReport(analyzeText(L.MMCLI_SEED));
    expect(mm.modem).toMatchObject({ model: 'RC7620-1', firmwareVersion: '00.08.07.00', imei: '352653090123456', operator: 'Orange F' });
    expect(mm.tools).toContain('modemmanager');
    expect(mm.kind).toBe('log');
    const q = toReport(analyzeText(L.QMICLI_IDS));
    expect(q.modem).toMatchObject({ firmware: 'SWI9X07H_00.08.07.00', imei: '352653090123456' });
    expect(q.tool).toBe('qmicli');
  });

  it('reports a success banner', () => {
    expect(ids(L.WDSI_SUCCESS)).toEqual(['update-succeeded']);
  });

  it('says unknown for unrelated text and never guesses fields', () => {
    const r = analyzeText('hello world\nthis is not a modem log\n');
    expect(r.kind).toBe('unknown');
    const rep = toReport(r);
    expect(rep.modem).toMatchObject({ model: null, family: null, firmware: null, imei: null, usb: null });
    expect(rep.findings).toEqual([]);
  });
});
