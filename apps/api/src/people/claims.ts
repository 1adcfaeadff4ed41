import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';
import type { SignInClaims } from '../auth/principal-from-claims';
import { hasControlCharacters, timeZone } from '../common/text-schemas';

/** The languages of Suivi's labels and messages; English is the default. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What a person receives by e-mail (the inbox has everything): each notification as it comes
 * (immediate); escalations and event notices at once, reminders in the daily digest (digest); or
 * nothing (none).
 */
export const DELIVERIES = ['digest', 'immediate', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';
export const DEFAULT_TIME_ZONE = 'UTC';
export const DEFAULT_DELIVERY: Delivery = 'digest';
/** The 09:00 digest is on unless the person turns it off. */
export const DEFAULT_DAILY_DIGEST = true;

/** The longest display name and e-mail address kept (RFC 5321 limits a path to 254 characters). */
export const MAX_DISPLAY_NAME = 200;
export const MAX_EMAIL = 254;

/**
 * What one sign-in tells the people directory: who, in which role and countries (the verified
 * principal), and the standard claims about the person, judged. A claim that is absent is null
 * and leaves the directory's value as it is; one that is present but unusable becomes the
 * default (language en, zone UTC) or, for name and e-mail, null.
 */
export interface SignInRecord {
  userId: string;
  role: Principal['role'];
  countries: string[];
  displayName: string | null;
  email: string | null;
  language: Language | null;
  timeZone: string | null;
  /** The token's `iat`: a sign-in older than the one the row holds does not overwrite it. */
  issuedAt: Date | null;
  seenAt: Date;
}

/** The zones the API accepts for cycles and preferences (the runtime's ICU list). */
const knownZone = timeZone();
const isKnownZone = (zone: string) => knownZone.safeParse(zone).success;

/** en or fr from a BCP 47 (or POSIX) locale: "fr", "fr-BE", "fr_CA" are fr; any other language is en. */
export function languageOfLocale(locale: string | undefined): Language | null {
  if (locale === undefined) return null;
  const primary = locale.trim().split(/[-_]/)[0].toLowerCase();
  return primary === 'fr' ? 'fr' : DEFAULT_LANGUAGE;
}

/**
 * An IANA zone Suivi knows (the list the API accepts for cycles and preferences), from the
 * `zoneinfo` claim; a link ("US/Eastern") becomes its zone; anything else is UTC.
 */
export function timeZoneOfZoneinfo(zoneinfo: string | undefined): string | null {
  if (zoneinfo === undefined) return null;
  if (isKnownZone(zoneinfo)) return zoneinfo;
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zoneinfo }).resolvedOptions().timeZone;
    return isKnownZone(resolved) ? resolved : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** A one-line name of at most MAX_DISPLAY_NAME characters, trimmed; otherwise none. */
export function displayNameOf(name: string | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed || trimmed.length > MAX_DISPLAY_NAME || hasControlCharacters(trimmed, false)) return null;
  return trimmed;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/u;

/** An address of the form local@domain.tld, at most MAX_EMAIL characters; otherwise none. */
export function emailOf(email: string | undefined): string | null {
  const trimmed = email?.trim();
  if (!trimmed || trimmed.length > MAX_EMAIL || hasControlCharacters(trimmed, false) || !EMAIL.test(trimmed)) {
    return null;
  }
  return trimmed;
}

export function signInRecordOf(principal: Principal, claims: SignInClaims, seenAt = new Date()): SignInRecord {
  return {
    userId: principal.userId,
    role: principal.role,
    countries: [...principal.countries],
    displayName: displayNameOf(claims.name),
    email: emailOf(claims.email),
    language: languageOfLocale(claims.locale),
    timeZone: timeZoneOfZoneinfo(claims.zoneinfo),
    issuedAt: claims.iat === undefined ? null : new Date(claims.iat * 1000),
    seenAt,
  };
}

/**
 * What makes two requests the same sign-in: the same token (`sub` with its `jti` and `iat`)
 * or, without those, the same claims. A digest, so that the cache holds no personal data.
 */
export function signInKeyOf(principal: Principal, claims: SignInClaims): string {
  const { name, email, locale, zoneinfo, jti, iat } = claims;
  const identity = [principal.userId, jti, iat, principal.role, principal.countries, name, email, locale, zoneinfo];
  return createHash('sha256')
    .update(JSON.stringify(identity.map((part) => part ?? null)))
    .digest('base64url');
}
