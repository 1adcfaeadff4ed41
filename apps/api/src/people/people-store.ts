import type { Role } from '../auth/principal';
import type { Delivery, Language, SignInRecord } from './claims';
import type { Assignment } from '@suivi/notifications/recipients';

/** A row of api.people. */
export interface Person {
  userId: string;
  displayName: string | null;
  email: string | null;
  language: Language;
  timeZone: string;
  role: Role;
  countries: string[];
  delivery: Delivery;
  /** Whether the person receives the 09:00 digest (ignored with delivery 'none'). */
  dailyDigest: boolean;
  /** The person chose their language (PATCH /v1/me): sign-ins no longer change it. */
  languageChosen: boolean;
  /** Likewise for the time zone. */
  timeZoneChosen: boolean;
  preferencesSetAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastSeenAt: Date;
}

/** A row of api.country_assignments. */
export interface AssignmentRecord {
  country: string;
  assignment: Assignment;
  userId: string;
  assignedBy: string;
  assignedAt: Date;
}

/** A row of api.notifications: ids, codes and dates only. */
export interface NotificationRecord {
  notificationId: string;
  userId: string;
  kind: string;
  cycleId: string;
  country: string;
  actionPointId: string | null;
  sourceEventId: string;
  recipientRole: Assignment | null;
  unassigned: boolean;
  deadline: string | null;
  dueAt: Date | null;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * A preference to set: the value, and whether it is the person's own choice (a PATCH) or the
 * sign-in claims' again (a PATCH with null: the choice is withdrawn).
 */
export interface PreferenceChange<T> {
  value: T;
  chosen: boolean;
}

export interface PreferencesChange {
  language?: PreferenceChange<Language>;
  timeZone?: PreferenceChange<string>;
  delivery?: Delivery;
  dailyDigest?: boolean;
}

/**
 * A reminder whose recipient role nobody held for its country (the reviewers got it instead):
 * one per source event, however many reviewers received it.
 */
export interface UnassignedReminderRecord {
  sourceEventId: string;
  cycleId: string;
  country: string;
  kind: string;
  recipientRole: Assignment | null;
  deadline: string | null;
  dueAt: Date | null;
  actionPointId: string | null;
  /** When the first of its inbox rows was written. */
  createdAt: Date;
}

export interface PeopleFilter {
  /** People whose scope includes one of these countries or who are assigned to one; null: everybody. */
  countries: readonly string[] | null;
  roles?: readonly Role[];
  page: number;
  pageSize: number;
}

export interface NotificationFilter {
  /** true: unread only; false: read only; undefined: both, unread first. */
  unread?: boolean;
  page: number;
  pageSize: number;
}

/** The people directory, the country assignments and the in-app inbox (api schema). */
export interface PeopleStore {
  /** Creates or refreshes the caller's row from a sign-in; the person's own choices win. */
  recordSignIn(record: SignInRecord): Promise<void>;
  find(userId: string): Promise<Person | undefined>;
  findMany(userIds: readonly string[]): Promise<Person[]>;
  /** The row after the change; undefined if there is no such person. */
  updatePreferences(userId: string, change: PreferencesChange): Promise<Person | undefined>;
  list(filter: PeopleFilter): Promise<{ rows: Person[]; total: number }>;
  /** Every person in one of these roles (the reviewers, for recipient resolution). */
  withRoles(roles: readonly Role[]): Promise<Person[]>;
  assignmentsOfCountry(country: string): Promise<AssignmentRecord[]>;
  assignmentsOfUsers(userIds: readonly string[]): Promise<AssignmentRecord[]>;
  /** Idempotent: `created` is false when the assignment was already there (kept as it was). */
  assign(record: Omit<AssignmentRecord, 'assignedAt'>): Promise<{ created: boolean; record: AssignmentRecord }>;
  /** False when there was nothing to remove. */
  unassign(country: string, assignment: Assignment, userId: string): Promise<boolean>;
  notifications(
    userId: string,
    filter: NotificationFilter,
  ): Promise<{ rows: NotificationRecord[]; total: number; unread: number }>;
  /** False when the user has no such notification (someone else's counts as none). */
  markRead(userId: string, notificationId: string): Promise<boolean>;
  /** How many were unread. */
  markAllRead(userId: string): Promise<number>;
  /** Newest first, at most `limit`; `countries` null: every country. */
  unassignedReminders(countries: readonly string[] | null, limit: number): Promise<UnassignedReminderRecord[]>;
}

export const PEOPLE_STORE = Symbol('PEOPLE_STORE');
