import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18next from 'i18next';
import { lazy, Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { setCallContext } from '../api/client';
import { ApiProblem } from '../api/problem';
import { AuthProvider, useSession } from '../auth/AuthProvider';
import type { Auth } from '../auth/oidc';
import { CALLBACK_PATH } from '../auth/oidc';
import { currentLanguage } from '../i18n/i18n';
import { Callback } from '../screens/Callback';
import { CalendarFeed } from '../screens/CalendarFeed';
import { AuditLog } from '../screens/AuditLog';
import { CyclePage } from '../screens/CyclePage';
import { Cycles } from '../screens/Cycles';
import { Dashboard } from '../screens/Dashboard';
import { IndividualCase } from '../screens/IndividualCase';

import { MyWork } from '../screens/MyWork';
import { Loading, NotFound, SessionEnded } from '../screens/Problems';
import { SignIn } from '../screens/SignIn';
import { Layout } from './Layout';

// Screens opened now and then: loaded when first visited, not with the app.
const Notifications = lazy(() => import('../screens/Notifications').then((m) => ({ default: m.Notifications })));
const PreferencesPage = lazy(() => import('../screens/Preferences').then((m) => ({ default: m.PreferencesPage })));

export function App({ auth }: { auth: Auth }) {
  return (
    <AuthProvider auth={auth}>
      <BrowserRouter>
        <Routes>
          <Route path={CALLBACK_PATH} element={<Callback />} />
          <Route path="*" element={<SignedIn />} />
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}

/** Everything but the sign-in callback needs a user; the API is called with their token. */
function SignedIn() {
  const session = useSession();
  const [sessionEnded, setSessionEnded] = useState(false);
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // A refusal (4xx) will not change by asking again; a 503 may.
            retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.problem.status < 500),
            refetchOnWindowFocus: true,
            staleTime: 5_000,
          },
        },
        queryCache: new QueryCache({
          onError: (error) => {
            if (error instanceof ApiProblem && error.problem.status === 401) setSessionEnded(true);
          },
        }),
      }),
  );

  // Set during render, not in an effect: the screens' queries start in their own effects,
  // which React runs before this component's.
  const user = session.user;
  setCallContext({ accessToken: () => user?.access_token, language: currentLanguage });

  useEffect(() => {
    // Labels come from the API in the user's language: fetch them again when it changes.
    const refetch = () => void client.invalidateQueries();
    i18next.on('languageChanged', refetch);
    return () => i18next.off('languageChanged', refetch);
  }, [client]);

  if (session.loading) return null;
  if (!session.user || !session.principal) return <SignIn />;
  return (
    <QueryClientProvider client={client}>
      <Layout>
        {sessionEnded ? (
          <SessionEnded />
        ) : (
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<MyWork />} />
              <Route path="/cycles" element={<Cycles />} />
              <Route path="/cycles/:cycleId" element={<CyclePage />} />

              <Route path="/dashboard" element={<Dashboard />} />
              <Route path="/audit" element={<AuditLog />} />
              <Route path="/calendar" element={<CalendarFeed />} />
              <Route path="/cases/:caseRef" element={<IndividualCase />} />
              <Route path="/notifications" element={<Notifications />} />
              <Route path="/preferences" element={<PreferencesPage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        )}
      </Layout>
    </QueryClientProvider>
  );
}
