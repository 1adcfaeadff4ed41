import { DEMO_USERS, DEV_ISSUER_DEFAULTS, issueDevToken, type DemoUser } from '@suivi/dev-issuer';
import { devIssuerDirFor } from './secrets';
import type { StackSettings } from './settings';

/**
 * The demo's people directory, filled through the API as real sign-ins fill it: each demo user
 * "signs in" (GET /v1/me with their token puts them in the directory), then the demo reviewer
 * assigns the desk officer and each delegation to their countries, so the demo's reminders and
 * digests have someone to reach (issue 17). Idempotent: the API answers 200 to a repeated PUT.
 */
export async function loadDemoPeople(settings: StackSettings, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const api = `http://127.0.0.1:${settings.ports.api}`;
  const tokenOf = (user: DemoUser) =>
    issueDevToken(devIssuerDirFor(settings), {
      userId: user.id,
      role: user.role,
      countries: [...user.countries],
      issuer: env['AUTH_ISSUER'] || DEV_ISSUER_DEFAULTS.issuer,
      audience: env['AUTH_AUDIENCE'] || DEV_ISSUER_DEFAULTS.audience,
      roleClaim: env['AUTH_ROLE_CLAIM'] || DEV_ISSUER_DEFAULTS.roleClaim,
      countriesClaim: env['AUTH_COUNTRIES_CLAIM'] || DEV_ISSUER_DEFAULTS.countriesClaim,
    });
  const call = async (method: string, path: string, token: string) => {
    const response = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  };

  for (const user of DEMO_USERS) await call('GET', '/v1/me', await tokenOf(user));
  const reviewer = DEMO_USERS.find((u) => u.role === 'reviewer');
  if (!reviewer) return 0;
  const reviewerToken = await tokenOf(reviewer);
  let assigned = 0;
  for (const user of DEMO_USERS) {
    const assignment = user.role === 'desk-officer' ? 'DESK_OFFICER' : user.role === 'delegation' ? 'DELEGATION' : null;
    if (!assignment) continue;
    for (const country of user.countries) {
      await call(
        'PUT',
        `/v1/countries/${country}/assignments/${assignment}/${encodeURIComponent(user.id)}`,
        reviewerToken,
      );
      assigned++;
    }
  }
  return assigned;
}
