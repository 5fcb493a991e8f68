import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines } from './line-splitter.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('LineSplitter', () => {
  it('splits on CR, LF and CRLF and drops empty lines', () => {
    expect(splitLines('ATI\r\r\nModel: X\r\n\r\nOK\r\n')).toEqual(['ATI', 'Model: X', 'OK']);
  });
  it('keeps partial lines until their terminator', () => {
    const s = new LineSplitter();
    expect(s.push(enc('Revi'))).toEqual([]);
    expect(s.push(enc('sion: 1\r'))).toEqual(['Revision: 1']);
    expect(s.push(enc('\nO'))).toEqual([]);
    expect(s.pending).toBe('O');
    expect(s.flush()).toEqual(['O']);
  });
  it('joins UTF-8 sequences split across chunks and drops undecodable bytes', () => {
    const s = new LineSplitter();
    const bytes = enc('Température: 26\r\n');
    expect([...s.push(bytes.slice(0, 5)), ...s.push(bytes.slice(5))]).toEqual(['Température: 26']);
    expect(s.push(new Uint8Array([0xff, 0x00, 0x4f, 0x4b, 0x0d]))).toEqual(['OK']);
  });
  it('keeps tabs inside lines and bounds line length', () => {
    expect(splitLines('a:\t1\t\tb: 2\n')).toEqual(['a:\t1\t\tb: 2']);
    const s = new LineSplitter({ maxLineLength: 100 });
    const out = s.pushText('x'.repeat(1000));
    expect(out.length).toBe(9);
    expect(s.pending.length).toBeLessThanOrEqual(100);
  });
});
