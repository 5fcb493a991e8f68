import { afterEach, describe, expect, it, vi } from 'vitest';

// The runes of the active language are not compiled in the unit project: a plain variable stands in.
const lang = vi.hoisted(() => ({ locale: 'en' as 'en' | 'fr' }));
vi.mock('../i18n/locale.svelte.ts', () => ({ getLocale: () => lang.locale, setLocale: (l: 'en' | 'fr') => (lang.locale = l) }));

import { setLocale } from '../i18n/locale.svelte.ts';
import { downloadDoing, durationText, etaText, faviconSvg, faviconUrl, percentOf, rateText, tabTitle, transferLine, transferOfDownload } from './job-format.ts';

const NNBSP = '\u202f';

afterEach(() => setLocale('en'));

describe('job screen numbers', () => {
  it('never shows 100 % before the last byte, nor more than 100', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(995, 1000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(2000, 1000)).toBe(100);
    expect(percentOf(421, 1000)).toBe(42);
  });

  it('writes durations as a countdown', () => {
    expect(durationText(7.4)).toBe('0:07');
    expect(durationText(245)).toBe('4:05');
    expect(durationText(3723)).toBe('1:02:03');
    expect(durationText(-3)).toBe('0:00');
  });

  it('says when the rate or the time left is not known yet', () => {
    expect(rateText(null)).toBe('measuring the speed');
    expect(rateText(0)).toBe('measuring the speed');
    expect(etaText(null)).toBe('working out the time left');
    expect(rateText(2.2 * 1024 * 1024)).toBe('2.2 MiB/s');
    expect(etaText(17)).toBe('about 0:17 left');
  });

  it('puts percent, bytes of total, rate and time left on one line, in both languages', () => {
    const t = { bytesDone: 12.5 * 1024 * 1024, bytesTotal: 50 * 1024 * 1024, bytesPerSecond: 2 * 1024 * 1024, etaSeconds: 19 };
    expect(transferLine(t)).toBe('25 % — 12.5 MiB of 50 MiB · 2 MiB/s · about 0:19 left');
    setLocale('fr');
    expect(transferLine(t)).toBe('25 % — 12,5 Mio sur 50 Mio · 2 Mio/s · encore environ 0:19');
  });

  it('turns the engine report (MB/s of 10^6 bytes) into the transfer, and none before there is a size', () => {
    expect(transferOfDownload({ bytesDone: 0, bytesTotal: 0, mbps: 0, etaSeconds: null })).toBeNull();
    expect(transferOfDownload({ bytesDone: 10, bytesTotal: 100, mbps: 1.5, etaSeconds: 3 })).toEqual({ bytesDone: 10, bytesTotal: 100, bytesPerSecond: 1_500_000, etaSeconds: 3 });
  });

  it('says what the module does in each download stage, with the part when there are several', () => {
    expect(downloadDoing({ phase: 'detect', part: null })).toBe('Finding out which download protocol the module speaks');
    expect(downloadDoing({ phase: 'write', part: { index: 1, count: 2, name: 'modem.cwe' } })).toBe('Writing image 1 of 2: modem.cwe');
    setLocale('fr');
    expect(downloadDoing({ phase: 'write', part: { index: 1, count: 2, name: 'modem.cwe' } })).toBe(`Écriture de l’image 1 sur 2${NNBSP}: modem.cwe`);
  });
});

describe('tab title', () => {
  it('shows the percent and the stage while writing, the stage alone while waiting', () => {
    expect(tabTitle({ kind: 'active', short: 'Writing', transfer: { bytesDone: 42, bytesTotal: 100, bytesPerSecond: null, etaSeconds: null } })).toBe('42 % · Writing — Boothold');
    expect(tabTitle({ kind: 'active', short: 'Waiting', transfer: null })).toBe('Waiting — Boothold');
  });

  it('says how the job ended, then the app name again', () => {
    expect(tabTitle({ kind: 'ended', outcome: 'done' })).toBe('✓ Done — Boothold');
    expect(tabTitle({ kind: 'ended', outcome: 'failed' })).toBe('Failed — Boothold');
    expect(tabTitle({ kind: 'idle' })).toBe('Boothold');
    setLocale('fr');
    expect(tabTitle({ kind: 'ended', outcome: 'done' })).toBe('✓ Terminé — Boothold');
  });
});

describe('favicon', () => {
  const arc = (svg: string) => Number(/stroke-dasharray="([\d.]+) /.exec(svg)?.[1]);

  it('fills the ring with the fraction written, a quarter before there is one', () => {
    const full = 2 * Math.PI * 22;
    expect(arc(faviconSvg({ kind: 'progress', fraction: 0.5 }))).toBeCloseTo(full / 2, 1);
    expect(arc(faviconSvg({ kind: 'progress', fraction: null }))).toBeCloseTo(full / 4, 1);
    expect(arc(faviconSvg({ kind: 'progress', fraction: 3 }))).toBeCloseTo(full, 1);
  });

  it('is a check when done and a cross when not, as an SVG data URL the page CSP allows (img-src data:)', () => {
    expect(faviconSvg({ kind: 'ended', outcome: 'done' })).toContain('#3ccf6e');
    expect(faviconSvg({ kind: 'ended', outcome: 'failed' })).toContain('#e5484d');
    const url = faviconUrl({ kind: 'progress', fraction: 0.1 });
    expect(url.startsWith('data:image/svg+xml,')).toBe(true);
    const svg = decodeURIComponent(url.slice('data:image/svg+xml,'.length));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 64 64">.*<\/svg>$/);
  });
});
