import { Injectable } from '@nestjs/common';
import type { Role } from '../auth/principal';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import type { Delivery, Language, SignInRecord } from './claims';
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

interface PersonRow {
  user_id: string;
  display_name: string | null;
  email: string | null;
  language: Language;
  time_zone: string;
  role: Role;
  countries: string[];
  delivery: Delivery;
  daily_digest: boolean;
  language_chosen: boolean;
  time_zone_chosen: boolean;
  preferences_set_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_seen_at: Date;
}

const PERSON_COLUMNS = `p.user_id, p.display_name, p.email, p.language, p.time_zone, p.role, p.countries, p.delivery,
  p.daily_digest, p.language_chosen, p.time_zone_chosen, p.preferences_set_at, p.created_at, p.updated_at, p.last_seen_at`;

const toPerson = (row: PersonRow): Person => ({
  userId: row.user_id,
  displayName: row.display_name,
  email: row.email,
  language: row.language,
  timeZone: row.time_zone,
  role: row.role,
  countries: row.countries,
  delivery: row.delivery,
  dailyDigest: row.daily_digest,
  languageChosen: row.language_chosen,
  timeZoneChosen: row.time_zone_chosen,
  preferencesSetAt: row.preferences_set_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastSeenAt: row.last_seen_at,
});

interface AssignmentRow {
  country: string;
  assignment: Assignment;
  user_id: string;
  assigned_by: string;
  assigned_at: Date;
}

const toAssignment = (row: AssignmentRow): AssignmentRecord => ({
  country: row.country,
  assignment: row.assignment,
  userId: row.user_id,
  assignedBy: row.assigned_by,
  assignedAt: row.assigned_at,
});

interface NotificationRow {
  notification_id: string;
  user_id: string;
  kind: string;
  cycle_id: string;
  country: string;
  action_point_id: string | null;
  source_event_id: string;
  recipient_role: Assignment | null;
  unassigned: boolean;
  deadline: string | null;
  due_at: Date | null;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

interface UnassignedReminderRow {
  source_event_id: string;
  cycle_id: string;
  country: string;
  kind: string;
  recipient_role: Assignment | null;
  deadline: string | null;
  due_at: Date | null;
  action_point_id: string | null;
  created_at: Date;
}

const toUnassignedReminder = (row: UnassignedReminderRow): UnassignedReminderRecord => ({
  sourceEventId: row.source_event_id,
  cycleId: row.cycle_id,
  country: row.country,
  kind: row.kind,
  recipientRole: row.recipient_role,
  deadline: row.deadline,
  dueAt: row.due_at,
  actionPointId: row.action_point_id,
  createdAt: row.created_at,
});

const toNotification = (row: NotificationRow): NotificationRecord => ({
  notificationId: row.notification_id,
  userId: row.user_id,
  kind: row.kind,
  cycleId: row.cycle_id,
  country: row.country,
  actionPointId: row.action_point_id,
  sourceEventId: row.source_event_id,
  recipientRole: row.recipient_role,
  unassigned: row.unassigned,
  deadline: row.deadline,
  dueAt: row.due_at,
  data: row.data,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/**
 * A sign-in's claims apply unless the row holds those of a later token; `$n IS NULL` (a claim
 * the token does not carry) keeps what the row has; a choice of the person's own wins.
 */
const NEWER = '(p.claims_issued_at IS NULL OR $8::timestamptz IS NULL OR $8::timestamptz >= p.claims_issued_at)';

const RECORD_SIGN_IN = `
INSERT INTO api.people AS p (user_id, role, countries, display_name, email, language, time_zone, claims_issued_at,
                             created_at, updated_at, last_seen_at)
VALUES ($1, $2, $3, $4, $5, COALESCE($6, 'en'), COALESCE($7, 'UTC'), $8, $9, $9, $9)
ON CONFLICT (user_id) DO UPDATE SET
  role = CASE WHEN ${NEWER} THEN $2 ELSE p.role END,
  countries = CASE WHEN ${NEWER} THEN $3::text[] ELSE p.countries END,
  display_name = CASE WHEN ${NEWER} AND $4::text IS NOT NULL THEN $4 ELSE p.display_name END,
  email = CASE WHEN ${NEWER} AND $5::text IS NOT NULL THEN $5 ELSE p.email END,
  language = CASE WHEN ${NEWER} AND $6::text IS NOT NULL AND NOT p.language_chosen THEN $6 ELSE p.language END,
  time_zone = CASE WHEN ${NEWER} AND $7::text IS NOT NULL AND NOT p.time_zone_chosen THEN $7 ELSE p.time_zone END,
  claims_issued_at = CASE WHEN ${NEWER} THEN COALESCE($8, p.claims_issued_at) ELSE p.claims_issued_at END,
  last_seen_at = GREATEST(p.last_seen_at, $9)`;

/** Schema `api` of the API's database (apps/api/migrations/*_people-directory.sql). */
@Injectable()
export class PostgresPeopleStore implements PeopleStore {
  constructor(private readonly postgres: PostgresPoolService) {}

  private get pool() {
    return this.postgres.pool;
  }

  async recordSignIn(record: SignInRecord): Promise<void> {
    await this.pool.query(RECORD_SIGN_IN, [
      record.userId,
      record.role,
      record.countries,
      record.displayName,
      record.email,
      record.language,
      record.timeZone,
      record.issuedAt,
      record.seenAt,
    ]);
  }

  async find(userId: string): Promise<Person | undefined> {
    const { rows } = await this.pool.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM api.people p WHERE user_id = $1`, [
      userId,
    ]);
    return rows[0] && toPerson(rows[0]);
  }

  async findMany(userIds: readonly string[]): Promise<Person[]> {
    if (userIds.length === 0) return [];
    const { rows } = await this.pool.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM api.people p WHERE user_id = ANY($1::text[]) ORDER BY user_id`,
      [userIds],
    );
    return rows.map(toPerson);
  }

  async updatePreferences(userId: string, change: PreferencesChange): Promise<Person | undefined> {
    const { rows } = await this.pool.query<PersonRow>(
      `UPDATE api.people p SET
         language = COALESCE($2, p.language),
         language_chosen = COALESCE($3, p.language_chosen),
         time_zone = COALESCE($4, p.time_zone),
         time_zone_chosen = COALESCE($5, p.time_zone_chosen),
         delivery = COALESCE($6, p.delivery),
         daily_digest = COALESCE($7, p.daily_digest),
         preferences_set_at = now()
       WHERE user_id = $1
       RETURNING ${PERSON_COLUMNS}`,
      [
        userId,
        change.language?.value ?? null,
        change.language?.chosen ?? null,
        change.timeZone?.value ?? null,
        change.timeZone?.chosen ?? null,
        change.delivery ?? null,
        change.dailyDigest ?? null,
      ],
    );
    return rows[0] && toPerson(rows[0]);
  }

  async list(filter: PeopleFilter): Promise<{ rows: Person[]; total: number }> {
    const where = `($1::text[] IS NULL OR p.countries && $1::text[] OR EXISTS (
        SELECT 1 FROM api.country_assignments a WHERE a.user_id = p.user_id AND a.country = ANY($1::text[])))
      AND ($2::text[] IS NULL OR p.role = ANY($2::text[]))`;
    const parameters = [filter.countries, filter.roles ?? null];
    const [{ rows }, count] = await Promise.all([
      this.pool.query<PersonRow>(
        `SELECT ${PERSON_COLUMNS} FROM api.people p WHERE ${where}
         ORDER BY lower(p.display_name) NULLS LAST, p.user_id
         LIMIT $3 OFFSET $4`,
        [...parameters, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM api.people p WHERE ${where}`, parameters),
    ]);
    return { rows: rows.map(toPerson), total: count.rows[0].total };
  }

  async withRoles(roles: readonly Role[]): Promise<Person[]> {
    const { rows } = await this.pool.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM api.people p WHERE p.role = ANY($1::text[]) ORDER BY p.user_id`,
      [roles],
    );
    return rows.map(toPerson);
  }

  async assignmentsOfCountry(country: string): Promise<AssignmentRecord[]> {
    const { rows } = await this.pool.query<AssignmentRow>(
      `SELECT country, assignment, user_id, assigned_by, assigned_at FROM api.country_assignments
       WHERE country = $1 ORDER BY assignment, user_id`,
      [country],
    );
    return rows.map(toAssignment);
  }

  async assignmentsOfUsers(userIds: readonly string[]): Promise<AssignmentRecord[]> {
    if (userIds.length === 0) return [];
    const { rows } = await this.pool.query<AssignmentRow>(
      `SELECT country, assignment, user_id, assigned_by, assigned_at FROM api.country_assignments
       WHERE user_id = ANY($1::text[]) ORDER BY user_id, country, assignment`,
      [userIds],
    );
    return rows.map(toAssignment);
  }

  async assign(record: Omit<AssignmentRecord, 'assignedAt'>): Promise<{ created: boolean; record: AssignmentRecord }> {
    // One statement: the row inserted now, or the one already there (as it was).
    const { rows } = await this.pool.query<AssignmentRow & { created: boolean }>(
      `WITH inserted AS (
         INSERT INTO api.country_assignments (country, assignment, user_id, assigned_by)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (country, assignment, user_id) DO NOTHING
         RETURNING country, assignment, user_id, assigned_by, assigned_at
       )
       SELECT *, true AS created FROM inserted
       UNION ALL
       SELECT country, assignment, user_id, assigned_by, assigned_at, false AS created FROM api.country_assignments
       WHERE country = $1 AND assignment = $2 AND user_id = $3 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [record.country, record.assignment, record.userId, record.assignedBy],
    );
    if (!rows[0]) throw new Error('assignment neither inserted nor found');
    return { created: rows[0].created, record: toAssignment(rows[0]) };
  }

  async unassign(country: string, assignment: Assignment, userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM api.country_assignments WHERE country = $1 AND assignment = $2 AND user_id = $3',
      [country, assignment, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  async notifications(
    userId: string,
    filter: NotificationFilter,
  ): Promise<{ rows: NotificationRecord[]; total: number; unread: number }> {
    const readFilter = filter.unread === undefined ? null : !filter.unread;
    const [{ rows }, counts] = await Promise.all([
      this.pool.query<NotificationRow>(
        `SELECT notification_id, user_id, kind, cycle_id, country, action_point_id, source_event_id, recipient_role,
                unassigned, deadline::text AS deadline, due_at, data, created_at, read_at
         FROM api.notifications
         WHERE user_id = $1 AND ($2::boolean IS NULL OR (read_at IS NOT NULL) = $2::boolean)
         ORDER BY (read_at IS NOT NULL), created_at DESC, notification_id DESC
         LIMIT $3 OFFSET $4`,
        [userId, readFilter, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
      this.pool.query<{ total: number; unread: number }>(
        `SELECT count(*) FILTER (WHERE $2::boolean IS NULL OR (read_at IS NOT NULL) = $2::boolean)::int AS total,
                count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM api.notifications WHERE user_id = $1`,
        [userId, readFilter],
      ),
    ]);
    return { rows: rows.map(toNotification), ...counts.rows[0] };
  }

  async markRead(userId: string, notificationId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE api.notifications SET read_at = COALESCE(read_at, now())
       WHERE notification_id = $1 AND user_id = $2`,
      [notificationId, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      'UPDATE api.notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return rowCount ?? 0;
  }

  async unassignedReminders(countries: readonly string[] | null, limit: number): Promise<UnassignedReminderRecord[]> {
    // Each reviewer who stood in has a row of the same event: the first one speaks for them all.
    const { rows } = await this.pool.query<UnassignedReminderRow>(
      `SELECT * FROM (
         SELECT DISTINCT ON (source_event_id) source_event_id, cycle_id, country, kind, recipient_role,
                deadline::text AS deadline, due_at, action_point_id, created_at
         FROM api.notifications
         WHERE unassigned AND kind = ANY($3::text[]) AND ($1::text[] IS NULL OR country = ANY($1::text[]))
         ORDER BY source_event_id, created_at, notification_id
       ) AS firsts
       ORDER BY created_at DESC, source_event_id DESC
       LIMIT $2`,
      [countries, limit, reminderKindCodes],
    );
    return rows.map(toUnassignedReminder);
  }
}
