import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/AuthProvider';
import { safeReturnTo } from '../auth/oidc';

/** Where the provider sends the browser back with the code; exchanges it (PKCE) and goes on. */
export function Callback() {
  const { t } = useTranslation();
  const { auth } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    // React's strict mode runs effects twice in development; the code can be exchanged once only.
    if (started.current) return;
    started.current = true;
    auth.manager
      .signinRedirectCallback()
      .then((user) => navigate(safeReturnTo(user.state), { replace: true }))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [auth, navigate]);
  return (
    <main id="main" className="ecl-container suivi-sign-in">
      <p role="status">{failure ? t('signIn.failed', { message: failure }) : t('signIn.callback')}</p>
      {failure && (
        <a className="ecl-link" href="/">
          {t('signIn.button')}
        </a>
      )}
    </main>
  );
}
