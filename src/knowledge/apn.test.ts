import { describe, expect, it } from 'vitest';
import { findFrenchOperator, FRENCH_OPERATORS } from './apn.ts';

describe('French operators', () => {
  it('identifies operators by +COPS name, PLMN or IMSI', () => {
    expect(findFrenchOperator({ copsName: 'Orange F' })!.id).toBe('orange');
    expect(findFrenchOperator({ copsName: 'F SFR' })!.id).toBe('sfr');
    expect(findFrenchOperator({ copsName: 'BYTEL' })!.id).toBe('bouygues');
    expect(findFrenchOperator({ copsName: 'Bouygues Telecom' })!.id).toBe('bouygues');
    expect(findFrenchOperator({ copsName: '20810' })!.id).toBe('sfr');
    expect(findFrenchOperator({ imsi: '208201234567890' })!.id).toBe('bouygues');
    expect(findFrenchOperator({ copsName: 'Vodafone.de' })).toBeNull();
    expect(findFrenchOperator({})).toBeNull();
  });
  it('lists sourced APNs and none for Free rather than a guess', () => {
    expect(FRENCH_OPERATORS.find((o) => o.id === 'orange')!.apns[0]!.apn).toBe('orange');
    expect(FRENCH_OPERATORS.find((o) => o.id === 'free')!.apns).toEqual([]);
    for (const o of FRENCH_OPERATORS) expect(o.source).toMatch(/mobile-broadband-provider-info/);
  });
});
