import type { IntegrationMessage } from '@suivi/contracts';
import type { Pool } from 'pg';
import type { CountryAssignment, CycleRef, DirectoryPerson, Language } from '@suivi/notifications';
import { KINDS_THAT_WAIT_FOR_THE_DIGEST, NOTICE_KINDS } from './notices/kinds';

/** A row's `data` (jsonb): ids, codes, dates, counts and flags; never names or free text. */
export type NotificationData = Readonly<Record<string, unknown>>;

/** One inbox row (api.notifications): ids, codes and dates only. */
export interface NotificationRow {
  /** '<source event id>:<user id>': a redelivered event adds nothing. */
  notificationId: string;
  userId: string;
  /** A NoticeKind (notices/kinds.ts). */
  kind: string;
  cycleId: string;
  country: string;
  actionPointId: string | null;
  sourceEventId: string;
  recipientRole: string;
  unassigned: boolean;
  /** The deadline a reminder is about; null for an event notice. */
  deadline: string | null;
  /** A reminder's due instant; an event notice's event time. */
  dueAt: string;
  data: NotificationData;
}

/** An inbox row whose e-mail is owed now (see emailedAtOnce in notices/kinds.ts), with its addressee. */
export interface OwedEmail extends Omit<NotificationRow, 'dueAt'> {
  email: string;
  language: Language;
  timeZone: string;
  cycleType: string;
}

export interface KnownCycle extends CycleRef {
  timeZone: string;
}

/** What the notifier reads and writes in PostgreSQL (the API's directory and inbox, its own cycles). */
export interface NotifierStore {
  rememberCycle(cycle: KnownCycle, sourceEventId: string): Promise<void>;
  /** Keeps a notice read before its cycle's start until the start is read (once per event id). */
  park(cycleId: string, message: IntegrationMessage): Promise<void>;
  parkedFor(cycleId: string): Promise<IntegrationMessage[]>;
  unpark(eventIds: readonly string[]): Promise<void>;
  cycle(cycleId: string): Promise<KnownCycle | undefined>;
  directoryFor(country: string): Promise<{ people: DirectoryPerson[]; assignments: CountryAssignment[] }>;
  /** Inserts the rows not there yet; returns how many were new. */
  addNotifications(rows: readonly NotificationRow[]): Promise<number>;
  owedEmails(limit: number): Promise<OwedEmail[]>;
  markEmailed(notificationId: string): Promise<void>;
}

export class PostgresNotifierStore implements NotifierStore {
  constructor(private readonly pool: Pool) {}

  async rememberCycle(cycle: KnownCycle, sourceEventId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO notifier.cycles (cycle_id, cycle_type, country, time_zone, source_event_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cycle_id) DO NOTHING`,
      [cycle.cycleId, cycle.cycleType, cycle.country.toUpperCase(), cycle.timeZone, sourceEventId],
    );
  }

  async park(cycleId: string, message: IntegrationMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO notifier.parked_events (event_id, cycle_id, message) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [message.cloudEvent.id, cycleId, JSON.stringify(message)],
    );
  }

  async parkedFor(cycleId: string): Promise<IntegrationMessage[]> {
    const { rows } = await this.pool.query<{ message: IntegrationMessage }>(
      'SELECT message FROM notifier.parked_events WHERE cycle_id = $1 ORDER BY parked_at, event_id',
      [cycleId],
    );
    return rows.map((r) => r.message);
  }

  async unpark(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.pool.query('DELETE FROM notifier.parked_events WHERE event_id = ANY($1::text[])', [eventIds]);
  }

  async cycle(cycleId: string): Promise<KnownCycle | undefined> {
    const { rows } = await this.pool.query<{ cycle_type: string; country: string; time_zone: string }>(
      'SELECT cycle_type, country, time_zone FROM notifier.cycles WHERE cycle_id = $1',
      [cycleId],
    );
    const row = rows[0];
    return (
      row && {
        cycleId,
        cycleType: row.cycle_type as KnownCycle['cycleType'],
        country: row.country,
        timeZone: row.time_zone,
      }
    );
  }

  async directoryFor(country: string): Promise<{ people: DirectoryPerson[]; assignments: CountryAssignment[] }> {
    // The country's assignments and everyone who could stand in (its assignees and every reviewer).
    const assignments = await this.pool.query<{
      country: string;
      assignment: CountryAssignment['assignment'];
      user_id: string;
    }>('SELECT country, assignment, user_id FROM api.country_assignments WHERE country = $1', [country.toUpperCase()]);
    const people = await this.pool.query<{ user_id: string; role: string; countries: string[] }>(
      `SELECT user_id, role, countries FROM api.people
        WHERE role = 'reviewer' OR user_id = ANY($1::text[])`,
      [assignments.rows.map((a) => a.user_id)],
    );
    return {
      assignments: assignments.rows.map((a) => ({ country: a.country, assignment: a.assignment, userId: a.user_id })),
      people: people.rows.map((p) => ({ userId: p.user_id, role: p.role, countries: p.countries })),
    };
  }

  async addNotifications(rows: readonly NotificationRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `INSERT INTO api.notifications (notification_id, user_id, kind, cycle_id, country, action_point_id,
         source_event_id, recipient_role, unassigned, deadline, due_at, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::boolean[], $10::date[], $11::timestamptz[], $12::jsonb[])
       ON CONFLICT (notification_id) DO NOTHING`,
      [
        rows.map((r) => r.notificationId),
        rows.map((r) => r.userId),
        rows.map((r) => r.kind),
        rows.map((r) => r.cycleId),
        rows.map((r) => r.country),
        rows.map((r) => r.actionPointId),
        rows.map((r) => r.sourceEventId),
        rows.map((r) => r.recipientRole),
        rows.map((r) => r.unassigned),
        rows.map((r) => r.deadline),
        rows.map((r) => r.dueAt),
        rows.map((r) => JSON.stringify(r.data)),
      ],
    );
    return rowCount ?? 0;
  }

  async owedEmails(limit: number): Promise<OwedEmail[]> {
    const { rows } = await this.pool.query<{
      notification_id: string;
      user_id: string;
      kind: string;
      cycle_id: string;
      country: string;
      action_point_id: string | null;
      source_event_id: string;
      recipient_role: string;
      unassigned: boolean;
      deadline: string | null;
      data: NotificationData;
      email: string;
      language: Language;
      time_zone: string;
      cycle_type: string;
    }>(
      `SELECT n.notification_id, n.user_id, n.kind, n.cycle_id, n.country, n.action_point_id, n.source_event_id,
              n.recipient_role, n.unassigned, to_char(n.deadline, 'YYYY-MM-DD') AS deadline, n.data,
              p.email, p.language, p.time_zone, c.cycle_type
         FROM api.notifications n
         JOIN api.people p ON p.user_id = n.user_id
         JOIN notifier.cycles c ON c.cycle_id = n.cycle_id
        WHERE n.emailed_at IS NULL AND p.email IS NOT NULL
          -- Kinds this mailer composes: a row it could not compose would come back every round.
          AND n.kind = ANY($2::text[])
          -- 'none': the inbox only. 'digest': the reminders before and on the deadline wait for
          -- the daily digest; escalations and event notices go at once (notices/kinds.ts).
          AND p.delivery <> 'none'
          AND (p.delivery = 'immediate' OR n.kind <> ALL($3::text[]))
          -- A week-old notification is no news by e-mail (a person who turns 'immediate' on
          -- would otherwise receive every reminder that waited for the digest); it stays in the inbox.
          AND n.created_at > now() - interval '7 days'
        ORDER BY n.created_at, n.notification_id
        LIMIT $1`,
      [limit, NOTICE_KINDS, KINDS_THAT_WAIT_FOR_THE_DIGEST],
    );
    return rows.map((r) => ({
      notificationId: r.notification_id,
      userId: r.user_id,
      kind: r.kind,
      cycleId: r.cycle_id,
      country: r.country,
      actionPointId: r.action_point_id,
      sourceEventId: r.source_event_id,
      recipientRole: r.recipient_role,
      unassigned: r.unassigned,
      deadline: r.deadline,
      data: r.data,
      email: r.email,
      language: r.language,
      timeZone: r.time_zone,
      cycleType: r.cycle_type,
    }));
  }

  async markEmailed(notificationId: string): Promise<void> {
    await this.pool.query('UPDATE api.notifications SET emailed_at = now() WHERE notification_id = $1', [
      notificationId,
    ]);
  }
}
