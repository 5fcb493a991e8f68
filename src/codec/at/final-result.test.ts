import { describe, expect, it } from 'vitest';
import { classifyFinal, describeFinal } from './final-result.ts';

describe('classifyFinal', () => {
  it.each([
    ['OK', { kind: 'ok' }],
    ['ok', { kind: 'ok' }],
    ['ERROR', { kind: 'error' }],
    ['+CME ERROR: 10', { kind: 'cme-error', code: 10, text: '10' }],
    ['+CME ERROR: SIM not inserted', { kind: 'cme-error', code: null, text: 'SIM not inserted' }],
    ['+CME ERROR: 923', { kind: 'cme-error', code: 923, text: '923' }],
    ['+CMS ERROR: 500', { kind: 'cms-error', code: 500, text: '500' }],
    ['NO CARRIER', { kind: 'no-carrier' }],
    ['CONNECT', { kind: 'connect', text: '' }],
    ['CONNECT 115200', { kind: 'connect', text: '115200' }],
    ['NO DIALTONE', { kind: 'no-dialtone' }],
    ['NO ANSWER', { kind: 'no-answer' }],
    ['BUSY', { kind: 'busy' }],
  ])('%s', (line, expected) => {
    expect(classifyFinal(line)).toEqual(expected);
    expect(describeFinal(classifyFinal(line)!).toUpperCase()).toContain(line.split(':')[0]!.toUpperCase());
  });

  it.each(['+CSQ: 20,99', 'OKAY', 'Revision: OK', 'CONNECTED', '', 'ERROR: foo'])('%s is not final', (line) => {
    expect(classifyFinal(line)).toBeNull();
  });
});
