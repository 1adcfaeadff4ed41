import { DEV_ISSUER_DEFAULTS, DEV_TOKEN_ROLES } from './dev-issuer-defaults';

export type DevTokenRole = (typeof DEV_TOKEN_ROLES)[number];

/**
 * A person the development OpenID provider lets anyone sign in as (its sign-in page lists
 * them; there is no password). Never in production: the provider exists only with
 * AUTH_DEV_ISSUER_DIR, which the configuration refuses there.
 */
export interface DemoUser {
  /** The token's `sub`, and the user id the API records in events. */
  id: string;
  /** Standard OpenID claims of the ID token. */
  name: string;
  email: string;
  locale: 'en' | 'fr';
  /** IANA time zone. */
  zoneinfo: string;
  role: DevTokenRole;
  /** ISO codes of the country scope; empty for the roles that read across countries. */
  countries: readonly string[];
}

/**
 * The countries of the demo cycles the launcher loads (infra/src/demo.ts: Viet Nam, Sri Lanka,
 * Bangladesh; an end-to-end test keeps the two in step).
 */
export const DEMO_CYCLE_COUNTRIES = ['VN', 'LK', 'BD'] as const;

/**
 * One user per role and country scope of the demo data. The ids of the desk officer and the
 * delegations are those the launcher records as the actors of the demo cycles
 * (`demo.desk-officer`, `demo.delegation-<country>`). The desk officer for Cambodia sees none of
 * the demo cycles: signing in as her shows what a user outside a cycle's country gets.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'demo.desk-officer',
    name: 'Anna Keller',
    email: 'anna.keller@example.org',
    locale: 'en',
    zoneinfo: 'Europe/Brussels',
    role: 'desk-officer',
    countries: [...DEMO_CYCLE_COUNTRIES],
  },
  {
    id: 'demo.delegation-vn',
    name: 'Camille Martin',
    email: 'camille.martin@example.org',
    locale: 'fr',
    zoneinfo: 'Asia/Ho_Chi_Minh',
    role: 'delegation',
    countries: ['VN'],
  },
  {
    id: 'demo.delegation-lk',
    name: 'Nimal Perera',
    email: 'nimal.perera@example.org',
    locale: 'en',
    zoneinfo: 'Asia/Colombo',
    role: 'delegation',
    countries: ['LK'],
  },
  {
    id: 'demo.delegation-bd',
    name: 'Farhana Rahman',
    email: 'farhana.rahman@example.org',
    locale: 'en',
    zoneinfo: 'Asia/Dhaka',
    role: 'delegation',
    countries: ['BD'],
  },
  {
    id: 'demo.reviewer',
    name: 'Jonas Berg',
    email: 'jonas.berg@example.org',
    locale: 'en',
    zoneinfo: 'Europe/Brussels',
    role: 'reviewer',
    countries: [],
  },
  {
    id: 'demo.auditor',
    name: 'Elena Rossi',
    email: 'elena.rossi@example.org',
    locale: 'en',
    zoneinfo: 'Europe/Luxembourg',
    role: 'auditor',
    countries: [],
  },
  {
    id: 'demo.desk-officer-kh',
    name: 'Sophie Laurent',
    email: 'sophie.laurent@example.org',
    locale: 'fr',
    zoneinfo: 'Europe/Brussels',
    role: 'desk-officer',
    countries: ['KH'],
  },
];

export function findDemoUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}

export interface DemoClaimNames {
  roleClaim?: string;
  countriesClaim?: string;
}

/** The standard OpenID claims of a person that the API's people directory reads from access tokens. */
export interface DemoUserStandardClaims {
  name: string;
  email: string;
  locale: string;
  zoneinfo: string;
}

export function demoUserStandardClaims(user: DemoUser): DemoUserStandardClaims {
  return { name: user.name, email: user.email, locale: user.locale, zoneinfo: user.zoneinfo };
}

/**
 * The claims of a demo user's access tokens: the standard `name`, `email`, `locale` and
 * `zoneinfo` (the API fills its people directory from them at each sign-in), then the role and
 * countries under the API's claim names. The same shape `npm run token` signs (signDevToken).
 */
export function demoUserAccessClaims(user: DemoUser, names: DemoClaimNames = {}): Record<string, unknown> {
  return {
    ...demoUserStandardClaims(user),
    [names.roleClaim ?? DEV_ISSUER_DEFAULTS.roleClaim]: user.role,
    [names.countriesClaim ?? DEV_ISSUER_DEFAULTS.countriesClaim]: [...user.countries],
  };
}

/** The standard OpenID claims of a demo user (ID token): scopes profile and email. */
export function demoUserProfileClaims(user: DemoUser): {
  sub: string;
  name: string;
  email: string;
  email_verified: boolean;
  locale: string;
  zoneinfo: string;
} {
  const { name, email, locale, zoneinfo } = demoUserStandardClaims(user);
  return { sub: user.id, name, email, email_verified: true, locale, zoneinfo };
}
