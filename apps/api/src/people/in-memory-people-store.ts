import type { Role } from '../auth/principal';
import {
  DEFAULT_DAILY_DIGEST,
  DEFAULT_DELIVERY,
  DEFAULT_LANGUAGE,
  DEFAULT_TIME_ZONE,
  type SignInRecord,
} from './claims';
import type {
  AssignmentRecord,
  NotificationFilter,
  NotificationRecord,
  PeopleFilter,
  PeopleStore,
  Person,
  PreferencesChange,
  UnassignedReminderRecord,
} from './people-store';
// Inbox rows of these kinds are reminders (the rest are notices of events): the unassigned list shows these.
import { reminderKindCodes } from '@suivi/contracts';
import type { Assignment } from '@suivi/notifications/recipients';

/** An in-memory stand-in for PostgresPeopleStore (unit tests), with the same rules. */
export class InMemoryPeopleStore implements PeopleStore {
  readonly people = new Map<string, Person>();
  /** The `iat` of the token each row's claims come from. */
  private readonly claimsIssuedAt = new Map<string, Date | null>();
  readonly assignments: AssignmentRecord[] = [];
  readonly inbox: NotificationRecord[] = [];
  signIns = 0;

  async recordSignIn(record: SignInRecord): Promise<void> {
    this.signIns += 1;
    const existing = this.people.get(record.userId);
    if (!existing) {
      this.people.set(record.userId, {
        userId: record.userId,
        displayName: record.displayName,
        email: record.email,
        language: record.language ?? DEFAULT_LANGUAGE,
        timeZone: record.timeZone ?? DEFAULT_TIME_ZONE,
        role: record.role,
        countries: [...record.countries],
        delivery: DEFAULT_DELIVERY,
        dailyDigest: DEFAULT_DAILY_DIGEST,
        languageChosen: false,
        timeZoneChosen: false,
        preferencesSetAt: null,
        createdAt: record.seenAt,
        updatedAt: record.seenAt,
        lastSeenAt: record.seenAt,
      });
      this.claimsIssuedAt.set(record.userId, record.issuedAt);
      return;
    }
    const issuedAt = this.claimsIssuedAt.get(record.userId) ?? null;
    const newer = issuedAt === null || record.issuedAt === null || record.issuedAt >= issuedAt;
    if (newer) {
      existing.role = record.role;
      existing.countries = [...record.countries];
      existing.displayName = record.displayName ?? existing.displayName;
      existing.email = record.email ?? existing.email;
      if (record.language !== null && !existing.languageChosen) existing.language = record.language;
      if (record.timeZone !== null && !existing.timeZoneChosen) existing.timeZone = record.timeZone;
      this.claimsIssuedAt.set(record.userId, record.issuedAt ?? issuedAt);
      existing.updatedAt = record.seenAt;
    }
    if (record.seenAt > existing.lastSeenAt) existing.lastSeenAt = record.seenAt;
  }

  async find(userId: string): Promise<Person | undefined> {
    const person = this.people.get(userId);
    return person && this.copy(person);
  }

  async findMany(userIds: readonly string[]): Promise<Person[]> {
    return [...this.people.values()].filter((p) => userIds.includes(p.userId)).map((p) => this.copy(p));
  }

  async updatePreferences(userId: string, change: PreferencesChange): Promise<Person | undefined> {
    const person = this.people.get(userId);
    if (!person) return undefined;
    if (change.language) {
      person.language = change.language.value;
      person.languageChosen = change.language.chosen;
    }
    if (change.timeZone) {
      person.timeZone = change.timeZone.value;
      person.timeZoneChosen = change.timeZone.chosen;
    }
    if (change.delivery) person.delivery = change.delivery;
    if (change.dailyDigest !== undefined) person.dailyDigest = change.dailyDigest;
    person.preferencesSetAt = new Date();
    person.updatedAt = person.preferencesSetAt;
    return this.copy(person);
  }

  async list(filter: PeopleFilter): Promise<{ rows: Person[]; total: number }> {
    const { countries, roles } = filter;
    const matching = [...this.people.values()]
      .filter(
        (p) =>
          countries === null ||
          p.countries.some((c) => countries.includes(c)) ||
          this.assignments.some((a) => a.userId === p.userId && countries.includes(a.country)),
      )
      .filter((p) => !roles || roles.includes(p.role))
      .sort(
        (a, b) =>
          (a.displayName === null ? 1 : 0) - (b.displayName === null ? 1 : 0) ||
          (a.displayName ?? '').toLowerCase().localeCompare((b.displayName ?? '').toLowerCase()) ||
          (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
      );
    const start = (filter.page - 1) * filter.pageSize;
    return { rows: matching.slice(start, start + filter.pageSize).map((p) => this.copy(p)), total: matching.length };
  }

  async withRoles(roles: readonly Role[]): Promise<Person[]> {
    return [...this.people.values()].filter((p) => roles.includes(p.role)).map((p) => this.copy(p));
  }

  async assignmentsOfCountry(country: string): Promise<AssignmentRecord[]> {
    return this.assignments.filter((a) => a.country === country).map((a) => ({ ...a }));
  }

  async assignmentsOfUsers(userIds: readonly string[]): Promise<AssignmentRecord[]> {
    return this.assignments.filter((a) => userIds.includes(a.userId)).map((a) => ({ ...a }));
  }

  async assign(record: Omit<AssignmentRecord, 'assignedAt'>): Promise<{ created: boolean; record: AssignmentRecord }> {
    if (!this.people.has(record.userId)) throw new Error('foreign key: no such person');
    const existing = this.assignments.find(
      (a) => a.country === record.country && a.assignment === record.assignment && a.userId === record.userId,
    );
    if (existing) return { created: false, record: { ...existing } };
    const created = { ...record, assignedAt: new Date() };
    this.assignments.push(created);
    return { created: true, record: { ...created } };
  }

  async unassign(country: string, assignment: Assignment, userId: string): Promise<boolean> {
    const index = this.assignments.findIndex(
      (a) => a.country === country && a.assignment === assignment && a.userId === userId,
    );
    if (index < 0) return false;
    this.assignments.splice(index, 1);
    return true;
  }

  async notifications(
    userId: string,
    filter: NotificationFilter,
  ): Promise<{ rows: NotificationRecord[]; total: number; unread: number }> {
    const own = this.inbox.filter((n) => n.userId === userId);
    const matching = own
      .filter((n) => filter.unread === undefined || (n.readAt === null) === filter.unread)
      .sort(
        (a, b) =>
          Number(a.readAt !== null) - Number(b.readAt !== null) ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.notificationId < b.notificationId ? 1 : a.notificationId > b.notificationId ? -1 : 0),
      );
    const start = (filter.page - 1) * filter.pageSize;
    return {
      rows: matching.slice(start, start + filter.pageSize).map((n) => ({ ...n })),
      total: matching.length,
      unread: own.filter((n) => n.readAt === null).length,
    };
  }

  async markRead(userId: string, notificationId: string): Promise<boolean> {
    const notification = this.inbox.find((n) => n.notificationId === notificationId && n.userId === userId);
    if (!notification) return false;
    notification.readAt ??= new Date();
    return true;
  }

  async markAllRead(userId: string): Promise<number> {
    const unread = this.inbox.filter((n) => n.userId === userId && n.readAt === null);
    const now = new Date();
    for (const notification of unread) notification.readAt = now;
    return unread.length;
  }

  async unassignedReminders(countries: readonly string[] | null, limit: number): Promise<UnassignedReminderRecord[]> {
    const firsts = new Map<string, NotificationRecord>();
    const byAge = (a: NotificationRecord, b: NotificationRecord) =>
      a.createdAt.getTime() - b.createdAt.getTime() || compare(a.notificationId, b.notificationId);
    for (const row of this.inbox
      .filter((n) => n.unassigned && (reminderKindCodes as readonly string[]).includes(n.kind))
      .sort(byAge)) {
      if (countries !== null && !countries.includes(row.country)) continue;
      if (!firsts.has(row.sourceEventId)) firsts.set(row.sourceEventId, row);
    }
    return [...firsts.values()]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compare(b.sourceEventId, a.sourceEventId))
      .slice(0, limit)
      .map((n) => ({
        sourceEventId: n.sourceEventId,
        cycleId: n.cycleId,
        country: n.country,
        kind: n.kind,
        recipientRole: n.recipientRole,
        deadline: n.deadline,
        dueAt: n.dueAt,
        actionPointId: n.actionPointId,
        createdAt: n.createdAt,
      }));
  }

  private copy(person: Person): Person {
    return { ...person, countries: [...person.countries] };
  }
}

/** A stable tie-break between ids. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
