import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../api/problem';
import { useSession } from '../auth/AuthProvider';
import { usePageTitle } from './page-title';

/** A page that says why there is nothing to show, and what to do. */
function ProblemPage({ title, body, children }: { title: string; body: string; children?: React.ReactNode }) {
  usePageTitle(title);
  return (
    <section className="suivi-problem" role="alert">
      <h1 className="ecl-u-type-heading-1">{title}</h1>
      <p className="ecl-u-type-paragraph">{body}</p>
      {children}
    </section>
  );
}

export function SessionEnded() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  return (
    <ProblemPage title={t('errors.unauthorized.title')} body={t('errors.unauthorized.body')}>
      <button type="button" className="ecl-button ecl-button--primary" onClick={() => void signIn()}>
        {t('errors.unauthorized.action')}
      </button>
    </ProblemPage>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <ProblemPage title={t('errors.notFound.title')} body={t('errors.notFound.body')}>
      <Link to="/">{t('errors.back')}</Link>
    </ProblemPage>
  );
}

/** What a failed query shows: a clear page for 401/403/404/503, the problem's detail otherwise. */
export function QueryError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = error instanceof ApiProblem ? error.problem.status : 0;
  if (status === 401) return <SessionEnded />;
  if (status === 403)
    return (
      <ProblemPage title={t('errors.forbidden.title')} body={t('errors.forbidden.body')}>
        <Link to="/">{t('errors.back')}</Link>
      </ProblemPage>
    );
  if (status === 404) return <NotFound />;
  if (status === 503) return <ProblemPage title={t('errors.unavailable.title')} body={t('errors.unavailable.body')} />;
  return (
    <p className="suivi-error" role="alert">
      {t('errors.generic', { message: error instanceof Error ? error.message : String(error) })}
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="suivi-loading" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}
