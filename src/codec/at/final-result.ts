/**
 * Final result codes (3GPP TS 27.007 §9 and V.250 §5.7): the line that ends a command's
 * response. Everything else an AT port prints is an information line, an echo or a URC.
 */
export type FinalResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error' }
  /** `+CME ERROR: 30` → code 30; `+CME ERROR: no network service` (CMEE=2) → code null, text kept. */
  | { readonly kind: 'cme-error'; readonly code: number | null; readonly text: string }
  | { readonly kind: 'cms-error'; readonly code: number | null; readonly text: string }
  | { readonly kind: 'no-carrier' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'no-dialtone' }
  /** `CONNECT` or `CONNECT 115200`: the port switched to data mode. */
  | { readonly kind: 'connect'; readonly text: string }
  /** Some firmware answers unknown commands with this instead of ERROR. */
  | { readonly kind: 'not-supported'; readonly text: string };

export type FinalKind = FinalResult['kind'];

/** Whether a final result means the command did what was asked. */
export function isSuccess(r: FinalResult): boolean {
  return r.kind === 'ok' || r.kind === 'connect';
}

const NUMERIC = /^\d{1,5}$/;

/** Classifies one cleaned line; null when it is not a final result code. */
export function classifyFinal(line: string): FinalResult | null {
  const t = line.trim();
  if (t.length === 0 || t.length > 300) return null;
  // Every final result starts with O, E, N, B, C or +: reject the rest before upper-casing.
  const c0 = t.charCodeAt(0) | 0x20;
  if (c0 !== 0x6f && c0 !== 0x65 && c0 !== 0x6e && c0 !== 0x62 && c0 !== 0x63 && t.charCodeAt(0) !== 0x2b) return null;
  const upper = t.toUpperCase();
  switch (upper) {
    case 'OK':
      return { kind: 'ok' };
    case 'ERROR':
      return { kind: 'error' };
    case 'NO CARRIER':
      return { kind: 'no-carrier' };
    case 'BUSY':
      return { kind: 'busy' };
    case 'NO ANSWER':
      return { kind: 'no-answer' };
    case 'NO DIALTONE':
    case 'NO DIAL TONE':
      return { kind: 'no-dialtone' };
    case 'COMMAND NOT SUPPORT':
    case 'COMMAND NOT SUPPORTED':
      return { kind: 'not-supported', text: t };
  }
  if (upper === 'CONNECT' || upper.startsWith('CONNECT ')) return { kind: 'connect', text: t.slice(7).trim() };
  const cme = /^\+CM([ES]) ERROR\s*:?\s*(.*)$/i.exec(t);
  if (cme) {
    const text = (cme[2] ?? '').trim();
    const code = NUMERIC.test(text) ? Number(text) : null;
    return cme[1]!.toUpperCase() === 'E' ? { kind: 'cme-error', code, text } : { kind: 'cms-error', code, text };
  }
  return null;
}

/** One-line rendering for logs and the console. */
export function describeFinal(r: FinalResult): string {
  switch (r.kind) {
    case 'ok':
      return 'OK';
    case 'error':
      return 'ERROR';
    case 'cme-error':
      return `+CME ERROR: ${r.text}`;
    case 'cms-error':
      return `+CMS ERROR: ${r.text}`;
    case 'no-carrier':
      return 'NO CARRIER';
    case 'busy':
      return 'BUSY';
    case 'no-answer':
      return 'NO ANSWER';
    case 'no-dialtone':
      return 'NO DIALTONE';
    case 'connect':
      return r.text ? `CONNECT ${r.text}` : 'CONNECT';
    case 'not-supported':
      return r.text;
  }
}
