import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGUE } from './catalogue';
import { LANGUAGE_STORAGE_KEY, startingLanguage, type Language } from './language-choice';

export { LANGUAGES, initialLanguage, type Language } from './language-choice';

export async function initI18n(): Promise<void> {
  const lng = startingLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: CATALOGUE.en }, fr: { translation: CATALOGUE.fr } },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (language) => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    document.documentElement.lang = language;
  });
}

export const currentLanguage = (): Language => (i18next.language === 'fr' ? 'fr' : 'en');
