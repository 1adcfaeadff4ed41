/**
 * Who receives a reminder: pure functions over the people directory (api.people) and the
 * country assignments (api.country_assignments), with no NestJS or database in sight, so that
 * the API (assignments, previews) and the notifier use the same rule.
 */

/** The recipient roles of a cycle's reminder policy (the domain's RecipientRole). */
export const ASSIGNMENTS = ['DESK_OFFICER', 'DELEGATION', 'REVIEWER'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

/** What recipient resolution needs to know of a person: their role and country scope, as last signed in. */
export interface DirectoryPerson {
  userId: string;
  /** The API's role (principal.ts ROLES): desk-officer, delegation, reviewer, auditor. */
  role: string;
  /** Upper-case partner codes. */
  countries: readonly string[];
}

/** One person covering one country in one recipient role. */
export interface CountryAssignment {
  country: string;
  assignment: Assignment;
  userId: string;
}

/** The role a person must hold to be assigned, per assignment. */
export const ROLE_OF_ASSIGNMENT: Record<Assignment, string> = {
  DESK_OFFICER: 'desk-officer',
  DELEGATION: 'delegation',
  REVIEWER: 'reviewer',
};

/**
 * Whether a person may cover a country in an assignment: a desk officer or a delegation with the
 * country in their scope, a reviewer (who reads every country) for any country.
 */
export function qualifiesFor(person: DirectoryPerson, assignment: Assignment, country: string): boolean {
  if (person.role !== ROLE_OF_ASSIGNMENT[assignment]) return false;
  if (assignment === 'REVIEWER') return true;
  const code = country.toUpperCase();
  return person.countries.some((c) => c.toUpperCase() === code);
}

/**
 * How the recipients were found: the people assigned to the role; for want of them, the
 * reviewers assigned to the country; for want of those, every reviewer; or nobody at all (no
 * reviewer in the directory yet).
 */
export type RecipientSource = 'ASSIGNED' | 'COUNTRY_REVIEWERS' | 'ALL_REVIEWERS' | 'NOBODY';

export interface Recipients {
  /** User ids, sorted, each once. */
  userIds: string[];
  /** True when nobody holds the assignment for the country: the reminder went to reviewers instead. */
  unassigned: boolean;
  source: RecipientSource;
}

/**
 * The recipients of a reminder for `role` on a cycle of `country`. An assignment counts only
 * while its person is in the directory and still qualifies (a role or scope changed at a later
 * sign-in leaves the assignment stale, not effective). A reminder whose role has nobody for the
 * country is not lost: it goes to the country's reviewers, else to all reviewers, marked
 * `unassigned` so that the inbox and the dashboard can show it as such.
 */
export function resolveRecipients(
  country: string,
  role: Assignment,
  directory: { assignments: readonly CountryAssignment[]; people: readonly DirectoryPerson[] },
): Recipients {
  const code = country.toUpperCase();
  const people = new Map(directory.people.map((person) => [person.userId, person]));
  const assigned = (assignment: Assignment) =>
    sortedUnique(
      directory.assignments
        .filter((a) => a.assignment === assignment && a.country.toUpperCase() === code)
        .filter((a) => {
          const person = people.get(a.userId);
          return person !== undefined && qualifiesFor(person, assignment, code);
        })
        .map((a) => a.userId),
    );

  const holders = assigned(role);
  if (holders.length > 0) return { userIds: holders, unassigned: false, source: 'ASSIGNED' };
  const countryReviewers = role === 'REVIEWER' ? [] : assigned('REVIEWER');
  if (countryReviewers.length > 0) return { userIds: countryReviewers, unassigned: true, source: 'COUNTRY_REVIEWERS' };
  const reviewers = sortedUnique(
    directory.people.filter((p) => p.role === ROLE_OF_ASSIGNMENT.REVIEWER).map((p) => p.userId),
  );
  if (reviewers.length > 0) return { userIds: reviewers, unassigned: true, source: 'ALL_REVIEWERS' };
  return { userIds: [], unassigned: true, source: 'NOBODY' };
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
