import { ForbiddenProblem } from '../auth/forbidden.problem';
import { mayRead, readsAllCountries, type Principal } from '../auth/principal';

/** The countries a query may return: null for all of them. */
export type CountryScope = readonly string[] | null;

/**
 * The countries a list query reads. One rule for every list: reviewers and auditors read all,
 * narrowed by the filter if any. Desk officers and delegations read their own: a filter that
 * names something outside their scope (a country, or a cycle of another country) is a 403
 * (they asked for something they may not see, and an empty answer would read as "nothing
 * there"); without a filter they silently get their own.
 */
export function countryScope(principal: Principal, requested: readonly string[] | undefined): CountryScope {
  if (readsAllCountries(principal)) return requested ?? null;
  const own = principal.countries.map((c) => c.toUpperCase());
  if (!requested) return own;
  if (requested.some((c) => !own.includes(c))) throw new ForbiddenProblem();
  return requested;
}

/**
 * A list filtered on one cycle (`?cycleId=`), under the same rule as a country filter: a
 * scoped reader naming a cycle outside their countries gets 403. So does one naming a cycle
 * the read model does not know, as `GET /v1/cycles/{id}` answers, so that the ids of other
 * countries' cycles cannot be probed through a list; readers of every country get the empty
 * list. `countryOf` (the cycle's country in the read model, null when unknown) is asked only
 * for scoped readers.
 */
export async function assertCycleFilterInScope(
  principal: Principal,
  cycleId: string | undefined,
  countryOf: (cycleId: string) => Promise<string | null>,
): Promise<void> {
  if (cycleId === undefined || readsAllCountries(principal)) return;
  const country = await countryOf(cycleId);
  if (country === null || !mayRead(principal, country)) throw new ForbiddenProblem();
}
