import { describe, expect, it } from 'vitest';
import { CommandHistory, transcriptText } from './transcript.ts';

describe('CommandHistory', () => {
  it('walks back and forth like a shell and skips repeats', () => {
    const h = new CommandHistory();
    h.push('AT');
    h.push('ATI');
    h.push('ATI');
    h.push('AT+CGMR');
    expect(h.previous()).toBe('AT+CGMR');
    expect(h.previous()).toBe('ATI');
    expect(h.previous()).toBe('AT');
    expect(h.previous()).toBe('AT');
    expect(h.next()).toBe('ATI');
    expect(h.next()).toBe('AT+CGMR');
    expect(h.next()).toBe('');
  });

  it('returns null when empty', () => {
    expect(new CommandHistory().previous()).toBeNull();
  });
});

describe('transcriptText', () => {
  it('interleaves commands, answers and URCs by time', () => {
    const t0 = new Date(2026, 0, 1, 10, 0, 0, 0).getTime();
    const text = transcriptText(
      [
        { id: 1, kind: 'command', text: 'ATI', at: t0 },
        { id: 2, kind: 'line', role: 'info', text: 'Model: RC7620-1', at: t0 + 20 },
        { id: 3, kind: 'line', role: 'final', text: 'OK', at: t0 + 30 },
      ],
      [{ id: 4, text: '+CREG: 1', at: t0 + 25 }],
    );
    expect(text).toBe(
      '10:00:00.000 > ATI\n10:00:00.020 < Model: RC7620-1\n10:00:00.025 * +CREG: 1\n10:00:00.030 < OK\n',
    );
  });
});
