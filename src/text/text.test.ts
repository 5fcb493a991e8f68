import { describe, expect, it } from 'vitest';
import { formatNumber, interpolate } from './interpolate.ts';
import { LOCALES, isLocale } from './locale.ts';
import { l } from './localized.ts';

describe('src/text', () => {
  it('l() puts its texts in the order of LOCALES', () => {
    const text = l('Modem', 'Modem (fr)');
    expect(LOCALES.map((locale) => text[locale])).toEqual(['Modem', 'Modem (fr)']);
  });

  it('knows its languages and nothing else', () => {
    for (const locale of LOCALES) expect(isLocale(locale)).toBe(true);
    for (const other of ['de', 'EN', '', null, undefined, 1]) expect(isLocale(other)).toBe(false);
  });

  it('fills {placeholders}, numbers in the language shown, and leaves an unknown one as written', () => {
    expect(interpolate('{n} bytes to {port}', { n: 1234567, port: 'ttyUSB0' }, 'en')).toBe('1,234,567 bytes to ttyUSB0');
    expect(interpolate('{n} octets', { n: 1234567 }, 'fr')).toBe(`${formatNumber(1234567, 'fr')} octets`);
    expect(formatNumber(1234567, 'fr')).not.toBe('1,234,567');
    expect(interpolate('{missing} stays', {}, 'en')).toBe('{missing} stays');
  });
});
