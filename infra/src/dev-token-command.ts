import { DEV_ISSUER_DEFAULTS, DEV_TOKEN_ROLES, issueDevToken } from '@suivi/dev-issuer';
import { devIssuerDirFor } from './secrets';
import type { StackSettings } from './settings';

export interface CommandOutcome {
  code: number;
  /** Only the token, so that `$(npm run -s token -- ...)` captures it. */
  stdout?: string;
  stderr?: string;
}

export const TOKEN_USAGE = [
  'usage: npm run token -- <user> <role> [countries] [--profile dev|test|e2e|bench|cluster]',
  `  role       one of ${DEV_TOKEN_ROLES.join(', ')}`,
  '  countries  comma-separated ISO codes the token is scoped to, e.g. KH,LK',
  "Prints a bearer token of the development issuer, valid 8 hours, for the profile's API.",
  '',
].join('\n');

const COUNTRY_CODE = /^[A-Z]{2,3}$/;

/**
 * `npm run token`: signs a token with the profile's development issuer key (the one the
 * API of that profile trusts; generated here if the API has not started yet). Issuer,
 * audience and claim names follow the same AUTH_* variables as the API.
 */
export async function tokenCommand(
  args: readonly string[],
  settings: StackSettings,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  if (env['NODE_ENV'] === 'production') {
    return {
      code: 1,
      stderr:
        'npm run token refuses to run with NODE_ENV=production: the development issuer is for development ' +
        "and tests only; in production, tokens come from the organisation's OIDC provider (AUTH_JWKS_URL).\n",
    };
  }
  const [userId, role, countryList, ...extra] = withoutProfileOption(args);
  if (!userId || !role || extra.length > 0) return { code: 2, stderr: TOKEN_USAGE };
  if (userId.length > 256 || /\s/.test(userId)) {
    return { code: 2, stderr: `user "${userId}" must be one word of at most 256 characters\n${TOKEN_USAGE}` };
  }
  if (!(DEV_TOKEN_ROLES as readonly string[]).includes(role)) {
    return { code: 2, stderr: `unknown role "${role}"; expected one of ${DEV_TOKEN_ROLES.join(', ')}\n` };
  }
  const countries = (countryList ?? '')
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
  const invalid = countries.filter((code) => !COUNTRY_CODE.test(code));
  if (invalid.length > 0) {
    return { code: 2, stderr: `not ISO country codes: ${invalid.join(', ')} (expected e.g. KH,LK)\n` };
  }

  const token = await issueDevToken(devIssuerDirFor(settings), {
    userId,
    role,
    countries: [...new Set(countries)],
    issuer: env['AUTH_ISSUER'] || DEV_ISSUER_DEFAULTS.issuer,
    audience: env['AUTH_AUDIENCE'] || DEV_ISSUER_DEFAULTS.audience,
    roleClaim: env['AUTH_ROLE_CLAIM'] || DEV_ISSUER_DEFAULTS.roleClaim,
    countriesClaim: env['AUTH_COUNTRIES_CLAIM'] || DEV_ISSUER_DEFAULTS.countriesClaim,
  });
  const scopeless = countries.length === 0 && (role === 'desk-officer' || role === 'delegation');
  return {
    code: 0,
    stdout: `${token}\n`,
    stderr: scopeless ? `note: a ${role} token without countries may act on no cycle\n` : undefined,
  };
}

function withoutProfileOption(args: readonly string[]): string[] {
  const index = args.indexOf('--profile');
  return index < 0 ? [...args] : [...args.slice(0, index), ...args.slice(index + 2)];
}
