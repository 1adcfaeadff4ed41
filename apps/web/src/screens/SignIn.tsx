import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/AuthProvider';
import { LanguageSelect } from '../app/LanguageSelect';
import { usePageTitle } from './page-title';

export function SignIn() {
  const { t } = useTranslation();
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
        <LanguageSelect className="ecl-select suivi-language" />
      </p>
    </main>
  );
}
