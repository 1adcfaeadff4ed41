// The language choice alone, without i18next: the early request (app/early-fetch.ts) needs it
// before the rest of the app has loaded.

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Only the language choice is kept in the browser: never data about people. */
export const LANGUAGE_STORAGE_KEY = 'suivi.language';

export function initialLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'en' || stored === 'fr') return stored;
  return browser.some((l) => l.toLowerCase().startsWith('fr')) &&
    !browser
      .slice(
        0,
        browser.findIndex((l) => l.toLowerCase().startsWith('fr')),
      )
      .some((l) => l.startsWith('en'))
    ? 'fr'
    : 'en';
}

/** The language the app starts in: the one chosen before, or the browser's. */
export const startingLanguage = (): Language =>
  initialLanguage(window.localStorage.getItem(LANGUAGE_STORAGE_KEY), navigator.languages ?? [navigator.language]);
