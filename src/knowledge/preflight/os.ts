/**
 * Which system the preflight speaks to: from `?os=` (so every page is testable on any system,
 * as comma's `?windows=1`), else from the user agent.
 */
export type PreflightOs = 'linux' | 'windows' | 'macos' | 'chromeos' | 'android' | 'other';

export const PREFLIGHT_OSES: readonly PreflightOs[] = ['linux', 'windows', 'macos', 'chromeos', 'android', 'other'];

export function detectOs(userAgent: string, query?: string | null): PreflightOs {
  const q = query?.toLowerCase();
  if (q && (PREFLIGHT_OSES as readonly string[]).includes(q)) return q as PreflightOs;
  if (/CrOS/.test(userAgent)) return 'chromeos';
  if (/Android/i.test(userAgent)) return 'android';
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'macos';
  if (/Linux|X11/i.test(userAgent)) return 'linux';
  return 'other';
}
