/**
 * The active language. A rune, so every `t()` read inside a component re-renders when the
 * user switches language. Picked from the browser, overridable and remembered. The list of
 * languages is src/text's.
 */
import { isLocale, type Locale } from '../../text/locale.ts';

const STORAGE_KEY = 'boothold.locale';

function detect(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
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
