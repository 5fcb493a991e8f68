import { describe, expect, it } from 'vitest';
import { MissingToolError, onCi, requireOnCi } from './require-tools.ts';

describe('missing interop tools', () => {
  it('skip with the reason on a developer machine', () => {
    expect(requireOnCi('libqmi peer', 'qmi-firmware-update is not installed', {})).toBe('qmi-firmware-update is not installed');
    expect(requireOnCi('libqmi peer', null, { CI: 'true' })).toBeNull();
  });

  it('fail the suite with CI=true', () => {
    expect(() => requireOnCi('libqmi peer', 'qmi-firmware-update is not installed', { CI: 'true' })).toThrow(MissingToolError);
    expect(() => requireOnCi('socat PTY', 'socat is not installed', { CI: '1' })).toThrow(/socat PTY: socat is not installed/);
    expect(onCi({ CI: 'false' })).toBe(false);
    expect(onCi({ CI: '0' })).toBe(false);
    expect(onCi({ CI: '' })).toBe(false);
  });
});
