import { describe, expect, it } from 'vitest';
import { cweExtension, sniffFormat } from './sniff.ts';
import { buildCwe } from './cwe/writer.ts';
import { goldenTestImageSpec } from './cwe/images.fixture.ts';

describe('format sniffing', () => {
  it('recognises CWE, zip, exe, empty and other files', () => {
    expect(sniffFormat(buildCwe(goldenTestImageSpec()).subarray(0, 4096))).toEqual({ kind: 'cwe' });
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]))).toEqual({ kind: 'zip' });
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 5, 6]))).toEqual({ kind: 'zip' });
    const exe = new Uint8Array(256);
    exe.set([0x4d, 0x5a]);
    exe[0x3c] = 0x80;
    exe.set([0x50, 0x45, 0, 0], 0x80);
    expect(sniffFormat(exe)).toEqual({ kind: 'exe', pe: true });
    expect(sniffFormat(new Uint8Array([0x4d, 0x5a, 0x90]))).toEqual({ kind: 'exe', pe: false });
    expect(sniffFormat(new Uint8Array(0))).toEqual({ kind: 'empty' });
    expect(sniffFormat(new TextEncoder().encode('<html>'.repeat(100)))).toEqual({ kind: 'unknown' });
  });

  it('reads the CWE extension case-insensitively', () => {
    expect(cweExtension('RC76xx_Release9_GENERIC_GCF_7620.SPK')).toBe('spk');
    expect(cweExtension('x.nvu')).toBe('nvu');
    expect(cweExtension('x.zip')).toBeNull();
  });
});
