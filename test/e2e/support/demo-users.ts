import { DEMO_USERS, type DemoUser } from '@suivi/dev-issuer';

/** The demo user with this id (the development OpenID provider's sign-in page lists them all). */
export const demoUser = (id: string): DemoUser => {
  const found = DEMO_USERS.find((u) => u.id === id);
  if (!found) throw new Error(`no demo user ${id}`);
  return found;
};
