import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { mayRead, readsAllCountries, type Principal } from '../auth/principal';
import type { SignInClaims } from '../auth/principal-from-claims';
import { ProblemDetailsException } from '../common/problem-details';
import { countryScope } from '../queries/read-scope';
import { DEFAULT_DAILY_DIGEST, DEFAULT_DELIVERY, languageOfLocale, timeZoneOfZoneinfo } from './claims';
import type { NotificationsQuery, PeopleQuery, PreferencesPatch, UnassignedRemindersQuery } from './people-schemas';
import {
  PEOPLE_STORE,
  type AssignmentRecord,
  type NotificationRecord,
  type PeopleStore,
  type Person,
  type PreferencesChange,
  type UnassignedReminderRecord,
} from './people-store';
import {
  ASSIGNMENTS,
  qualifiesFor,
  resolveRecipients,
  type Assignment,
  type Recipients,
} from '@suivi/notifications/recipients';
import { SignInRecorder } from './sign-in-recorder';

export interface PersonWithAssignments {
  person: Person;
  assignments: AssignmentRecord[];
}

/**
 * The rules of the people routes. Everybody reads and edits their own row and inbox; the
 * directory is read by reviewers and auditors whole, by desk officers and delegations for their
 * own countries; reviewers alone maintain who covers which country.
 */
@Injectable()
export class PeopleService {
  constructor(
    @Inject(PEOPLE_STORE) private readonly store: PeopleStore,
    private readonly recorder: SignInRecorder,
  ) {}

  /** The caller's row, written from this sign-in first if it was not yet. */
  async me(principal: Principal, claims: SignInClaims): Promise<PersonWithAssignments> {
    const person = await this.ownRow(principal, claims);
    return { person, assignments: await this.store.assignmentsOfUsers([person.userId]) };
  }

  async updateMe(principal: Principal, claims: SignInClaims, patch: PreferencesPatch): Promise<PersonWithAssignments> {
    const current = await this.ownRow(principal, claims);
    const change: PreferencesChange = {};
    if (patch.language !== undefined) {
      change.language =
        patch.language === null
          ? { value: languageOfLocale(claims.locale) ?? current.language, chosen: false }
          : { value: patch.language, chosen: true };
    }
    if (patch.timeZone !== undefined) {
      change.timeZone =
        patch.timeZone === null
          ? { value: timeZoneOfZoneinfo(claims.zoneinfo) ?? current.timeZone, chosen: false }
          : { value: patch.timeZone, chosen: true };
    }
    if (patch.delivery !== undefined) change.delivery = patch.delivery ?? DEFAULT_DELIVERY;
    if (patch.dailyDigest !== undefined) change.dailyDigest = patch.dailyDigest ?? DEFAULT_DAILY_DIGEST;
    const person =
      Object.keys(change).length === 0 ? current : await this.store.updatePreferences(principal.userId, change);
    if (!person) throw directoryUnavailable();
    return { person, assignments: await this.store.assignmentsOfUsers([person.userId]) };
  }

  /**
   * The directory: reviewers and auditors read everybody (narrowed by `country`); desk officers
   * and delegations the people of their countries (their scope holds it, or they are assigned to
   * it), and only those countries' assignments.
   */
  async people(principal: Principal, query: PeopleQuery): Promise<{ rows: PersonWithAssignments[]; total: number }> {
    const scope = countryScope(principal, query.country);
    const { rows, total } = await this.store.list({
      countries: scope,
      roles: query.role,
      page: query.page,
      pageSize: query.pageSize,
    });
    const assignments = await this.store.assignmentsOfUsers(rows.map((p) => p.userId));
    const visible = (a: AssignmentRecord) => readsAllCountries(principal) || mayRead(principal, a.country);
    return {
      rows: rows.map((person) => ({
        person,
        assignments: assignments.filter((a) => a.userId === person.userId && visible(a)),
      })),
      total,
    };
  }

  /** Who covers a country, and where each role's reminders would go now; for whoever may read the country. */
  async countryAssignments(
    principal: Principal,
    country: string,
  ): Promise<{
    assignments: Array<AssignmentRecord & { displayName: string | null }>;
    recipients: Record<Assignment, Recipients>;
  }> {
    if (!mayRead(principal, country)) throw new ForbiddenProblem();
    const assignments = await this.store.assignmentsOfCountry(country);
    const [assigned, reviewers] = await Promise.all([
      this.store.findMany([...new Set(assignments.map((a) => a.userId))]),
      this.store.withRoles(['reviewer']),
    ]);
    const people = [...new Map([...assigned, ...reviewers].map((p) => [p.userId, p])).values()];
    const names = new Map(people.map((p) => [p.userId, p.displayName]));
    const recipients = Object.fromEntries(
      ASSIGNMENTS.map((role) => [role, resolveRecipients(country, role, { assignments, people })]),
    ) as Record<Assignment, Recipients>;
    return { assignments: assignments.map((a) => ({ ...a, displayName: names.get(a.userId) ?? null })), recipients };
  }

  /**
   * Makes a person a recipient of a role's reminders for a country (reviewers only). Idempotent:
   * `created` is false when the assignment was there already, kept as it was.
   */
  async assign(
    principal: Principal,
    country: string,
    assignment: Assignment,
    userId: string,
  ): Promise<{ created: boolean; record: AssignmentRecord; displayName: string | null }> {
    assertReviewer(principal);
    const person = await this.store.find(userId);
    if (!person) {
      throw new ProblemDetailsException(
        404,
        `There is no user ${userId} in the people directory: people appear there at their first sign-in.`,
        { code: 'PERSON_NOT_FOUND' },
      );
    }
    if (!qualifiesFor(person, assignment, country)) {
      throw new ProblemDetailsException(422, eligibilityRule(assignment, country), {
        code: 'ASSIGNEE_NOT_ELIGIBLE',
        errors: [{ parameter: 'userId', detail: eligibilityRule(assignment, country) }],
      });
    }
    const { created, record } = await this.store.assign({ country, assignment, userId, assignedBy: principal.userId });
    return { created, record, displayName: person.displayName };
  }

  /** Removes an assignment (reviewers only); nothing to remove is not an error. */
  async unassign(principal: Principal, country: string, assignment: Assignment, userId: string): Promise<void> {
    assertReviewer(principal);
    await this.store.unassign(country, assignment, userId);
  }

  /** The caller's own inbox: unread first, then newest first. */
  notifications(
    principal: Principal,
    query: NotificationsQuery,
  ): Promise<{ rows: NotificationRecord[]; total: number; unread: number }> {
    return this.store.notifications(principal.userId, query);
  }

  /** Marks one of the caller's notifications read (again: harmless); someone else's is as none (404). */
  async markRead(principal: Principal, notificationId: string): Promise<void> {
    if (!(await this.store.markRead(principal.userId, notificationId))) {
      throw new ProblemDetailsException(404, 'You have no such notification.', { code: 'NOTIFICATION_NOT_FOUND' });
    }
  }

  markAllRead(principal: Principal): Promise<number> {
    return this.store.markAllRead(principal.userId);
  }

  /**
   * The reminders that went to reviewers because nobody held their role for the country, one per
   * reminder, newest first: for whoever may read the country (the list rule of read-scope.ts).
   */
  unassignedReminders(principal: Principal, query: UnassignedRemindersQuery): Promise<UnassignedReminderRecord[]> {
    return this.store.unassignedReminders(countryScope(principal, query.country), UNASSIGNED_REMINDERS_LIMIT);
  }

  private async ownRow(principal: Principal, claims: SignInClaims): Promise<Person> {
    await this.recorder.record(principal, claims, { retry: true });
    const person = await this.store.find(principal.userId);
    if (!person) throw directoryUnavailable();
    return person;
  }
}

/** The dashboard shows the latest; older ones stay in the reviewers' inboxes. */
export const UNASSIGNED_REMINDERS_LIMIT = 200;

function assertReviewer(principal: Principal): void {
  if (principal.role !== 'reviewer') throw new ForbiddenProblem();
}

function eligibilityRule(assignment: Assignment, country: string): string {
  switch (assignment) {
    case 'DESK_OFFICER':
      return `A DESK_OFFICER assignee must be a desk officer with ${country} in their country scope.`;
    case 'DELEGATION':
      return `A DELEGATION assignee must be a delegation with ${country} in their country scope.`;
    case 'REVIEWER':
      return 'A REVIEWER assignee must be a reviewer.';
  }
}

function directoryUnavailable(): ProblemDetailsException {
  return new ProblemDetailsException(
    503,
    'The people directory could not record your sign-in; try again later.',
    {},
    {
      'Retry-After': '5',
    },
  );
}
