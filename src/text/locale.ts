/**
 * The languages Boothold speaks. A plain type on the ground floor: the knowledge tables, the
 * stored session journal and the UI all name a language, and none of them may depend on the
 * others to do so. Which language is active is the UI's business (ui/i18n/locale.svelte.ts).
 */
export type Locale = 'en' | 'fr';

export const LOCALES: readonly Locale[] = ['en', 'fr'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
