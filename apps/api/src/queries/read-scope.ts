import { ForbiddenProblem } from '../auth/forbidden.problem';
import { readsAllCountries, type Principal } from '../auth/principal';

/** The countries a query may return: null for all of them. */
export type CountryScope = readonly string[] | null;

/**
 * The countries a list query reads. Reviewers and auditors read all, narrowed by the filter
 * if any. Desk officers and delegations read their own: asking explicitly for a country
 * outside their scope is a 403 (they asked for something they may not see, and an empty
 * answer would read as "nothing there"); without a filter they silently get their own.
 */
export function countryScope(principal: Principal, requested: readonly string[] | undefined): CountryScope {
  if (readsAllCountries(principal)) return requested ?? null;
  const own = principal.countries.map((c) => c.toUpperCase());
  if (!requested) return own;
  if (requested.some((c) => !own.includes(c))) throw new ForbiddenProblem();
  return requested;
}
