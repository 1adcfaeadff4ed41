import type { Pool } from 'pg';
import { errorCode } from './data-errors';

/**
 * How each partition of the projector is doing, for readiness and metrics (ADR 0014): when
 * it last made progress, and since when its batches fail for a reason other than their data
 * (those are isolated per cycle and never block a partition). A partition failing for longer
 * than `stuckAfterMs` is stuck: nothing after it is projected until the cause goes away.
 */
export interface PartitionStatus {
  partition: number;
  lastProgressAt: Date | null;
  failingSince: Date | null;
  stuckSince: Date | null;
  /** A code (SQLSTATE, ECONNREFUSED, error class), never a message. */
  lastError: string | null;
}

/** Where the projector records its partitions' status (a table the API's readiness reads). */
export interface ProjectorStatusStore {
  write(statuses: readonly PartitionStatus[]): Promise<void>;
  /** Cycles of the current read-model generation marked as needing repair. */
  cyclesNeedingRepair(): Promise<number>;
}

export const DEFAULT_STUCK_AFTER_MS = 60_000;

/** In-memory tracking of the partitions this projector owns; the clock is injectable for tests. */
export class PartitionHealth {
  private readonly partitions = new Map<
    number,
    { lastProgressAt: Date | null; failingSince: Date | null; lastError: string | null }
  >();

  constructor(
    private readonly stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** After a rebalance: only these partitions are this projector's (their history is kept). */
  assign(partitions: Iterable<number>): void {
    const owned = new Set(partitions);
    for (const partition of this.partitions.keys()) if (!owned.has(partition)) this.partitions.delete(partition);
    for (const partition of owned) this.entry(partition);
  }

  succeeded(partition: number): void {
    const entry = this.entry(partition);
    entry.lastProgressAt = new Date(this.now());
    entry.failingSince = null;
    entry.lastError = null;
  }

  failed(partition: number, error: unknown): void {
    const entry = this.entry(partition);
    entry.failingSince ??= new Date(this.now());
    entry.lastError = errorCode(error);
  }

  statuses(): PartitionStatus[] {
    const now = this.now();
    return [...this.partitions]
      .sort(([a], [b]) => a - b)
      .map(([partition, entry]) => ({
        partition,
        lastProgressAt: entry.lastProgressAt,
        failingSince: entry.failingSince,
        stuckSince:
          entry.failingSince && now - entry.failingSince.getTime() >= this.stuckAfterMs
            ? new Date(entry.failingSince.getTime() + this.stuckAfterMs)
            : null,
        lastError: entry.lastError,
      }));
  }

  stuckPartitions(): number[] {
    return this.statuses()
      .filter((s) => s.stuckSince !== null)
      .map((s) => s.partition);
  }

  private entry(partition: number) {
    let entry = this.partitions.get(partition);
    if (!entry) {
      entry = { lastProgressAt: null, failingSince: null, lastError: null };
      this.partitions.set(partition, entry);
    }
    return entry;
  }
}

/** The status rows in read_model_control.projector_status, one per consumer group, topic and partition. */
export class PostgresProjectorStatus implements ProjectorStatusStore {
  constructor(
    private readonly pool: Pool,
    private readonly consumerGroup: string,
    private readonly topic: string,
  ) {}

  async write(statuses: readonly PartitionStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    await this.pool.query(
      `INSERT INTO read_model_control.projector_status
         (consumer_group, topic, partition, last_progress_at, failing_since, stuck_since, last_error, updated_at)
       SELECT $1, $2, s.partition, s.last_progress_at, s.failing_since, s.stuck_since, s.last_error, now()
       FROM json_to_recordset($3::json) AS s(partition integer, last_progress_at timestamptz,
         failing_since timestamptz, stuck_since timestamptz, last_error text)
       ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET
         -- A partition that made no progress since this projector started keeps the last known progress.
         last_progress_at = coalesce(EXCLUDED.last_progress_at, projector_status.last_progress_at),
         failing_since = EXCLUDED.failing_since, stuck_since = EXCLUDED.stuck_since,
         last_error = EXCLUDED.last_error, updated_at = now()`,
      [
        this.consumerGroup,
        this.topic,
        JSON.stringify(
          statuses.map((s) => ({
            partition: s.partition,
            last_progress_at: s.lastProgressAt?.toISOString() ?? null,
            failing_since: s.failingSince?.toISOString() ?? null,
            stuck_since: s.stuckSince?.toISOString() ?? null,
            last_error: s.lastError,
          })),
        ),
      ],
    );
  }

  async cyclesNeedingRepair(): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM read_model.projection_positions WHERE repair_since IS NOT NULL',
    );
    return result.rows[0].n;
  }
}
