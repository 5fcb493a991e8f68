import { describe, expect, it } from 'vitest';
import { buildSnapshot, type StepAnswers } from '../../codec/at/snapshot.ts';
import * as T from '../../codec/at/transcripts.fixture.ts';
import { decodeLine } from '../errors/decode.ts';
import { evaluate } from './engine.ts';
import type { LocatedError } from './types.ts';

const ok = { kind: 'ok' } as const;
const a = (command: string, lines: readonly string[]) => ({ command, lines, final: ok });

function seedAnswers(over: StepAnswers = {}): StepAnswers {
  return {
    ati: a('ATI', T.ATI_RC7620_R8),
    impref: a('AT!IMPREF?', T.IMPREF_SEED),
    image: a('AT!IMAGE?', T.IMAGE_SEED),
    priid: a('AT!PRIID?', T.PRIID_SEED),
    cpin: a('AT+CPIN?', ['+CPIN: READY']),
    iccid: a('AT+CCID', ['+CCID: 8933014512345678901']),
    cimi: a('AT+CIMI', ['208011234567890']),
    cfun: a('AT+CFUN?', ['+CFUN: 1']),
    gstatus: a('AT!GSTATUS?', T.GSTATUS_RC76_NOT_ATTACHED),
    cops: a('AT+COPS?', ['+COPS: 0,0,"Orange F",7']),
    cereg: a('AT+CEREG?', ['+CEREG: 0,2']),
    creg: a('AT+CREG?', ['+CREG: 0,1']),
    csq: a('AT+CSQ', ['+CSQ: 22,99']),
    cgdcont: a('AT+CGDCONT?', ['+CGDCONT: 1,"IPV4V6","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0,0,0']),
    ...over,
  };
}

const located = (line: string): LocatedError[] => decodeLine(line).map((d) => ({ ...d, line: 1 }));

describe('rule engine', () => {
  it('explains the seed case: SIERRA image on Orange, QMI error 14', () => {
    const findings = evaluate({ snapshot: buildSnapshot(seedAnswers()), errors: located("QMI protocol error (14): 'CallFailed'"), signals: [] });
    const ids = findings.map((f) => f.id);
    expect(ids).toContain('carrier-mismatch');
    expect(ids).toContain('data-call-failed');
    expect(ids).toContain('firmware-outdated');
    const cm = findings.find((f) => f.id === 'carrier-mismatch')!;
    expect(cm.severity).toBe('error');
    expect(cm.detail.en).toMatch(/SIERRA carrier image is not meant for Orange, SFR or Bouygues/);
    const action = cm.nextSteps.find((s) => s.action)!.action!;
    expect(action.commands).toEqual(['AT!IMPREF="GENERIC"', 'AT!RESET']);
    expect(action).toMatchObject({ writes: true, needsUnlock: true, resets: true });
    expect(cm.nextSteps.map((s) => s.text.en).join('\n')).toMatch(/Release 9 \(00\.08\.24\.02\)/);
    expect(cm.nextSteps.map((s) => s.text.en).join('\n')).toMatch(/"orange"/);
    const dc = findings.find((f) => f.id === 'data-call-failed')!;
    expect(dc.detail.en).toMatch(/QMI error 14 = CallFailed/);
    expect(dc.nextSteps.some((s) => s.action?.commands[0] === 'AT+CGDCONT=1,"IPV4V6","orange"')).toBe(true);
    for (const f of findings) {
      expect(f.title.fr.length).toBeGreaterThan(0);
      expect(f.source.length).toBeGreaterThan(0);
    }
  });

  it('finds data-call-failed live, without any error code (camped, not attached)', () => {
    const ids = evaluate({ snapshot: buildSnapshot(seedAnswers()), errors: [], signals: [] }).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['carrier-mismatch', 'data-call-failed']));
  });

  it('is clean of errors once GENERIC runs and data attaches', () => {
    const generic = T.IMPREF_SEED.map((l) => l.replace(/SIERRA_000\.057/, 'GENERIC_001.081').replace('SIERRA', 'GENERIC'));
    const findings = evaluate({
      snapshot: buildSnapshot(
        seedAnswers({
          impref: a('AT!IMPREF?', generic),
          priid: a('AT!PRIID?', T.PRIID_SEED.map((l) => l.replace('SIERRA_000.057', 'GENERIC_001.081'))),
          gstatus: a('AT!GSTATUS?', T.GSTATUS_9X30),
          cereg: a('AT+CEREG?', ['+CEREG: 0,1']),
        }),
      ),
      errors: [],
      signals: [],
    });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(['firmware-outdated']);
  });

  it('covers SIM, radio, registration, signal, images and the gate', () => {
    const s = buildSnapshot({
      ati: a('ATI', T.ATI_EM7430),
      impref: a('AT!IMPREF?', T.IMPREF_MISMATCH),
      image: a('AT!IMAGE?', T.IMAGE_SLOT_255),
      priid: a('AT!PRIID?', T.PRIID_UNKNOWN),
      cpin: { command: 'AT+CPIN?', lines: [], final: { kind: 'cme-error', code: 10, text: '10' } },
      cfun: a('AT+CFUN?', ['+CFUN: 4']),
      pcinfo: a('AT!PCINFO?', T.PCINFO_NEW_IMSWITCH),
      gstatus: a('AT!GSTATUS?', T.GSTATUS_RC76_ATTACHED),
      cgdcont: { command: 'AT!USBCOMP?', lines: [], final: { kind: 'error' }, passwordRequired: true },
    });
    const ids = evaluate({ snapshot: s, errors: [], signals: [] }).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['sim-not-ready', 'radio-off', 'carrier-mismatch', 'carrier-image-missing', 'weak-signal', 'password-required']));
    expect(ids).not.toContain('not-registered');
  });

  it('reports registration denial', () => {
    const s = buildSnapshot({ cpin: a('AT+CPIN?', ['+CPIN: READY']), cfun: a('AT+CFUN?', ['+CFUN: 1']), cereg: a('AT+CEREG?', ['+CEREG: 0,3']) });
    const f = evaluate({ snapshot: s, errors: [], signals: [] }).find((x) => x.id === 'not-registered')!;
    expect(f.severity).toBe('error');
    expect(f.detail.en).toMatch(/denied/);
  });

  it('turns tool errors and log signals into download findings', () => {
    const errors = [
      ...located('FW download failed: 121'),
      ...located('lite-fw-download does not work with ModemManager.'),
      ...located('error: unsupported download protocol'),
      ...located('Primary error code: 51 - Failed to switch device to BOOT&HOLD mode.'),
    ];
    const signals = [
      // Enumerate, disconnect, again and again: three cycles.
      ...Array.from({ length: 3 }, (_, i) => [
        { kind: 'usb-attach' as const, text: 'attach', line: 2 * i },
        { kind: 'usb-detach' as const, text: 'detach', line: 2 * i + 1 },
      ]).flat(),
      { kind: 'download-mode' as const, text: 'download mode detected', line: 9 },
      { kind: 'update-succeeded' as const, text: '+WDSI: 16', line: 10 },
      { kind: 'device-not-found' as const, text: 'Unable to locate the device.', line: 11 },
    ];
    const ids = evaluate({ snapshot: null, errors, signals }).map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(['image-rejected', 'port-busy', 'download-protocol-failed', 'download-mode-not-entered', 'boot-loop', 'download-mode', 'update-succeeded', 'device-not-found']),
    );
  });

  it('carries the known firmware advisories', () => {
    const em = buildSnapshot({ ati: a('ATI', ['Model: EM7565', 'Revision: SWI9X50C_01.00.02.00 6ff9a8 jenkins 2018/03/08 19:33:27']) });
    const f = evaluate({ snapshot: em, errors: [], signals: [] }).find((x) => x.id === 'firmware-outdated')!;
    expect(f.detail.en).toMatch(/01\.05\.01\.00 because of NVU signing/);
    const bp6 = buildSnapshot({ ati: a('ATI', ['Model: RC7620', 'Revision: SWI9X07H_00.08.19.00 725c0e jenkins 2021/09/08 10:00:00']) });
    expect(evaluate({ snapshot: bp6, errors: [], signals: [] }).find((x) => x.id === 'firmware-outdated')!.detail.en).toMatch(/BP6 test build/);
  });

  it('reports nothing for nothing', () => {
    expect(evaluate({ snapshot: null, errors: [], signals: [] })).toEqual([]);
    expect(evaluate({ snapshot: buildSnapshot({}), errors: [], signals: [] })).toEqual([]);
  });
});
