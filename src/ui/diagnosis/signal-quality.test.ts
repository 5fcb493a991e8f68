import { describe, expect, it } from 'vitest';
import { bars, overallLevel, rsrpLevel, sinrLevel } from './signal-quality.ts';

describe('signal quality', () => {
  it('bands RSRP and SINR per the research rules of thumb', () => {
    expect([-75, -85, -95, -105].map(rsrpLevel)).toEqual(['excellent', 'good', 'fair', 'poor']);
    expect([25, 15, 5, -2].map(sinrLevel)).toEqual(['excellent', 'good', 'fair', 'poor']);
  });
  it('takes the worse measurement and maps to bars', () => {
    expect(overallLevel({ rsrp: -75, sinr: 5, rssi: null })).toBe('fair');
    expect(overallLevel({ rsrp: null, sinr: null, rssi: -69 })).toBe('excellent');
    expect(overallLevel({ rsrp: null, sinr: null, rssi: null })).toBe('none');
    expect(bars('poor')).toBe(1);
    expect(bars('excellent')).toBe(4);
    expect(bars('none')).toBe(0);
  });
});
