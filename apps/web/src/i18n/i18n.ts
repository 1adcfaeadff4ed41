import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Only the language choice is kept in the browser: never data about people. */
const STORAGE_KEY = 'suivi.language';

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

export async function initI18n(): Promise<void> {
  const lng = initialLanguage(window.localStorage.getItem(STORAGE_KEY), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (language) => {
    window.localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
  });
}

export const currentLanguage = (): Language => (i18next.language === 'fr' ? 'fr' : 'en');
