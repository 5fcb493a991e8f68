/**
 * One test per way a paste arrives, each on a real case (real-cases.fixture.ts, quoted from the
 * labelled corpus): terminal prefixes and direction marks, timestamps, mmcli wrapping, answers
 * without commands, collapsed spacing and cut lines, forum typography, Windows line ends,
 * several attempts, and every tool log the corpus has. Plus: each quoted case meets its labels.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.ts';
import { toReport, type AnalysisReport } from './report.ts';
import { REAL_CASES } from './real-cases.fixture.ts';

const rep = (name: string): AnalysisReport => toReport(analyzeText(REAL_CASES[name]!.text));
const ids = (r: AnalysisReport) => r.findings.map((f) => f.id);

describe('how text arrives (real cases)', () => {
  it('terminal prefixes Send:/Recieve: (misspelt as the program prints it) and typographic quotes', () => {
    const r = rep('mc7455-es_swi9x30c-02.33.03.00_ati-pcinfo-gobiimpref-empty-current');
    expect(r.kind).toBe('at');
    expect(r.modem).toMatchObject({ model: 'MC7455', firmware: 'SWI9X30C_02.33.03.00', imei: '001027009999999', carrier: { current: null, preferred: 'GENERIC' } });
    expect(ids(r)).toEqual(expect.arrayContaining(['radio-off', 'carrier-mismatch']));
  });

  it('direction marks glued to the line (<AT… sent, >… received)', () => {
    const r = rep('rc7620-1_release10_wfwupd-install-fails');
    expect(r.kind).toBe('at');
    expect(ids(r)).not.toContain('update-succeeded');
  });

  it('-->/<-- marks mixed with an unmarked echo, +CRSM EF_ICCID', () => {
    expect(rep('sierra_iccid-before-pin_at-plus-iccid-and-crsm').modem.iccid).toBe('89490200000863940628');
  });

  it('minicom timestamps on every line, a revision cut at 80 columns, Legato cm info above', () => {
    const r = rep('wp7607_swi9x07y-02.37.03.00_ati9-cgdcont-cgact-cgauth-ksrat-cgpaddr-timestamped');
    expect(r.modem).toMatchObject({ model: 'WP7607', firmware: 'SWI9X07Y_02.37.03.00', imei: '359779080470764', carrier: { current: 'GENERIC' } });
    // at+cgact=2,0 (wrong order) → ERROR is no failed data call.
    expect(ids(r)).not.toContain('data-call-failed');
  });

  it("mmcli --command wraps the answer as response: '…' (TABs kept)", () => {
    const r = rep('em7455_mmcli-command_gstatus-b25');
    expect(ids(r)).not.toEqual(expect.arrayContaining(['not-registered']));
    expect(ids(r)).not.toContain('weak-signal');
    expect(ids(r)).not.toContain('radio-off');
  });

  it('an ATI body pasted without its command line or OK', () => {
    const r = rep('rc7620-1_swi9x07h-00.08.07.00_ati-qti-baseline');
    expect(r.kind).toBe('at');
    expect(r.modem).toMatchObject({ model: 'RC7620-1', firmwareVersion: '00.08.07.00', family: 'RC76xx', release: 'Release 8' });
    expect(ids(r)).toContain('firmware-outdated');
  });

  it('an !IMPREF? body recognised by its shape', () => {
    const r = rep('mc7455_swi9x30c-02.33.03.00_impref-fw-version-mismatch-creg-1-6');
    expect(r.modem).toMatchObject({ firmwareVersion: '02.33.03.00', carrier: { current: 'GENERIC', preferred: 'GENERIC' } });
    expect(ids(r)).toContain('carrier-mismatch');
  });

  it('the command written as a label ("ATI:")', () => {
    expect(rep('mc7355_swi9x15c-01.08.16.03_ati').kind).toBe('at');
  });

  it('!GSTATUS? columns collapsed to single spaces, several attempts (last state, history kept)', () => {
    const r = rep('em7565_swi9x50c-01.00.02.00_impref-mismatch-lpm-ati-recovery');
    // The recovery at the end fixed the preference: the last state is GENERIC/GENERIC, 01.00.02.00…
    expect(r.modem).toMatchObject({ firmwareVersion: '01.00.02.00', carrier: { current: 'GENERIC', preferred: 'GENERIC' } });
    // …and what went wrong before is still reported, with the lines it rests on.
    expect(ids(r)).toEqual(expect.arrayContaining(['carrier-mismatch', 'radio-off']));
    expect(r.several).toMatchObject({ attempts: 2 });
    const lpm = r.findings.find((f) => f.id === 'radio-off')!;
    expect(lpm.evidence.length).toBeGreaterThan(0);
    expect(REAL_CASES['em7565_swi9x50c-01.00.02.00_impref-mismatch-lpm-ati-recovery']!.text.split('\n')[lpm.evidence.at(-1)! - 1]).toMatch(/GSTATUS|Mode|Current Time|OK/);
  });

  it('a second !GSTATUS? cut mid-way: the last one (not attached) wins', () => {
    const r = rep('em7430_swi9x30c-02.24.05.06_ati-gstatus-registered-vs-not-attached');
    expect(ids(r)).toContain('not-registered');
    expect(ids(r)).not.toContain('weak-signal');
  });

  it('Windows line endings and TABs give the same report', () => {
    const name = 'em7455_swi9x30c-02.30.01.01_gstatus-wcdma-deep-sleep-impref-image-4pri';
    const text = REAL_CASES[name]!.text;
    const lf = toReport(analyzeText(text));
    const crlf = toReport(analyzeText(text.replace(/\n/g, '\r\n')));
    const tabs = toReport(analyzeText(text.replace(/: /g, ':\t')));
    expect(crlf).toEqual(lf);
    expect(tabs.modem).toEqual(lf.modem);
    expect(ids(lf)).toContain('not-registered');
  });

  it('+CME ERROR as verbose text, mapped to its 27.007 number; registration from +COPS', () => {
    const r = rep('rc7620_swi9x07h-00.08.19.00_ati9-cops-cgdcont-cgauth-scact-cme-error-no-network-service');
    expect(r.errors).toEqual([expect.objectContaining({ source: 'cme', code: 30, command: '!SCACT' })]);
    expect(ids(r)).toContain('data-call-failed');
    expect(ids(r)).not.toContain('not-registered');
  });

  it('+CME ERROR: 30 answering AT!SCACT is a refused call, not "not registered"', () => {
    const r = rep('mc77xx-qmi_scact-cme-error-30-creg');
    expect(ids(r)).toContain('data-call-failed');
    expect(ids(r)).not.toContain('not-registered');
  });

  it('+CEER EMM/ESM reject causes are decoded into the finding (typographic quotes as the forum shows them)', () => {
    const r = rep('hl7539_cpin-cnum-csq-cgreg-cgdcont-atd-no-carrier-ceer-emm-reject');
    const call = r.findings.find((f) => f.id === 'data-call-failed')!;
    expect(call.detail).toMatch(/EMM cause 19: ESM failure/);
    expect(r.findings.find((f) => f.id === 'not-registered')!.detail).toMatch(/registration denied|EMM cause 19/);
    expect(r.modem.sim).toBe('READY');
  });

  it('a Release 9 test build is not called Release 8', () => {
    const r = rep('rc7620_swi9x07h-00.08.19.00_ati9-cops-cgdcont-cgauth-scact-cme-error-no-network-service');
    const steps = r.findings.find((f) => f.id === 'firmware-outdated')!.nextSteps.join(' ');
    expect(steps).toMatch(/replaces the Release 9 BP6 \(test build\) 00\.08\.19\.00/);
    expect(steps).not.toMatch(/Release 8/);
  });
});

describe('tool logs (real cases)', () => {
  it('FDT2: one error per event, primary/secondary as printed; Device error code 0x0 is no error', () => {
    const r = rep('em7565_fdt2_batch-multi_primary-51-secondary-201_boothold-qdl');
    expect(r.tool).toBe('fdt2');
    expect(r.errors).toEqual([expect.objectContaining({ source: 'fdt2', code: '51/201', primary: 51, secondary: 201 })]);
    expect(ids(r)).toContain('download-mode-not-entered');
    const fx = rep('fx30_fdt2_primary-error-84_checking-update-status');
    expect(fx.errors.map((e) => e.code)).toEqual(['84/84']);
    // The preexisting BuildId is what ran before: firmware and carrier.
    expect(fx.modem).toMatchObject({ firmwareVersion: '07.12.09.00', carrier: { current: 'GENERIC' } });
  });

  it('FDT2 success and the SBL boot log behind an FDT2 failure', () => {
    expect(ids(rep('em7565_fdt2_success_01.14.02.00-to-01.14.13.00'))).toContain('update-succeeded');
    const sbl = rep('rc7620_fdt2_primary-error-14_no-mbn-adapter_and_sbl-bootlog');
    expect(sbl.modem.firmware).toBe('SWI9X07H_00.09.10.00');
    expect(ids(sbl)).not.toContain('firmware-outdated');
  });

  it('fw-download-tool already in QDL mode, Sahara unresponsive (122)', () => {
    const r = rep('em9293_fw-download-tool_sahara-unresponsive-122');
    expect(r.errors).toEqual([expect.objectContaining({ source: 'fwdwl', code: 122 })]);
    expect(ids(r)).toEqual(expect.arrayContaining(['download-mode', 'download-protocol-failed']));
    expect(ids(r)).not.toContain('download-mode-not-entered');
  });

  it('fwdwl-literpi cannot find the device while lsusb shows the boot PID', () => {
    const r = rep('em7411_fwdwl-literpi_unable-to-locate-device');
    expect(r.modem.usb).toEqual({ vid: '1199', pid: '9090' });
    expect(ids(r)).toEqual(expect.arrayContaining(['device-not-found', 'download-mode']));
  });

  it('qmi-firmware-update: endpoint hangup and the module vanishing from lsusb is a boot loop', () => {
    const r = rep('rc7620_qmi-firmware-update_endpoint-hangup_bootloop');
    expect(r.tool).toBe('qmi-firmware-update');
    expect(r.modem).toMatchObject({ model: 'RC7620', usb: { vid: '1199', pid: '68c0' } });
    expect(ids(r)).toContain('boot-loop');
    expect(r.verdict).toBe('problems');
  });

  it('qmicli current-firmware block next to a qmi-firmware-update run', () => {
    const r = rep('em7565_qmi-firmware-update_single-tty-U_current-firmware-01.00.02.00');
    expect(r.tool).toBe('qmi-firmware-update');
    expect(r.modem).toMatchObject({ model: 'EM7565', firmware: 'SWI9X50C_01.00.02.00' });
  });

  it('a lite-fw debug trace failing to switch to Firehose', () => {
    expect(ids(rep('em7565_lite-fw_sahara-fail-switch-to-firehose'))).toContain('download-protocol-failed');
  });

  it('a crash log names the firmware; a single crash is no boot loop', () => {
    const r = rep('rc7620_swi9x07h-00.08.24.02_crash-mpss-fs_device-nv-rebuild');
    expect(r.kind).toBe('log');
    expect(r.modem.firmware).toBe('SWI9X07H_00.08.24.02');
    expect(ids(r)).not.toContain('boot-loop');
  });

  it('one USB disconnect in a dmesg/ModemManager excerpt is not a loop, and no all-clear either', () => {
    const r = rep('rc7611_bootloop_dmesg_modemmanager');
    expect(ids(r)).not.toContain('boot-loop');
    expect(r.verdict).not.toBe('working');
  });
});

/** The corpus scoring rules, enough for these cases (the full scorer is shared/tools/corpus/score). */
function meets(r: AnalysisReport, labels: (typeof REAL_CASES)[string]['labels']): string[] {
  const miss: string[] = [];
  const norm = (v: unknown) => String(v).toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (labels.kind && r.kind !== labels.kind) miss.push(`kind ${r.kind}`);
  if (labels.tool && r.tool !== labels.tool) miss.push(`tool ${r.tool}`);
  const flat = (o: Readonly<Record<string, unknown>>, p = ''): [string, unknown][] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [[`${p}${k}`, v]]));
  for (const [path, want] of flat(labels.modem ?? {})) {
    const got = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], r.modem);
    const ok = path.endsWith('irmware') ? String(got ?? '').toLowerCase().split(' ')[0] === String(want).toLowerCase() : norm(got) === norm(want);
    if (!ok) miss.push(`${path} ${String(got)}`);
  }
  const CME: Record<string, number> = { simnotinserted: 10, operationnotsupported: 4, nonetworkservice: 30 };
  for (const e of labels.errors ?? []) {
    const hit = r.errors.some((a) => a.source === e.source && (norm(a.code) === norm(e.code) || CME[norm(e.code)] === a.code || norm(a.name) === norm(e.code)));
    if (!hit) miss.push(`error ${e.source}:${e.code}`);
  }
  for (const f of labels.findings_required ?? []) if (!ids(r).includes(f)) miss.push(`needs ${f}`);
  for (const f of labels.findings_forbidden ?? []) if (ids(r).includes(f)) miss.push(`forbids ${f}`);
  return miss;
}

describe('every quoted real case meets its corpus labels', () => {
  it.each(Object.keys(REAL_CASES))('%s', (name) => {
    const c = REAL_CASES[name]!;
    expect(meets(toReport(analyzeText(c.text)), c.labels)).toEqual([]);
  });
});
