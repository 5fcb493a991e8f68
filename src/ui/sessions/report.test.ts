import { describe, expect, it, vi } from 'vitest';

// The locale rune needs the Svelte compiler; these pure functions take the language as an argument.
vi.mock('../i18n/locale.svelte.ts', () => ({ LOCALES: ['en', 'fr'], getLocale: () => 'en', setLocale: () => undefined }));

import { sampleJournal } from '../../session/logs/sample-journal.fixture.ts';
import { bugReport, nextSteps, reportHtml, reportText } from './report.ts';
import { matchesSearch } from './search.ts';
import { formatBytes, formatDuration } from './format.ts';

const IDS = /359234567890123|89330123456789012345|208011234567890|33612345678/;

describe('session reports', () => {
  it('text report says what modem, what was found, what was done, what happened and what to do, in French', () => {
    const text = reportText(sampleJournal(), { locale: 'fr', appVersion: '0.1.0', now: Date.UTC(2026, 10, 26) });
    expect(text).toContain('Rapport de session Boothold');
    expect(text).toContain('Modèle\u202f: RC7620-1');
    expect(text).toContain('L’image opérateur ne correspond pas à la SIM');
    expect(text).toContain('1. Passer en GENERIC');
    expect(text).toContain('Commandes AT envoyées\u202f: 2');
    expect(text).toContain('> AT+CGSN');
    expect(text).toContain('Résultat\u202f: Problèmes détectés');
    expect(text).not.toMatch(IDS);
    expect(text).toContain('•••••••••••0123');
  });

  it('after a flow: the report gives the state before → after, and the earlier findings are no longer the to-do list', () => {
    const s = sampleJournal();
    const after = {
      ...s,
      meta: {
        ...s.meta,
        device: { ...s.meta.device, firmware: 'SWI9X07H_00.08.24.02 f90cbd' },
        flowState: { flow: 'update', at: s.meta.startedAt + 50, before: { firmware: 'SWI9X07H_00.08.07.00', carrier: 'SIERRA' }, after: { firmware: 'SWI9X07H_00.08.24.02 f90cbd', carrier: 'GENERIC' }, findingsBefore: true },
      },
    };
    const text = reportText(after, { locale: 'en', appVersion: '0.1.0' });
    expect(text).toContain('Firmware (Before → After (now)): SWI9X07H_00.08.07.00 → SWI9X07H_00.08.24.02 f90cbd');
    expect(text).toContain('Carrier image (Before → After (now)): SIERRA → GENERIC');
    expect(nextSteps(after.meta, 'en')[0]).toMatch(/Check my modem/);
    expect(nextSteps(after.meta, 'en').join(' ')).not.toContain('GENERIC');
  });

  it('HTML report is a self-contained page with modem text escaped and no script', () => {
    const s = sampleJournal();
    const hostile = { ...s, events: [...s.events, { seq: 9, t: s.meta.startedAt + 40, kind: 'urc' as const, line: '<img src=x onerror=alert(1)>' }] };
    const html = reportHtml(hostile, { locale: 'en', appVersion: '0.1.0' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('Carrier image does not match the SIM');
    expect(html).not.toMatch(IDS);
  });

  it('keeps identifiers only on explicit opt-out', () => {
    const html = reportHtml(sampleJournal(), { locale: 'en', appVersion: '0.1.0', includeIdentifiers: true });
    expect(html).toContain('359234567890123');
    expect(html).toContain('contains IMEI, ICCID, IMSI and phone numbers in clear');
  });

  it('bug report is short, has the environment, and no identifiers', () => {
    const text = bugReport(sampleJournal(), { locale: 'en', appVersion: '0.1.0' });
    expect(text.split('\n').length).toBeLessThanOrEqual(10);
    expect(text).toContain('Boothold 0.1.0 · Chrome 131 · Linux');
    expect(text).toContain('carrier-mismatch (error)');
    expect(text).not.toMatch(IDS);
  });

  it('next steps end with what to do about a failure', () => {
    const s = sampleJournal();
    const failed = { ...s.meta, findings: [], outcome: 'failed' as const, outcomeCode: 'device-lost' };
    expect(nextSteps(failed, 'en').join(' ')).toContain('ended with error device-lost');
  });
});

describe('session search and formats', () => {
  const m = sampleJournal().meta;
  it('finds by IMEI, model, result in either language, date and finding', () => {
    for (const q of ['359234567890123', '3592345', 'rc7620', 'problems', 'problèmes', '2026-11-25', '25/11/2026', 'carrier-mismatch', 'rc7620 problems']) {
      expect(matchesSearch(m, q, 'fr'), q).toBe(true);
    }
    for (const q of ['em7455', 'failed', '2025-01-01', 'rc7620 failed']) expect(matchesSearch(m, q, 'fr'), q).toBe(false);
  });

  it('formats sizes and durations for the language', () => {
    expect(formatBytes(1_234_567, 'fr')).toBe('1,2\u202fMo');
    expect(formatBytes(50 * 1024 * 1024, 'en')).toBe('50 MB');
    expect(formatBytes(373, 'en')).toBe('373 bytes');
    expect(formatBytes(1, 'fr')).toMatch(/^1\soctet$/);
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatDuration(65_000, 'en')).toBe('1 min 5 sec');
  });
});
