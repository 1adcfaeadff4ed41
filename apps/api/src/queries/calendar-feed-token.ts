import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Principal, type Role } from '../auth/principal';
import type { Language } from './labels';

/**
 * Calendar programs subscribe to a URL and send no bearer token, so the feed URL carries
 * its own: `<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of the
 * payload under CALENDAR_FEED_SECRET. The payload is what the feed needs to answer for the
 * user without the identity provider: who, which role and countries (as when the URL was
 * issued), the labels' language, when it was issued and the token format version.
 *
 * Revocation: all feed URLs at once by rotating CALENDAR_FEED_SECRET; each one by expiry,
 * FEED_TOKEN_MAX_AGE_DAYS after issue (the user then gets a new URL from
 * /v1/me/calendar-feed, with the role and countries they have then). `ver` leaves room for
 * a per-user version kept in PostgreSQL (not done yet).
 */

export const FEED_TOKEN_VERSION = 1;
export const FEED_TOKEN_MAX_AGE_DAYS = 180;
const DAY_MS = 86_400_000;
/** Clock skew tolerated between API instances for the issue instant. */
const SKEW_MS = 5 * 60_000;

export interface FeedTokenClaims {
  ver: number;
  sub: string;
  role: Role;
  cty: string[];
  lng: Language;
  /** Issued at, seconds since the epoch. */
  iat: number;
}

/** Why a feed token was refused; the route answers 401 with this detail. */
export class FeedTokenError extends Error {}

function signature(payload: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function issueFeedToken(principal: Principal, language: Language, secret: Buffer, now = new Date()): string {
  const claims: FeedTokenClaims = {
    ver: FEED_TOKEN_VERSION,
    sub: principal.userId,
    role: principal.role,
    cty: [...principal.countries],
    lng: language,
    iat: Math.floor(now.getTime() / 1000),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

/** The principal a feed token speaks for, or FeedTokenError. The signature is checked before anything is parsed. */
export function verifyFeedToken(
  token: string | undefined,
  secret: Buffer,
  now = new Date(),
): { principal: Principal; language: Language } {
  if (!token) throw new FeedTokenError('The calendar feed URL has no token; get one from /v1/me/calendar-feed.');
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0) throw new FeedTokenError('The calendar feed token is malformed.');
  const expected = signature(payload, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new FeedTokenError('The calendar feed token is not valid (wrong signature).');
  }
  let claims: FeedTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as FeedTokenClaims;
  } catch {
    throw new FeedTokenError('The calendar feed token is malformed.');
  }
  const wellFormed =
    claims !== null &&
    typeof claims === 'object' &&
    claims.ver === FEED_TOKEN_VERSION &&
    typeof claims.sub === 'string' &&
    (ROLES as readonly string[]).includes(claims.role) &&
    Array.isArray(claims.cty) &&
    claims.cty.every((c) => typeof c === 'string') &&
    (claims.lng === 'en' || claims.lng === 'fr') &&
    Number.isInteger(claims.iat);
  if (!wellFormed) throw new FeedTokenError('The calendar feed token is malformed.');
  const issuedAt = claims.iat * 1000;
  if (issuedAt > now.getTime() + SKEW_MS) throw new FeedTokenError('The calendar feed token is not valid yet.');
  if (now.getTime() - issuedAt > FEED_TOKEN_MAX_AGE_DAYS * DAY_MS) {
    throw new FeedTokenError('The calendar feed URL has expired; get a new one from /v1/me/calendar-feed.');
  }
  return { principal: { userId: claims.sub, role: claims.role, countries: claims.cty }, language: claims.lng };
}
