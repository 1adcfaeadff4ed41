import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { DEV_ISSUER_ALGORITHM, loadDevIssuerKeys, type DevIssuerKeys } from './dev-issuer-keys';

/** The API's defaults for AUTH_ISSUER, AUTH_AUDIENCE, AUTH_ROLE_CLAIM and AUTH_COUNTRIES_CLAIM. */
export const DEV_ISSUER_DEFAULTS = {
  issuer: 'suivi-dev-issuer',
  audience: 'suivi-api',
  roleClaim: 'suivi_role',
  countriesClaim: 'suivi_countries',
} as const;

/** The API's roles (apps/api/src/auth/principal.ts ROLES; a test there keeps the two equal). */
export const DEV_TOKEN_ROLES = ['desk-officer', 'delegation', 'reviewer', 'auditor'] as const;

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
}

/** A JWT signed by the development issuer whose key pair is kept in `dir` (created if missing). */
export async function issueDevToken(dir: string, options: DevTokenOptions): Promise<string> {
  return signDevToken(await loadDevIssuerKeys(dir), options);
}

export async function signDevToken(keys: DevIssuerKeys, options: DevTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS;
  return new SignJWT({
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

/** The launcher's profiles; each has its own data folder and so its own development issuer. */
export type StackProfile = 'dev' | 'test' | 'e2e' | 'bench';

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
