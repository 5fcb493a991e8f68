/**
 * Masks secrets (unlock passwords, PINs, PUKs) in one direction of raw bytes before they are
 * stored. A command and its echo arrive in reads of any size — `AT!ENTERCND="S3c` then `retPw"` —
 * so bytes are held back until their line is complete and masked as a whole line. A line that
 * never ends (binary download traffic) is released once it outgrows any command, keeping back
 * only a tail long enough to hold the start of one.
 */
import { maskSecrets } from '../../codec/at/redact.ts';

/** No AT command with a secret is longer than this. */
const MAX_LINE = 1024;
/** Kept back from an overlong line: `AT!ENTERCND="` plus a long password. */
const KEEP_TAIL = 160;

export class SecretScrubber {
  #held: Uint8Array = new Uint8Array(0);

  /** Bytes now safe to store (possibly none yet). */
  push(bytes: Uint8Array): Uint8Array {
    const all = this.#held.length ? concat(this.#held, bytes) : bytes;
    let cut = lastLineEnd(all) + 1;
    if (all.length - cut > MAX_LINE) cut = all.length - KEEP_TAIL;
    this.#held = all.slice(cut);
    return cut === 0 ? new Uint8Array(0) : scrub(all.subarray(0, cut));
  }

  /** Whether bytes are held; `mightHoldSecret` false means they can be released at once. */
  get holding(): boolean {
    return this.#held.length > 0;
  }

  /** Held bytes that cannot be the start of a secret command (no `A`/`a` in them: a prompt, binary). */
  get releasable(): boolean {
    return this.#held.length > 0 && !this.#held.includes(0x41) && !this.#held.includes(0x61);
  }

  /** Everything held, masked as far as it goes (end of session, or nothing can follow). */
  flush(): Uint8Array {
    const out = scrub(this.#held);
    this.#held = new Uint8Array(0);
    return out;
  }
}

/** Masks secrets in bytes read as Latin-1 (one char per byte, so positions map back exactly). */
export function scrub(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) return bytes;
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  const masked = maskSecrets(text);
  if (masked === text) return bytes.slice();
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) if (masked.charCodeAt(i) !== text.charCodeAt(i)) out[i] = 0x2a;
  return out;
}

function lastLineEnd(b: Uint8Array): number {
  for (let i = b.length - 1; i >= 0; i--) if (b[i] === 0x0a || b[i] === 0x0d) return i;
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
