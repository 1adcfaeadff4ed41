import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useSession, usePrincipal } from '../auth/AuthProvider';
import { LanguageSelect } from './LanguageSelect';
import { UnreadBadge } from './UnreadBadge';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const { signOut } = useSession();
  const links: Array<{ to: string; label: string; end?: boolean; badge?: ReactNode }> = [
    { to: '/', label: t('app.nav.myWork'), end: true },
    { to: '/cycles', label: t('app.nav.cycles') },
    { to: '/dashboard', label: t('app.nav.dashboard') },
    ...(principal.role === 'auditor' ? [{ to: '/audit', label: t('app.nav.audit') }] : []),
    { to: '/calendar', label: t('app.nav.calendar') },
    { to: '/notifications', label: t('app.nav.notifications'), badge: <UnreadBadge /> },
  ];
  return (
    <>
      <a className="ecl-skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="suivi-header">
        <div className="ecl-container suivi-header__top">
          <div>
            <span className="suivi-header__name">{t('app.name')}</span>
            <span className="suivi-header__tagline">{t('app.tagline')}</span>
          </div>
          <div className="suivi-header__tools">
            <LanguageSelect className="suivi-language" />
            <span className="suivi-user" data-testid="signed-in-as">
              {t('app.signedInAs', { name: principal.name, role: t(`roles.${principal.role}`) })}
            </span>
            <NavLink to="/preferences" className="suivi-header__link">
              {t('app.nav.preferences')}
            </NavLink>
            <button type="button" className="ecl-button ecl-button--secondary" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </div>
        <nav className="suivi-nav" aria-label={t('app.name')}>
          <ul className="ecl-container suivi-nav__list">
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end} className="suivi-nav__link">
                  {link.label}
                  {link.badge}
                </NavLink>
              </li>
            ))}
            <li>
              <a className="suivi-nav__link" href="/docs">
                {t('app.nav.apiDocs')}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="ecl-container suivi-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
