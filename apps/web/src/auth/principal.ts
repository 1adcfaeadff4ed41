/** The roles of the API (apps/api/src/auth/principal.ts); the API decides, the screens only adapt. */
export type Role = 'desk-officer' | 'delegation' | 'reviewer' | 'auditor';
const ROLES: readonly Role[] = ['desk-officer', 'delegation', 'reviewer', 'auditor'];

/** Who is signed in, as the screens need it: to offer only what the API will accept. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  countries: readonly string[];
}

export const ROLE_CLAIM = 'suivi_role';
export const COUNTRIES_CLAIM = 'suivi_countries';

/**
 * Reads the role and countries from the access token's payload. Not a verification (the API
 * verifies every request): a token the API refuses simply leads to a 401 page.
 */
export function principalOf(accessToken: string, profile: { sub?: string; name?: string }): Principal | undefined {
  const payload = decodeJwtPayload(accessToken);
  if (!payload) return undefined;
  const role = payload[ROLE_CLAIM];
  const countries = payload[COUNTRIES_CLAIM];
  const userId = typeof payload['sub'] === 'string' ? payload['sub'] : profile.sub;
  if (!userId || typeof role !== 'string' || !ROLES.includes(role as Role)) return undefined;
  return {
    userId,
    name: profile.name ?? userId,
    role: role as Role,
    countries: Array.isArray(countries) ? countries.filter((c): c is string => typeof c === 'string') : [],
  };
}

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reviewers and auditors read every country; the others their own. */
export const readsAllCountries = (p: Principal) => p.role === 'reviewer' || p.role === 'auditor';
