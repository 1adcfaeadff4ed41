import type { JWTPayload } from 'jose';
import { ForbiddenProblem } from './forbidden.problem';
import { ROLES, type Principal, type Role } from './principal';
import { UnauthorizedProblem } from './unauthorized.problem';

export interface ClaimNames {
  roleClaim: string;
  countriesClaim: string;
}

const COUNTRY_CODE = /^[A-Z]{2,3}$/;
/** More than there are countries and regional bodies: anything longer is not a scope. */
const MAX_COUNTRIES = 300;
const MAX_USER_ID_LENGTH = 256;

/**
 * The principal of a verified token. A token whose identity or country scope cannot be
 * read is malformed (401); a well-formed token without exactly one Suivi role is a valid
 * caller with no right here (403).
 */
export function principalFromClaims(payload: JWTPayload, names: ClaimNames): Principal {
  const userId = payload.sub;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw malformed();
  }
  const countries = countriesOf(payload[names.countriesClaim]);
  const role = roleOf(payload[names.roleClaim]);
  if (!role) throw new ForbiddenProblem();
  return { userId, role, countries };
}

/** An array of codes or a comma-separated string; absent means no country (reviewers, auditors). */
function countriesOf(claim: unknown): string[] {
  let entries: unknown[];
  if (claim === undefined || claim === null) entries = [];
  else if (typeof claim === 'string') entries = claim.split(',').filter((entry) => entry.trim() !== '');
  else if (Array.isArray(claim)) entries = claim;
  else throw malformed();
  if (entries.length > MAX_COUNTRIES) throw malformed();
  const codes = entries.map((entry) => (typeof entry === 'string' ? entry.trim().toUpperCase() : ''));
  if (!codes.every((code) => COUNTRY_CODE.test(code))) throw malformed();
  return [...new Set(codes)];
}

/** A role string, or a list of roles (as some identity providers send) holding exactly one Suivi role. */
function roleOf(claim: unknown): Role | undefined {
  const candidates = Array.isArray(claim) ? claim : [claim];
  const known = [...new Set(candidates.filter((c): c is Role => ROLES.includes(c as Role)))];
  return known.length === 1 ? known[0] : undefined;
}

function malformed(): UnauthorizedProblem {
  return new UnauthorizedProblem('The bearer token lacks a valid subject or country scope.', 'invalid_token');
}

/**
 * The standard OpenID claims about the person (`name`, `email`, `locale`, `zoneinfo`) and what
 * tells one token of theirs from the next (`jti`, `iat`), as the token has them: strings (and
 * `iat` a number) of bounded length, otherwise left out. Nothing here decides access; the people
 * directory (people/claims.ts) judges the values when it records a sign-in.
 */
export interface SignInClaims {
  name?: string;
  email?: string;
  locale?: string;
  zoneinfo?: string;
  jti?: string;
  /** Seconds since the epoch. */
  iat?: number;
}

/** Longer than any name, address, language tag or zone: anything longer is not one. */
const MAX_PROFILE_CLAIM_LENGTH = 512;

export function signInClaimsOf(payload: JWTPayload): SignInClaims {
  const claims: SignInClaims = {};
  for (const name of ['name', 'email', 'locale', 'zoneinfo', 'jti'] as const) {
    const value = payload[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_PROFILE_CLAIM_LENGTH) {
      claims[name] = value;
    }
  }
  if (typeof payload.iat === 'number' && Number.isFinite(payload.iat)) claims.iat = payload.iat;
  return claims;
}
