/**
 * Every Sierra family the field shows, recognised from what real pastes print: ATI's model and
 * revision, mmcli's h/w revision, USB product strings. Texts are quoted from the labelled corpus
 * (shared/corpus via real-cases.fixture.ts, and lines of tests/corpus files named below).
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, familyOfModel, familyOfRevision, isDownloadPid, sierraModelOf } from './families.ts';
import { analyzeText } from '../session/analysis/analyze.ts';
import { toReport } from '../session/analysis/report.ts';
import { REAL_CASES } from '../session/analysis/real-cases.fixture.ts';

const report = (text: string) => toReport(analyzeText(text));

describe('module families (real cases)', () => {
  it.each([
    // [case, chipset family id]
    ['mc7355_swi9x15c-01.08.16.03_ati', '9x15'],
    ['em7430_swi9x30c-02.24.05.06_ati-gstatus-registered-vs-not-attached', '9x30'],
    ['mc7455-es_swi9x30c-02.33.03.00_ati-pcinfo-gobiimpref-empty-current', '9x30'],
    ['em7565_swi9x50c-01.00.02.00_impref-mismatch-lpm-ati-recovery', '9x50'],
    ['em7565_qmi-firmware-update_single-tty-U_current-firmware-01.00.02.00', '9x50'],
    ['rc7620-1_swi9x07h-00.08.07.00_ati-qti-baseline', '9x07'],
    ['wp7607_swi9x07y-02.37.03.00_ati9-cgdcont-cgact-cgauth-ksrat-cgpaddr-timestamped', '9x07'],
    ['rc7620_swi9x07h-00.08.24.02_crash-mpss-fs_device-nv-rebuild', '9x07'],
    ['mc8790v_k1_0_2_4ap_ati-gcdump-iccid-error', 'MC87xx/88xx'],
  ])('%s → %s', (name, family) => {
    expect(report(REAL_CASES[name]!.text).modem.chipsetFamily).toBe(family);
  });

  it('9x06 (WP77xx): the model names it, the firmware line is SWI9X06Y', () => {
    expect(familyOfModel('WP7702')?.id).toBe('9x06');
    expect(familyOfRevision('SWI9X06Y_02.16.06.00')?.id).toBe('9x06');
  });

  it('DW5811e is an EM7455 (9x30); the OEM name is kept as printed', () => {
    // tests/corpus logs/dw5811e-em7455b_…: mmcli "model: DW5811e Snapdragon™ X7 LTE", "h/w revision: EM7455B"
    expect(familyOfModel('DW5811e')?.id).toBe('9x30');
    expect(sierraModelOf('DW5811e')).toBe('EM7455');
    const r = report('  Hardware |         manufacturer: Sierra Wireless, Incorporated\n           |                model: DW5811e Snapdragon™ X7 LTE\n           |    firmware revision: SWI9X30C_02.24.03.00\n');
    expect(r.modem).toMatchObject({ firmware: 'SWI9X30C_02.24.03.00', chipsetFamily: '9x30' });
  });

  it('SDX55 (EM919x): mmcli prints the version with its carrier', () => {
    // tests/corpus logs/em9191_openwrt-mmcli-get-cell-info_…
    const r = report('  Hardware |           manufacturer: Sierra Wireless, Incorporated\n           |                  model: Sierra Wireless EM9191\n           |      firmware revision: 03.10.07.00_GENERIC\n           |           h/w revision: EM9191\n');
    expect(r.modem.firmwareVersion).toBe('03.10.07.00');
    expect(familyOfModel('EM9191')?.id).toBe('SDX55');
    expect(familyOfRevision('SWIX55C_03.10.07.00')?.id).toBe('SDX55');
  });

  it('SDX62/65 (EM929x): SWIX65C', () => {
    expect(familyOfModel('EM9293')?.id).toBe('SDX62/65');
    expect(familyOfRevision('SWIX65C_02.17.08.00')?.id).toBe('SDX62/65');
  });

  it('HL series: revision strings of their own, printed bare by ATI9 / AT+CGMR', () => {
    // tests/corpus at/hl8548_rhl85xx.5.5.24.0_… and at/hl7692_rhl769x.2.23_…
    expect(report('RHL85xx.5.5.24.0.201704131036.x6250_4\n2017/04/13 11:03:56\n').modem).toMatchObject({ firmware: 'RHL85xx.5.5.24.0.201704131036.x6250_4', chipsetFamily: 'HL' });
    expect(report('ati9\n\nRHL769x.2.23.172400.201706231140.x7120m_1\nHL7692\nHL769x.2.23\nx7120m\nFUSED\n2017-06-23 11:44:41\nr9909\n\nOK\n').modem.firmware).toBe('RHL769x.2.23.172400.201706231140.x7120m_1');
    expect(familyOfModel('HL7539')?.id).toBe('HL');
    expect(familyOfModel('HL7800')?.id).toBe('HL');
  });

  it('MC77xx: the QMI PID 68a2 seen in kernel logs', () => {
    // tests/corpus logs/mc7710_kernel-syslog_enumeration-1199-68a2-lenovo-t420
    const r = report('Sep 24 22:32:27 think kernel: usb 2-1.4: New USB device found, idVendor=1199, idProduct=68a2\nSep 24 22:32:27 think kernel: usb 2-1.4: Product: MC7710\n');
    expect(r.modem).toMatchObject({ model: 'MC7710', chipsetFamily: 'MC77xx', usb: { vid: '1199', pid: '68a2' } });
    expect(r.findings.map((f) => f.id)).not.toContain('download-mode');
  });

  it('download-mode PIDs: only those a family uses for download alone', () => {
    expect(isDownloadPid(0x1199, 0x9090)).toBe(true); // EM75xx boot
    expect(isDownloadPid(0x1199, 0x9078)).toBe(true); // EM74xx QDL
    expect(isDownloadPid(0x1199, 0x68c0)).toBe(false); // RC76xx keeps it in both modes
    expect(isDownloadPid(0x1199, 0x9091)).toBe(false);
  });

  it('every family carries its sources', () => {
    for (const f of FAMILIES) expect(f.sources.length, f.id).toBeGreaterThan(0);
  });
});
