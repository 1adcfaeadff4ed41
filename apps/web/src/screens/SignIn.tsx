import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/AuthProvider';
import { LANGUAGES } from '../i18n/i18n';
import { usePageTitle } from './page-title';

export function SignIn() {
  const { t, i18n } = useTranslation();
  const { signIn, auth } = useSession();
  usePageTitle(t('signIn.title'));
  return (
    <main id="main" className="ecl-container suivi-sign-in">
      <p className="suivi-header__name">{t('app.name')}</p>
      <h1 className="ecl-u-type-heading-1">{t('signIn.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('signIn.lead')}</p>
      {auth.devIssuer && <p className="ecl-u-type-paragraph">{t('signIn.dev')}</p>}
      <button type="button" className="ecl-button ecl-button--primary" onClick={() => void signIn()}>
        {t('signIn.button')}
      </button>
      <p className="ecl-u-mt-l">
        <label className="ecl-form-label suivi-inline-label" htmlFor="language">
          {t('app.language')}
        </label>
        <select
          id="language"
          className="ecl-select suivi-language"
          value={i18n.language}
          onChange={(e) => void i18n.changeLanguage(e.target.value)}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {l === 'en' ? 'English' : 'Français'}
            </option>
          ))}
        </select>
      </p>
    </main>
  );
}
