import { describe, expect, it } from 'vitest';
import { buildChromePolicy, chromePolicyJson, PolicyOriginError, policyOrigin } from './policy.ts';
import { detectOs } from './os.ts';
import { stepsFor, stepsForError } from './steps.ts';

describe('Chrome enterprise policy', () => {
  it('allows the Sierra vendor for this origin over WebUSB and WebSerial', () => {
    const p = buildChromePolicy({ origin: 'https://boothold.example.org/app/?sim=seed', scope: 'vendor' });
    expect(p).toEqual({
      WebUsbAllowDevicesForUrls: [{ devices: [{ vendor_id: 0x1199 }], urls: ['https://boothold.example.org'] }],
      SerialAllowUsbDevicesForUrls: [{ devices: [{ vendor_id: 0x1199 }], urls: ['https://boothold.example.org'] }],
    });
  });

  it('lists both application and download identities in exact mode (a PID change needs its own grant)', () => {
    const p = buildChromePolicy({ origin: 'https://b.example', scope: 'exact', includeQualcommEdl: true });
    const pids = p.WebUsbAllowDevicesForUrls[0]!.devices.map((d) => d.product_id);
    expect(pids).toEqual(expect.arrayContaining([0x68c0, 0x9079, 0x9078, 0x9091, 0x9090, 0x9008]));
    expect(p.SerialAllowUsbDevicesForUrls[0]!.devices.some((d) => d.product_id === 0x9008)).toBe(false);
    expect(JSON.parse(chromePolicyJson({ origin: 'https://b.example', scope: 'exact' }))).toHaveProperty('SerialAllowUsbDevicesForUrls');
  });

  it('refuses an insecure or invalid origin', () => {
    expect(() => policyOrigin('http://example.org')).toThrow(PolicyOriginError);
    expect(() => policyOrigin('not a url')).toThrow(PolicyOriginError);
    expect(policyOrigin('http://localhost:4173/x')).toBe('http://localhost:4173');
  });
});

describe('preflight steps', () => {
  it('picks the system from ?os= first, then the user agent', () => {
    expect(detectOs('Mozilla/5.0 (X11; Linux x86_64)', 'windows')).toBe('windows');
    expect(detectOs('Mozilla/5.0 (X11; Linux x86_64)', null)).toBe('linux');
    expect(detectOs('Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)', null)).toBe('chromeos');
    expect(detectOs('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 'bogus')).toBe('macos');
  });

  it('gives each system its own steps, everyone the common ones, all with sources and both languages', () => {
    const ids = (os: Parameters<typeof stepsFor>[0]) => stepsFor(os).map((s) => s.id);
    expect(ids('linux')).toEqual(expect.arrayContaining(['linux-dialout', 'linux-modemmanager', 'linux-udev', 'linux-snap-flatpak', 'linux-qcserial', 'data-cable']));
    expect(ids('windows')).toEqual(expect.arrayContaining(['windows-sierra-driver', 'windows-zadig', 'windows-undo-zadig', 'direct-port']));
    for (const os of ['linux', 'windows', 'macos', 'chromeos', 'android', 'other'] as const) {
      for (const s of stepsFor(os)) {
        expect(s.source.length).toBeGreaterThan(5);
        expect(s.title.fr.length && s.text.fr.length).toBeGreaterThan(0);
      }
    }
  });

  it('puts the steps that answer a connection error first', () => {
    expect(stepsForError('linux', 'port-busy')[0]!.id).toBe('linux-modemmanager');
    expect(stepsForError('windows', 'claim-failed')[0]!.id).toBe('windows-zadig');
  });
});
