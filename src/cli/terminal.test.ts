import { describe, expect, it } from 'vitest';
import { forTerminal, jsonForTerminal, oneLine } from './terminal.ts';

describe('terminal text', () => {
  it('removes OSC titles, CSI colours, resets and 8-bit introducers whole', () => {
    expect(forTerminal('RC7620\x1b]0;owned\x07\x1b[31m-1\x1b[0m')).toBe('RC7620-1');
    expect(forTerminal('a\x1bcb')).toBe('ab');
    expect(forTerminal('a\x9b2Jb')).toBe('ab');
    expect(forTerminal('a\x1bP+q\x1b\\b')).toBe('ab');
    expect(forTerminal('cut\x1b[')).toBe('cut');
  });

  it('shows other controls as U+FFFD and keeps newlines and tabs', () => {
    expect(forTerminal('x\ty\nz\r\n')).toBe('x\ty\nz\n');
    expect(forTerminal('bell\x07 back\x08 cr\r del\x7f')).toBe('bell\uFFFD back\uFFFD cr\uFFFD del\uFFFD');
    expect(forTerminal('abc\u202Egnp.exe')).toBe('abc\uFFFDgnp.exe');
    expect(oneLine('two\nlines')).toBe('two\uFFFDlines');
  });

  it('keeps JSON valid and equal while escaping C1 and bidi characters', () => {
    const v = { s: 'a\x9b2Jb\u202E\x1b[31m' };
    const j = jsonForTerminal(JSON.stringify(v));
    expect(j).not.toMatch(/[\x1b\x7f-\x9f\u202e]/);
    expect(JSON.parse(j)).toEqual(v);
  });
});
