import { describe, expect, it } from 'vitest';
import { isOutdated, newestRelease, releaseOf } from './releases.ts';

describe('RC76xx release map', () => {
  it('names the releases of at-knowledge §4.5', () => {
    expect(releaseOf('SWI9X07H', '00.08.24.02')).toMatchObject({ release: 9, kind: 'release' });
    expect(releaseOf('RC76xx', '00.08.07.00')).toMatchObject({ release: 8 });
    expect(releaseOf('SWI9X07H', '00.08.24.00')).toMatchObject({ kind: 'test-build', release: 9 });
    expect(releaseOf('SWI9X07H', '00.01.02.03')).toBeNull();
    expect(releaseOf('SWI9X30C', '00.08.24.02')).toBeNull();
  });

  it('knows Release 10 exists without inventing its version', () => {
    const n = newestRelease('RC76xx');
    expect(n.newestNumbered).toMatchObject({ release: 10, version: null });
    expect(n.newestVersion?.version).toBe('00.09.10.00');
    expect(isOutdated('RC76xx', '00.08.24.02')).toBe(true);
    expect(isOutdated('RC76xx', '00.09.10.00')).toBe(false);
    expect(isOutdated('EM75xx', '01.00.00.00')).toBeNull();
  });
});
