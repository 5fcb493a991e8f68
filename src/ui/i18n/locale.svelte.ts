/**
 * The active language. A rune, so every `t()` read inside a component re-renders when the
 * user switches language. Picked from the browser, overridable and remembered.
 */
export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];
const STORAGE_KEY = 'boothold.locale';

function detect(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch {
    // storage may be blocked (private mode, sandboxed iframe): fall back to the browser.
  }
  const langs = globalThis.navigator?.languages ?? [];
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'fr') return 'fr';
    if (base === 'en') return 'en';
  }
  return 'en';
}

const state = $state<{ locale: Locale }>({ locale: detect() });

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the choice still holds for this page.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
