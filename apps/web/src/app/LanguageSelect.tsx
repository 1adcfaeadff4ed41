import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n';

/** The language switch (header and sign-in page); the choice is remembered by i18n.ts. */
export function LanguageSelect({ className }: { className: string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <label className="ecl-form-label suivi-inline-label" htmlFor="language">
        {t('app.language')}
      </label>
      <select
        id="language"
        className={className}
        value={i18n.language}
        onChange={(e) => void i18n.changeLanguage(e.target.value)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {l === 'en' ? 'English' : 'Français'}
          </option>
        ))}
      </select>
    </>
  );
}
