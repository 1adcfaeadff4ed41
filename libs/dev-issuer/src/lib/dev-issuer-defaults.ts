/** The API's defaults for AUTH_ISSUER, AUTH_AUDIENCE, AUTH_ROLE_CLAIM and AUTH_COUNTRIES_CLAIM. */
export const DEV_ISSUER_DEFAULTS = {
  issuer: 'suivi-dev-issuer',
  audience: 'suivi-api',
  roleClaim: 'suivi_role',
  countriesClaim: 'suivi_countries',
} as const;

/** The API's roles (apps/api/src/auth/principal.ts ROLES; a test there keeps the two equal). */
export const DEV_TOKEN_ROLES = ['desk-officer', 'delegation', 'reviewer', 'auditor'] as const;
