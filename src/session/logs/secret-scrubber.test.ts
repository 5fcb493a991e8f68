import { describe, expect, it } from 'vitest';
import { SecretScrubber } from './secret-scrubber.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => String.fromCharCode(...b);

describe('secret scrubber', () => {
  it('holds a line until it ends, then masks the secret wherever the reads were cut', () => {
    const s = new SecretScrubber();
    const out: string[] = [];
    for (const piece of ['AT+CP', 'IN="47', '19"\r', '\r\nOK\r\n']) out.push(dec(s.push(enc(piece))));
    expect(out.join('')).toBe('AT+CPIN="****"\r\r\nOK\r\n');
    expect(s.holding).toBe(false);
  });

  it('releases binary traffic that never ends a line, keeping back only a short tail', () => {
    const s = new SecretScrubber();
    const bin = new Uint8Array(5000).fill(0x41);
    const released = s.push(bin);
    expect(released.length).toBeGreaterThan(4000);
    expect(released.length + s.flush().length).toBe(5000);
  });

  it('lets a prompt with no letter A go at once, but holds a half-typed command', () => {
    const s = new SecretScrubber();
    s.push(enc('> '));
    expect(s.releasable).toBe(true);
    const t = new SecretScrubber();
    t.push(enc('AT!ENTERCND="ab'));
    expect(t.releasable).toBe(false);
    expect(dec(t.flush())).toBe('AT!ENTERCND="**');
  });
});
