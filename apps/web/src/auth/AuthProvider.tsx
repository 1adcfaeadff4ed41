import type { User } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isUsable, type Auth } from './oidc';
import { principalOf, type Principal } from './principal';

export interface Session {
  auth: Auth;
  user: User | null;
  principal: Principal | undefined;
  /** Still reading the stored session at start. */
  loading: boolean;
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function AuthProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const { events } = auth.manager;
    const loaded = (u: User) => setUser(u);
    const gone = () => setUser(null);
    events.addUserLoaded(loaded);
    events.addUserUnloaded(gone);
    // A renewal that failed leaves the token to expire; the next call then shows the sign-in page.
    events.addAccessTokenExpired(gone);
    auth.manager
      .getUser()
      .then((u) => setUser(isUsable(u) ? u : null))
      .finally(() => setLoading(false));
    return () => {
      events.removeUserLoaded(loaded);
      events.removeUserUnloaded(gone);
      events.removeAccessTokenExpired(gone);
    };
  }, [auth]);

  const signIn = useCallback(
    (returnTo = window.location.pathname + window.location.search) =>
      auth.manager.signinRedirect({ state: { returnTo } }),
    [auth],
  );
  const signOut = useCallback(async () => {
    const idToken = user?.id_token;
    await auth.manager.removeUser();
    await auth.manager.signoutRedirect({ id_token_hint: idToken });
  }, [auth, user]);

  const principal = useMemo(
    () => (user ? principalOf(user.access_token, { sub: user.profile.sub, name: user.profile.name }) : undefined),
    [user],
  );
  const session = useMemo<Session>(
    () => ({ auth, user, principal, loading, signIn, signOut }),
    [auth, user, principal, loading, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside AuthProvider');
  return session;
}

/** The signed-in principal; only under RequireSignIn. */
export function usePrincipal(): Principal {
  const { principal } = useSession();
  if (!principal) throw new Error('usePrincipal without a signed-in user');
  return principal;
}
