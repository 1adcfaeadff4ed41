import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { demoUserStandardClaims, findDemoUser, type DemoUserStandardClaims } from './demo-users';
import { DEV_ISSUER_DEFAULTS } from './dev-issuer-defaults';
import { DEV_ISSUER_ALGORITHM, loadDevIssuerKeys, type DevIssuerKeys } from './dev-issuer-keys';

export { DEV_ISSUER_DEFAULTS, DEV_TOKEN_ROLES } from './dev-issuer-defaults';

/** A working day: long enough for a session at the console, short enough to expire by itself. */
export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 8 * 3600;

export interface DevTokenOptions {
  userId: string;
  /** Not checked here, so that tests can mint tokens the API must refuse. */
  role: string;
  countries: readonly string[];
  issuer?: string;
  audience?: string;
  /** Negative values give an already expired token. */
  ttlSeconds?: number;
  roleClaim?: string;
  countriesClaim?: string;
  /**
   * The standard OpenID claims `name`, `email`, `locale` and `zoneinfo` of the person, as the
   * development OpenID provider puts them in its access tokens (the API fills its people
   * directory from them). By default those of the demo user with this id, if there is one;
   * `null` for none (a token as a bare identity provider would issue it).
   */
  profile?: Partial<DemoUserStandardClaims> | null;
}

/** A JWT signed by the development issuer whose key pair is kept in `dir` (created if missing). */
export async function issueDevToken(dir: string, options: DevTokenOptions): Promise<string> {
  return signDevToken(await loadDevIssuerKeys(dir), options);
}

export async function signDevToken(keys: DevIssuerKeys, options: DevTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS;
  const profile = options.profile === undefined ? defaultProfileOf(options.userId) : (options.profile ?? {});
  return new SignJWT({
    ...definedOnly(profile),
    [options.roleClaim ?? DEV_ISSUER_DEFAULTS.roleClaim]: options.role,
    [options.countriesClaim ?? DEV_ISSUER_DEFAULTS.countriesClaim]: [...options.countries],
  })
    .setProtectedHeader({ alg: DEV_ISSUER_ALGORITHM, kid: keys.kid, typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer ?? DEV_ISSUER_DEFAULTS.issuer)
    .setAudience(options.audience ?? DEV_ISSUER_DEFAULTS.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(keys.privateKey);
}

function defaultProfileOf(userId: string): Partial<DemoUserStandardClaims> {
  const user = findDemoUser(userId);
  return user ? demoUserStandardClaims(user) : {};
}

function definedOnly(claims: Partial<DemoUserStandardClaims>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The launcher's profiles; each has its own data folder and so its own development issuer. */
export type StackProfile = 'dev' | 'test' | 'e2e' | 'bench' | 'cluster' | 'chaos';

/**
 * Where the launcher keeps a profile's development issuer (infra/src/secrets.ts
 * devIssuerDirFor; a test in infra keeps the two in step).
 */
export function devIssuerDirForProfile(profile: StackProfile, suiviHome = defaultSuiviHome()): string {
  const base = profile === 'dev' ? suiviHome : join(suiviHome, profile);
  return join(base, 'data', 'secrets', 'dev-issuer');
}

/**
 * A token the API of a profile's stack accepts (default issuer, audience and claim names):
 * what the end-to-end tests and benchmarks use to act as a given user.
 */
export function issueDevTokenForProfile(
  profile: StackProfile,
  options: DevTokenOptions,
  suiviHome = defaultSuiviHome(),
): Promise<string> {
  return issueDevToken(devIssuerDirForProfile(profile, suiviHome), options);
}

function defaultSuiviHome(): string {
  // libs/dev-issuer/src/lib -> repository root, as the launcher's SUIVI_HOME default.
  return resolve(process.env['SUIVI_HOME'] ?? join(__dirname, '..', '..', '..', '..', '.suivi'));
}
