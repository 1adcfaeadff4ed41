import type { Pool } from 'pg';
import type { ActionPointOwner, ActionPointStatus, CycleType, LocalDate } from '@suivi/domain';
import type { CountryAssignment, Digest, DirectoryPerson, Language, OpenActionPoint } from '@suivi/notifications';

/** A person who takes the daily digest: an e-mail address, e-mail not turned off, the digest on. */
export interface DigestReader {
  userId: string;
  email: string;
  language: Language;
  timeZone: string;
}

/** What a digest run knows of one person's digest for one local date. */
export interface StoredDigest {
  digest: Digest;
  emailed: boolean;
}

/** What the digest reads and writes in PostgreSQL. */
export interface DigestStore {
  /** The zones of everyone who takes the digest: one schedule each. */
  digestZones(): Promise<string[]>;
  digestReaders(timeZone: string): Promise<DigestReader[]>;
  /** Everyone an action point's digest line may go to: every assignment, its people and the reviewers. */
  directory(): Promise<{ people: DirectoryPerson[]; assignments: CountryAssignment[] }>;
  /** Chased action points of open cycles due on or before `until` (read model; ids, codes, dates). */
  openActionPoints(until: LocalDate): Promise<OpenActionPoint[]>;
  storedDigests(userIds: readonly string[], localDate: LocalDate): Promise<Map<string, StoredDigest>>;
  /** Records the digest composed for a person and date unless one is there already; returns the one kept. */
  keepDigest(digest: Digest, timeZone: string): Promise<StoredDigest>;
  markDigestEmailed(userId: string, localDate: LocalDate): Promise<void>;
}

export class PostgresDigestStore implements DigestStore {
  constructor(private readonly pool: Pool) {}

  private static readonly readers = `
    FROM api.people
   WHERE email IS NOT NULL AND delivery <> 'none' AND daily_digest`;

  async digestZones(): Promise<string[]> {
    const { rows } = await this.pool.query<{ time_zone: string }>(
      `SELECT DISTINCT time_zone ${PostgresDigestStore.readers} ORDER BY time_zone`,
    );
    return rows.map((r) => r.time_zone);
  }

  async digestReaders(timeZone: string): Promise<DigestReader[]> {
    const { rows } = await this.pool.query<{ user_id: string; email: string; language: Language }>(
      `SELECT user_id, email, language ${PostgresDigestStore.readers} AND time_zone = $1 ORDER BY user_id`,
      [timeZone],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.email, language: r.language, timeZone }));
  }

  async directory(): Promise<{ people: DirectoryPerson[]; assignments: CountryAssignment[] }> {
    const [assignments, people] = await Promise.all([
      this.pool.query<{ country: string; assignment: CountryAssignment['assignment']; user_id: string }>(
        'SELECT country, assignment, user_id FROM api.country_assignments',
      ),
      this.pool.query<{ user_id: string; role: string; countries: string[] }>(
        `SELECT user_id, role, countries FROM api.people
          WHERE role = 'reviewer' OR user_id IN (SELECT user_id FROM api.country_assignments)`,
      ),
    ]);
    return {
      assignments: assignments.rows.map((a) => ({ country: a.country, assignment: a.assignment, userId: a.user_id })),
      people: people.rows.map((p) => ({ userId: p.user_id, role: p.role, countries: p.countries })),
    };
  }

  async openActionPoints(until: LocalDate): Promise<OpenActionPoint[]> {
    const { rows } = await this.pool.query<{
      cycle_id: string;
      cycle_type: CycleType;
      country: string;
      action_point_id: string;
      owner: ActionPointOwner;
      deadline: LocalDate;
      status: ActionPointStatus;
      themes: string[];
      case_ref: string | null;
    }>(
      `SELECT ap.cycle_id, c.cycle_type, c.country, ap.action_point_id, ap.owner,
              to_char(ap.deadline, 'YYYY-MM-DD') AS deadline, ap.status, ap.themes, ap.case_ref
         FROM read_model.action_points ap
         JOIN read_model.cycles c ON c.cycle_id = ap.cycle_id
        WHERE ap.status IN ('AGREED', 'IN_PROGRESS') AND c.status = 'ACTIVE' AND ap.deadline <= $1::date`,
      [until],
    );
    return rows.map((r) => ({
      cycle: { cycleId: r.cycle_id, cycleType: r.cycle_type, country: r.country },
      actionPointId: r.action_point_id,
      owner: r.owner,
      deadline: r.deadline,
      status: r.status,
      themes: r.themes,
      ...(r.case_ref ? { caseRef: r.case_ref } : {}),
    }));
  }

  async storedDigests(userIds: readonly string[], localDate: LocalDate): Promise<Map<string, StoredDigest>> {
    const { rows } = await this.pool.query<{ user_id: string; digest: Digest; emailed: boolean }>(
      `SELECT user_id, digest, emailed_at IS NOT NULL AS emailed FROM notifier.digests
        WHERE local_date = $1::date AND user_id = ANY($2::text[])`,
      [localDate, userIds],
    );
    return new Map(rows.map((r) => [r.user_id, { digest: r.digest, emailed: r.emailed }]));
  }

  async keepDigest(digest: Digest, timeZone: string): Promise<StoredDigest> {
    const count = digest.counts.overdue + digest.counts.dueToday + digest.counts.dueSoon;
    // Another run may have kept one first (a retried activity, a second notifier): theirs wins.
    const { rows } = await this.pool.query<{ digest: Digest; emailed: boolean }>(
      `WITH kept AS (
         INSERT INTO notifier.digests (user_id, local_date, time_zone, digest, item_count)
         VALUES ($1, $2::date, $3, $4::jsonb, $5)
         ON CONFLICT (user_id, local_date) DO NOTHING
         RETURNING digest, false AS emailed)
       SELECT * FROM kept
       UNION ALL
       SELECT digest, emailed_at IS NOT NULL FROM notifier.digests
        WHERE user_id = $1 AND local_date = $2::date AND NOT EXISTS (SELECT 1 FROM kept)`,
      [digest.userId, digest.localDate, timeZone, JSON.stringify(digest), count],
    );
    const row = rows[0];
    if (!row) throw new Error(`digest of ${digest.localDate} neither kept nor found`);
    return { digest: row.digest, emailed: row.emailed };
  }

  async markDigestEmailed(userId: string, localDate: LocalDate): Promise<void> {
    await this.pool.query(
      'UPDATE notifier.digests SET emailed_at = now() WHERE user_id = $1 AND local_date = $2::date AND emailed_at IS NULL',
      [userId, localDate],
    );
  }
}
